import { useEffect, useRef, useState, type FormEvent } from 'react';
import { follow, get, post, type StreamEvent } from '../api/client';
import { FINISHED, type ExecutionTimeline, type ExecutionView, type Json, type TaskDef, type WorkflowDef } from '../api/types';
import { JsonBlock, Loading, Problem, Section, Status, Time, duration, useLoad } from '../components/common';
import { TaskGraph } from '../components/TaskGraph';
import { href } from '../router';
import { useCan } from '../session';

interface Logged {
  at: string;
  event: string;
  text: string;
}

/**
 * One execution, live: the stream's events refresh its status, tasks and timeline as they happen;
 * the buttons are the actions the API says its status allows (for keys that may write).
 */
export function Execution({ id, tracesUrl }: { id: string; tracesUrl?: string }) {
  const canWrite = useCan('write');
  const [view, setView] = useState<ExecutionView>();
  const [timeline, setTimeline] = useState<ExecutionTimeline>();
  const [error, setError] = useState<unknown>();
  const [events, setEvents] = useState<Logged[]>([]);
  const [selected, setSelected] = useState<string>();
  const refreshing = useRef<number | undefined>(undefined);
  const workflowId = view?.workflow_id;
  const workflow = useLoad((signal) => workflowId ? get<WorkflowDef>(`/workflows/${encodeURIComponent(workflowId)}`, signal)
    : Promise.resolve(undefined), [workflowId]);

  const refresh = async () => {
    try {
      const [v, t] = await Promise.all([
        get<ExecutionView>(`/executions/workflows/${encodeURIComponent(id)}`),
        get<ExecutionTimeline>(`/executions/workflows/${encodeURIComponent(id)}/timeline`),
      ]);
      setView(v);
      setTimeline(t);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    setView(undefined);
    setEvents([]);
    const abort = new AbortController();
    refresh();
    const onEvent = (e: StreamEvent) => {
      if (e.event === 'llm_chunk') return;
      const data = e.data as Record<string, Json>;
      const text = [data?.task_id, data?.status].filter(Boolean).join(' ');
      setEvents((list) => [...list.slice(-199), { at: String(data?.at ?? new Date().toISOString()), event: e.event, text }]);
      // a burst of events is one refresh
      if (refreshing.current === undefined) {
        refreshing.current = window.setTimeout(() => {
          refreshing.current = undefined;
          refresh();
        }, 150);
      }
    };
    follow(`/executions/workflows/${encodeURIComponent(id)}/stream`, onEvent, abort.signal).then(() => refresh(), setError);
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  if (!view) return error ? <><h1>{id}</h1><Problem error={error} /></> : <Loading what={`execution ${id}`} />;
  const waiting = Object.entries(view.tasks ?? {}).filter(([, t]) => t.status === 'waiting').map(([taskId]) => taskId);
  const defs = flatten(workflow.data?.tasks ?? []);
  // a state's key is the task's path (parent/child); its definition is found by the last id
  const defOf = (path: string) => defs.get(path.split('/').pop() ?? path);
  const waitsFor = waiting.map((taskId) => ({ taskId, signal: defOf(taskId)?.wait_for, condition: defOf(taskId)?.condition }));
  const task = selected ? view.tasks?.[selected] : undefined;
  return (
    <>
      <h1>
        <span className="mono">{view.exec_id}</span> <Status status={view.status} />
      </h1>
      <p className="meta">
        Workflow <a href={href('workflows', view.workflow_id)}>{view.workflow_id}</a> · started <Time at={view.created_at} />
        {view.ended_at && <> · ended <Time at={view.ended_at} /> ({duration(Date.parse(view.ended_at) - Date.parse(view.created_at))})</>}
        {view.trace_id && tracesUrl && <> · <a href={tracesUrl.replace('{trace_id}', view.trace_id)} target="_blank" rel="noreferrer">trace</a></>}
      </p>
      <Problem error={error} />
      {waitsFor.length > 0 && (
        <div className="notice" role="status">
          Waiting: {waitsFor.map((w) => (
            <span key={w.taskId}>task <strong>{w.taskId}</strong>{w.signal ? <> for signal <code>{w.signal}</code></> : ''}
              {w.condition ? <> where <code>{w.condition}</code></> : ''}. </span>
          ))}
        </div>
      )}
      {canWrite && <Actions view={view} suggestedSignal={waitsFor.find((w) => w.signal)?.signal} onDone={refresh} />}
      <div className="columns">
        <Section title="Tasks">
          <TaskGraph tasks={workflow.data?.tasks ?? []} states={view.tasks} onSelect={setSelected} />
          {!workflow.data && <TaskList view={view} onSelect={setSelected} />}
        </Section>
        <div>
          {selected && (
            <Section title={`Task ${selected}`} actions={<button className="link" onClick={() => setSelected(undefined)}>Close</button>}>
              {task ? (
                <dl className="facts">
                  <dt>Status</dt><dd><Status status={task.status} /> {task.attempts ? `attempt ${task.attempts}` : ''}</dd>
                  <dt>Started</dt><dd><Time at={task.started_at} /></dd>
                  <dt>Ended</dt><dd><Time at={task.ended_at} /></dd>
                  <dt>Input</dt><dd><JsonBlock value={task.input} label="Task input" /></dd>
                  <dt>Output</dt><dd><JsonBlock value={task.output} label="Task output" /></dd>
                  {task.error !== undefined && task.error !== null && <><dt>Error</dt><dd><JsonBlock value={task.error} label="Task error" /></dd></>}
                </dl>
              ) : <p className="muted">Not reached yet.</p>}
            </Section>
          )}
          <Section title="Input"><JsonBlock value={view.input} label="Execution input" /></Section>
          <Section title="Output"><JsonBlock value={view.output} label="Execution output" /></Section>
          {view.error !== undefined && view.error !== null && <Section title="Error"><JsonBlock value={view.error} label="Execution error" /></Section>}
        </div>
      </div>
      {timeline && <Timeline timeline={timeline} />}
      <Section title="Events">
        <ol className="events" aria-live="polite" aria-label="Events">
          {events.map((e, i) => <li key={i}><Time at={e.at} /> <code>{e.event}</code> {e.text}</li>)}
          {events.length === 0 && <li className="muted">{FINISHED.has(view.status) ? 'The execution had ended when this page opened.' : 'Listening…'}</li>}
        </ol>
      </Section>
    </>
  );
}

function flatten(tasks: TaskDef[], into = new Map<string, TaskDef>(), depth = 0): Map<string, TaskDef> {
  if (depth > 20) return into;
  for (const t of tasks) {
    into.set(t.id, t);
    if (Array.isArray(t.tasks)) flatten(t.tasks, into, depth + 1);
    if (t.task && typeof t.task === 'object') flatten([t.task], into, depth + 1);
  }
  return into;
}

function TaskList({ view, onSelect }: { view: ExecutionView; onSelect: (id: string) => void }) {
  return (
    <ul className="plain">
      {Object.entries(view.tasks ?? {}).map(([taskId, t]) => (
        <li key={taskId}><button className="link" onClick={() => onSelect(taskId)}>{taskId}</button> <Status status={t.status} /></li>
      ))}
    </ul>
  );
}

function Actions({ view, suggestedSignal, onDone }: { view: ExecutionView; suggestedSignal?: string; onDone: () => void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [signal, setSignal] = useState(suggestedSignal ?? '');
  const [payload, setPayload] = useState('{}');
  useEffect(() => {
    if (suggestedSignal) setSignal((s) => s || suggestedSignal);
  }, [suggestedSignal]);
  const actions = view.actions ?? [];
  const act = async (action: string, body?: unknown) => {
    setBusy(true);
    setError(undefined);
    try {
      await post(`/executions/workflows/${encodeURIComponent(view.exec_id)}/${action}`, body);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const send = (e: FormEvent) => {
    e.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      setError(new Error('the payload is not valid JSON'));
      return;
    }
    act('signals', { signal_name: signal, payload: parsed });
  };
  if (actions.length === 0) return null;
  return (
    <div className="actions">
      <div className="buttons">
        {actions.includes('cancel') && <button className="danger" disabled={busy} onClick={() => confirm('Cancel this execution?') && act('cancel')}>Cancel</button>}
        {actions.includes('pause') && <button className="secondary" disabled={busy} onClick={() => act('pause')}>Pause</button>}
        {actions.includes('resume') && <button disabled={busy} onClick={() => act('resume')}>Resume</button>}
      </div>
      {actions.includes('signal') && (
        <form className="signal" onSubmit={send} aria-label="Send a signal">
          <label className="field">Signal <input name="signal_name" required value={signal} onChange={(e) => setSignal(e.target.value)} /></label>
          <label className="field">Payload (JSON) <textarea name="payload" rows={2} value={payload} spellCheck={false} onChange={(e) => setPayload(e.target.value)} /></label>
          <button type="submit" disabled={busy || !signal}>Send signal</button>
        </form>
      )}
      <Problem error={error} />
    </div>
  );
}

function Timeline({ timeline }: { timeline: ExecutionTimeline }) {
  const start = Date.parse(timeline.created_at);
  const ends = timeline.tasks.map((t) => Date.parse(t.ended_at ?? '') || Date.now());
  const end = Math.max(Date.parse(timeline.ended_at ?? '') || 0, ...ends, start + 1);
  const pct = (at: number) => `${(((at - start) / (end - start)) * 100).toFixed(2)}%`;
  return (
    <Section title={`Timeline${timeline.duration_ms !== undefined ? ` · ${duration(timeline.duration_ms)}` : ''}`}>
      <table className="timeline">
        <thead><tr><th>Task</th><th>Status</th><th>Took</th><th className="bar-col">Where the time went</th></tr></thead>
        <tbody>
          {timeline.tasks.map((t) => {
            const from = Date.parse(t.started_at ?? '') || start;
            const to = Date.parse(t.ended_at ?? '') || Date.now();
            const waited = (t.runs ?? []).reduce((n, r) => n + (r.waited_ms ?? 0), 0);
            const workers = [...new Set((t.runs ?? []).map((r) => r.worker).filter(Boolean))].join(', ');
            return (
              <tr key={t.task_id}>
                <td>{t.task_id}{(t.attempts ?? 0) > 1 && <small className="muted"> ×{t.attempts}</small>}</td>
                <td><Status status={t.status} /></td>
                <td title={workers ? `ran on ${workers}${waited ? `, queued ${waited} ms` : ''}` : undefined}>{duration(t.duration_ms)}</td>
                <td className="bar-col">
                  <div className="bar-track">
                    <div className={`bar status-${t.status}`} style={{ left: pct(from), width: `max(2px, calc(${pct(to)} - ${pct(from)}))` }} />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}
