import { useState } from 'react';
import { get } from '../api/client';
import type { Page, WorkflowDef } from '../api/types';
import { Loading, Problem, useLoad } from '../components/common';
import { href } from '../router';

/** The workflows, searched by the API (q), a page at a time. */
export function Workflows() {
  const [q, setQ] = useState('');
  const [cursor, setCursor] = useState<string>();
  const [search, setSearch] = useState('');
  const page = useLoad((signal) => get<{ workflows: WorkflowDef[]; page: Page }>(
    `/workflows?limit=50${search ? `&q=${encodeURIComponent(search)}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, signal),
  [search, cursor]);
  return (
    <>
      <h1>Workflows</h1>
      <form className="toolbar" role="search" onSubmit={(e) => { e.preventDefault(); setCursor(undefined); setSearch(q.trim()); }}>
        <label htmlFor="workflow-search" className="visually-hidden">Search workflows</label>
        <input id="workflow-search" type="search" placeholder="Search by id or description" value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      <Problem error={page.error} />
      {page.loading && !page.data ? <Loading what="workflows" /> : (
        <table className="list">
          <thead><tr><th>Workflow</th><th>Version</th><th>Description</th><th>Tasks</th></tr></thead>
          <tbody>
            {page.data?.workflows.map((w) => (
              <tr key={w.id}>
                <td><a href={href('workflows', w.id)}>{w.id}</a></td>
                <td>{w.version ?? '–'}</td>
                <td>{w.description ?? ''}</td>
                <td>{w.tasks?.length ?? 0}</td>
              </tr>
            ))}
            {page.data?.workflows.length === 0 && <tr><td colSpan={4} className="muted">No workflows{search ? ` match “${search}”` : ''}.</td></tr>}
          </tbody>
        </table>
      )}
      {page.data?.page.next_cursor && <button className="secondary" onClick={() => setCursor(page.data!.page.next_cursor!)}>Next page</button>}
    </>
  );
}
