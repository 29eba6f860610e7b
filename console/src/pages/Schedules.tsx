import { useState } from 'react';
import { call, get } from '../api/client';
import type { Schedule } from '../api/types';
import { Loading, Problem, Status, Time, useLoad } from '../components/common';
import { href } from '../router';
import { useCan } from '../session';

/** The scheduled workflows: next and last runs; write keys enable, disable and change the cron (an override until the project changes). */
export function Schedules() {
  const canWrite = useCan('write');
  const list = useLoad((signal) => get<{ schedules: Schedule[] }>('/schedules', signal), []);
  return (
    <>
      <h1>Schedules</h1>
      <Problem error={list.error} />
      {list.loading && !list.data ? <Loading what="schedules" /> : (
        <table className="list">
          <thead><tr><th>Workflow</th><th>Cron</th><th>Enabled</th><th>Next run</th><th>Last run</th>{canWrite && <th />}</tr></thead>
          <tbody>
            {list.data?.schedules.map((s) => <Row key={s.workflow_id} schedule={s} canWrite={canWrite} onChanged={list.reload} />)}
            {list.data?.schedules.length === 0 && <tr><td colSpan={6} className="muted">No workflow has a schedule.</td></tr>}
          </tbody>
        </table>
      )}
    </>
  );
}

function Row({ schedule: s, canWrite, onChanged }: { schedule: Schedule; canWrite: boolean; onChanged: () => void }) {
  const [cron, setCron] = useState(s.cron);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>();
  const patch = async (body: Partial<Schedule>) => {
    setError(undefined);
    try {
      await call('PATCH', `/schedules/${encodeURIComponent(s.workflow_id)}`, body);
      setEditing(false);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <tr>
      <td><a href={href('workflows', s.workflow_id)}>{s.workflow_id}</a>{s.is_override && <small className="muted"> (overridden)</small>}</td>
      <td>
        {editing ? (
          <form onSubmit={(e) => { e.preventDefault(); patch({ cron }); }} className="inline">
            <label className="visually-hidden" htmlFor={`cron-${s.workflow_id}`}>Cron of {s.workflow_id}</label>
            <input id={`cron-${s.workflow_id}`} value={cron} onChange={(e) => setCron(e.target.value)} />
            <button type="submit">Save</button>
            <button type="button" className="link" onClick={() => setEditing(false)}>Cancel</button>
          </form>
        ) : <code>{s.cron}</code>}
        {s.timezone && <small className="muted"> {s.timezone}</small>}
        <Problem error={error} />
      </td>
      <td>{s.enabled ? 'yes' : 'no'}</td>
      <td><Time at={s.enabled ? s.next_run_time : undefined} /></td>
      <td>{s.last_exec_id ? <><a href={href('executions', s.last_exec_id)}><Time at={s.last_run_time} /></a> {s.last_run_status && <Status status={s.last_run_status} />}</> : <Time />}</td>
      {canWrite && (
        <td className="buttons">
          <button className="secondary" onClick={() => patch({ enabled: !s.enabled })}>{s.enabled ? 'Disable' : 'Enable'}</button>
          {!editing && <button className="secondary" onClick={() => setEditing(true)}>Change cron</button>}
        </td>
      )}
    </tr>
  );
}
