import { get } from '../api/client';
import type { Page } from '../api/types';
import { Loading, Problem, Section, toYaml, useLoad } from '../components/common';
import { href } from '../router';

/** The kinds of definition the registry keeps, with the key their page answers them under. */
export const KINDS = [
  { path: 'agents', title: 'Agents', list: 'agents' },
  { path: 'tools', title: 'Tools', list: 'tools' },
  { path: 'tasks', title: 'Tasks', list: 'tasks' },
  { path: 'models', title: 'Models', list: 'models' },
  { path: 'mcps', title: 'MCP servers', list: 'mcps' },
  { path: 'memories', title: 'Memories', list: 'memories' },
  { path: 'schemas', title: 'Schemas', list: 'schemas' },
] as const;

type Definition = { id: string; description?: string; [more: string]: unknown };

/** Read views of every other kind of definition: a list per kind, and each definition as YAML. */
export function Definitions({ kind }: { kind?: string }) {
  const chosen = KINDS.find((k) => k.path === kind) ?? KINDS[0];
  const list = useLoad((signal) => get<Record<string, Definition[] | Page>>(`/${chosen.path}?limit=200`, signal), [chosen.path]);
  const items = (list.data?.[chosen.list] as Definition[] | undefined) ?? [];
  return (
    <>
      <h1>Definitions</h1>
      <nav className="tabs" aria-label="Kinds of definition">
        {KINDS.map((k) => <a key={k.path} href={href('definitions', k.path)} aria-current={k.path === chosen.path ? 'page' : undefined}>{k.title}</a>)}
      </nav>
      <Problem error={list.error} />
      {list.loading && !list.data ? <Loading what={chosen.title.toLowerCase()} /> : (
        <table className="list">
          <thead><tr><th>{chosen.title}</th><th>Description</th></tr></thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}><td><a href={href('definitions', chosen.path, d.id)}>{d.id}</a></td><td>{d.description ?? ''}</td></tr>
            ))}
            {items.length === 0 && <tr><td colSpan={2} className="muted">None.</td></tr>}
          </tbody>
        </table>
      )}
    </>
  );
}

export function DefinitionView({ kind, id }: { kind: string; id: string }) {
  const chosen = KINDS.find((k) => k.path === kind);
  const one = useLoad((signal) => get<Definition>(`/${kind}/${encodeURIComponent(id)}`, signal), [kind, id]);
  return (
    <>
      <p><a href={href('definitions', kind)}>{chosen?.title ?? kind}</a></p>
      <h1>{id}</h1>
      <Problem error={one.error} />
      {one.data ? <Section title="YAML"><pre className="code" aria-label="Definition YAML">{toYaml(one.data).trimStart()}</pre></Section>
        : !one.error && <Loading what={id} />}
    </>
  );
}
