import type { TaskDef, TaskView } from '../api/types';

// A workflow's tasks as a graph: the sequence top to bottom, on_success / on_error jumps and a
// router's routes as labelled edges to their targets, parallel and collection children side by
// side inside their parent, nested to any depth (drawn up to MAX_DEPTH, as the API bounds it too).

const MAX_DEPTH = 20;

interface Shown {
  /** Task states by id, on an execution's page: each box shows its status. */
  states?: Record<string, TaskView>;
  /** Called with a task's id when its box is chosen. */
  onSelect?: (taskId: string) => void;
}

interface Props extends Shown {
  tasks: TaskDef[];
}

export function TaskGraph({ tasks, states, onSelect }: Props) {
  return (
    <div className="graph" role="group" aria-label="Tasks">
      <Sequence tasks={tasks} states={states} onSelect={onSelect} depth={0} parent="" />
    </div>
  );
}

/** A task's path, as the engine keys its state: a child of a parallel or composite task is {@code parent/child}. */
const pathOf = (parent: string, id: string) => (parent ? `${parent}/${id}` : id);

function Sequence({ tasks, states, onSelect, depth, parent }: Props & { depth: number; parent: string }) {
  return (
    <ol className="sequence">
      {tasks.map((task, i) => (
        <li key={task.id ?? i} className="step">
          <Node task={task} states={states} onSelect={onSelect} depth={depth} path={pathOf(parent, task.id)} />
          {i < tasks.length - 1 && !task.on_success?.next && <span className="arrow" aria-hidden="true">↓</span>}
        </li>
      ))}
    </ol>
  );
}

function kindOf(task: TaskDef): string {
  if (task.type) return task.type;
  if (task.tool) return 'tool';
  if (task.agent) return 'agent';
  return 'basic';
}

function children(task: TaskDef): TaskDef[] {
  if (Array.isArray(task.tasks)) return task.tasks;
  if (task.task && typeof task.task === 'object') return [task.task];
  return [];
}

function Node({ task, states, onSelect, depth, path }: Shown & { task: TaskDef; depth: number; path: string }) {
  const state = states?.[path];
  const items = kindOf(task) === 'collection' && states ? itemStates(states, path) : [];
  const type = kindOf(task);
  const inner = children(task);
  const routes: [string, string | TaskDef][] = task.routes ? Object.entries(task.routes) : [];
  if (typeof task.default === 'string') routes.push(['default', task.default]);
  const label = task.tool ? `tool ${task.tool}` : typeof task.agent === 'string' ? `agent ${task.agent}`
    : task.agent?.id ? `agent ${task.agent.id}` : '';
  return (
    <div className={`node node-${type}${state ? ` is-${state.status}` : ''}`} id={`task-${task.id}`}>
      <button type="button" className="node-head" onClick={() => onSelect?.(path)}>
        <span className="node-id">{task.id}</span>
        <span className="node-type">{type}{task.strategy ? ` · ${task.strategy}` : ''}</span>
        {label && <span className="node-label">{label}</span>}
        {state && <span className={`status status-${state.status}`}>{state.status}{(state.attempts ?? 0) > 1 ? ` ×${state.attempts}` : ''}</span>}
      </button>
      {items.length > 0 && (
        <div className="edge">{items.length} items: {Object.entries(count(items)).map(([status, n]) => `${n} ${status}`).join(', ')}</div>
      )}
      {task.wait_for && <div className="edge">waits for signal <code>{task.wait_for}</code></div>}
      {task.on_success?.next && <div className="edge edge-success">on success → <a href={`#task-${task.on_success.next}`} onClick={jump(task.on_success.next)}>{task.on_success.next}</a></div>}
      {task.on_error?.next && <div className="edge edge-error">on error → <a href={`#task-${task.on_error.next}`} onClick={jump(task.on_error.next)}>{task.on_error.next}</a></div>}
      {routes.length > 0 && (
        <ul className="routes" aria-label="Routes">
          {routes.map(([when, target]) => (
            <li key={when} className="edge">
              <code>{when}</code> →{' '}
              {typeof target === 'string'
                ? <a href={`#task-${target}`} onClick={jump(target)}>{target}</a>
                : depth < MAX_DEPTH ? <Node task={target} states={states} onSelect={onSelect} depth={depth + 1} path={pathOf(path, target.id)} /> : '…'}
            </li>
          ))}
        </ul>
      )}
      {inner.length > 0 && (depth < MAX_DEPTH
        ? <div className={type === 'parallel' || type === 'collection' ? 'children side' : 'children'}>
            {type === 'parallel' || type === 'collection'
              ? inner.map((t, i) => <Node key={t.id ?? i} task={t} states={states} onSelect={onSelect} depth={depth + 1} path={pathOf(path, t.id)} />)
              : <Sequence tasks={inner} states={states} onSelect={onSelect} depth={depth + 1} parent={path} />}
          </div>
        : <div className="muted">… nested deeper than {MAX_DEPTH}</div>)}
    </div>
  );
}

/** The states of a collection's items: {@code path[0]}, {@code path[1]}, … */
function itemStates(states: Record<string, TaskView>, path: string): TaskView[] {
  const prefix = `${path}[`;
  return Object.entries(states).filter(([k]) => k.startsWith(prefix) && /^\d+\]$/.test(k.slice(prefix.length))).map(([, v]) => v);
}

function count(items: TaskView[]): Record<string, number> {
  const by: Record<string, number> = {};
  for (const i of items) by[i.status] = (by[i.status] ?? 0) + 1;
  return by;
}

/** A jump to another task keeps the page's route (the hash is the route): scroll instead. */
function jump(taskId: string) {
  return (e: React.MouseEvent) => {
    e.preventDefault();
    const target = document.getElementById(`task-${taskId}`);
    target?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    target?.querySelector('button')?.focus();
  };
}
