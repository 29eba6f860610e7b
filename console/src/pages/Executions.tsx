import { useState, type FormEvent } from 'react';
import { get } from '../api/client';
import type { ExecutionSummary, Page } from '../api/types';
import { Loading, Problem, Status, Time, duration, useLoad } from '../components/common';
import { go, href, withQuery } from '../router';

const STATUSES = ['pending', 'running', 'waiting', 'paused', 'success', 'failed', 'timed_out', 'canceled'];

/** Workflow executions with the API's filters (workflow, status, time range) and its cursor paging; the filters are in the link. */
export function Executions({ query }: { query: URLSearchParams }) {
  const filters = {
    workflow_id: query.get('workflow_id') ?? undefined,
    status: query.get('status') ?? undefined,
    created_after: query.get('created_after') ?? undefined,
    created_before: query.get('created_before') ?? undefined,
    cursor: query.get('cursor') ?? undefined,
  };
  const key = JSON.stringify(filters);
  const page = useLoad((signal) => {
    const q = new URLSearchParams({ limit: '25' });
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, k.startsWith('created_') ? new Date(v).toISOString() : v);
    return get<{ executions: ExecutionSummary[]; page: Page }>(`/executions/workflows?${q}`, signal);
  }, [key]);
  const [draft, setDraft] = useState(filters);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    go(withQuery(href('executions'), { ...draft, cursor: undefined }));
  };
  return (
    <>
      <h1>Executions</h1>
      <form className="toolbar filters" onSubmit={apply} aria-label="Filters">
        <label>Workflow <input name="workflow_id" value={draft.workflow_id ?? ''} onChange={(e) => setDraft({ ...draft, workflow_id: e.target.value || undefined })} /></label>
        <label>Status
          <select name="status" value={draft.status ?? ''} onChange={(e) => setDraft({ ...draft, status: e.target.value || undefined })}>
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s}>{s}</option>)}
          </select>
        </label>
        <label>From <input type="datetime-local" name="created_after" value={draft.created_after ?? ''} onChange={(e) => setDraft({ ...draft, created_after: e.target.value || undefined })} /></label>
        <label>To <input type="datetime-local" name="created_before" value={draft.created_before ?? ''} onChange={(e) => setDraft({ ...draft, created_before: e.target.value || undefined })} /></label>
        <button type="submit">Apply</button>
      </form>
      <Problem error={page.error} />
      {page.loading && !page.data ? <Loading what="executions" /> : (
        <table className="list">
          <thead><tr><th>Execution</th><th>Workflow</th><th>Status</th><th>Started</th><th>Took</th></tr></thead>
          <tbody>
            {page.data?.executions.map((e) => (
              <tr key={e.exec_id}>
                <td><a href={href('executions', e.exec_id)}>{e.exec_id}</a></td>
                <td><a href={href('workflows', e.workflow_id)}>{e.workflow_id}</a></td>
                <td><Status status={e.status} /></td>
                <td><Time at={e.created_at} /></td>
                <td>{e.ended_at ? duration(Date.parse(e.ended_at) - Date.parse(e.created_at)) : '–'}</td>
              </tr>
            ))}
            {page.data?.executions.length === 0 && <tr><td colSpan={5} className="muted">No executions match.</td></tr>}
          </tbody>
        </table>
      )}
      <div className="buttons">
        {page.data?.page.prev_cursor && <a className="button secondary" href={withQuery(href('executions'), { ...filters, cursor: page.data.page.prev_cursor })}>Previous</a>}
        {page.data?.page.next_cursor && <a className="button secondary" href={withQuery(href('executions'), { ...filters, cursor: page.data.page.next_cursor })}>Next</a>}
      </div>
    </>
  );
}
