import { get } from '../api/client';
import type { ExecutionSummary, Page, WorkflowDef } from '../api/types';
import { JsonBlock, Loading, Problem, Section, Status, Time, toYaml, useLoad } from '../components/common';
import { RunForm } from '../components/RunForm';
import { TaskGraph } from '../components/TaskGraph';
import { href, withQuery } from '../router';
import { useCan } from '../session';

/** A workflow: its tasks as a graph, its input schema, a Run form (write keys), its YAML and latest runs. */
export function Workflow({ id }: { id: string }) {
  const canRun = useCan('write');
  const workflow = useLoad((signal) => get<WorkflowDef>(`/workflows/${encodeURIComponent(id)}`, signal), [id]);
  const runs = useLoad((signal) => get<{ executions: ExecutionSummary[]; page: Page }>(
    `/executions/workflows?workflow_id=${encodeURIComponent(id)}&limit=10`, signal), [id]);
  if (workflow.error) return <><h1>{id}</h1><Problem error={workflow.error} /></>;
  if (!workflow.data) return <Loading what={`workflow ${id}`} />;
  const w = workflow.data;
  const schema = typeof w.config?.input === 'object' ? w.config.input : undefined;
  return (
    <>
      <h1>{w.id} <small className="muted">{w.version}</small></h1>
      {w.description && <p>{w.description}</p>}
      <div className="columns">
        <Section title="Tasks">
          <TaskGraph tasks={w.tasks ?? []} />
        </Section>
        <div>
          {canRun && (
            <Section title="Run">
              <RunForm workflowId={w.id} schema={schema} />
            </Section>
          )}
          <Section title="Input schema">
            <JsonBlock value={(schema ?? null) as never} label="Input schema" />
          </Section>
          <Section title="Latest executions" actions={<a href={withQuery(href('executions'), { workflow_id: w.id })}>All</a>}>
            <Problem error={runs.error} />
            <ul className="plain">
              {runs.data?.executions.map((e) => (
                <li key={e.exec_id}><a href={href('executions', e.exec_id)}>{e.exec_id}</a> <Status status={e.status} /> <Time at={e.created_at} /></li>
              ))}
              {runs.data?.executions.length === 0 && <li className="muted">Not run yet.</li>}
            </ul>
          </Section>
        </div>
      </div>
      <Section title="YAML">
        <pre className="code" aria-label="Workflow YAML">{toYaml(w).trimStart()}</pre>
      </Section>
    </>
  );
}
