import { useState, type FormEvent } from 'react';
import { call, get, post } from '../api/client';
import type { IngestJob, KnowledgeMatch, Page } from '../api/types';
import { Loading, Problem, Section, Status, Time, toYaml, useLoad } from '../components/common';
import { href } from '../router';
import { useCan } from '../session';

interface KnowledgeBase {
  id: string;
  description?: string;
  embedder?: string;
  vector_db?: string;
  [more: string]: unknown;
}

export function KnowledgeBases() {
  const list = useLoad((signal) => get<{ knowledge_bases: KnowledgeBase[]; page: Page }>('/knowledge-bases?limit=100', signal), []);
  return (
    <>
      <h1>Knowledge bases</h1>
      <Problem error={list.error} />
      {list.loading && !list.data ? <Loading what="knowledge bases" /> : (
        <table className="list">
          <thead><tr><th>Knowledge base</th><th>Embedder</th><th>Vector store</th><th>Description</th></tr></thead>
          <tbody>
            {list.data?.knowledge_bases?.map((kb) => (
              <tr key={kb.id}>
                <td><a href={href('knowledge', kb.id)}>{kb.id}</a></td>
                <td>{String(kb.embedder ?? '–')}</td>
                <td>{String(kb.vector_db ?? 'built-in')}</td>
                <td>{kb.description ?? ''}</td>
              </tr>
            ))}
            {list.data?.knowledge_bases?.length === 0 && <tr><td colSpan={4} className="muted">No knowledge bases.</td></tr>}
          </tbody>
        </table>
      )}
    </>
  );
}

/** One base: its ingestion jobs with their progress, re-ingest (write keys), and a query box showing ranked chunks. */
export function KnowledgeBase({ id }: { id: string }) {
  const canWrite = useCan('write');
  // the answer is {knowledge_base: {...}} (Compozy's shape)
  const base = useLoad((signal) => get<{ knowledge_base?: KnowledgeBase }>(`/knowledge-bases/${encodeURIComponent(id)}`, signal)
    .then((answer) => answer.knowledge_base ?? (answer as KnowledgeBase)), [id]);
  const jobs = useLoad((signal) => get<{ ingestions: IngestJob[] }>(`/knowledge-bases/${encodeURIComponent(id)}/ingestions`, signal), [id]);
  const [error, setError] = useState<unknown>();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<KnowledgeMatch[]>();
  const ingest = async () => {
    setError(undefined);
    try {
      await call('POST', `/knowledge-bases/${encodeURIComponent(id)}/ingest`);
    } catch (e) {
      setError(e);
    }
    jobs.reload();
  };
  const ask = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      setMatches((await post<{ matches: KnowledgeMatch[] }>(`/knowledge-bases/${encodeURIComponent(id)}/query`, { query, top_k: 5 })).matches);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <h1>{id}</h1>
      <Problem error={base.error ?? error} />
      <Section title="Query">
        <form className="toolbar" onSubmit={ask} role="search">
          <label htmlFor="kb-query" className="visually-hidden">Query</label>
          <input id="kb-query" type="search" required value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Ask the knowledge base" />
          <button type="submit">Query</button>
        </form>
        {matches && (
          <ol className="matches">
            {matches.map((m, i) => (
              <li key={i}><span className="score">{m.score.toFixed(3)}</span> {m.content}
                {m.metadata && <small className="muted"> {String(m.metadata.source ?? '')}</small>}</li>
            ))}
            {matches.length === 0 && <li className="muted">Nothing matched.</li>}
          </ol>
        )}
      </Section>
      <Section title="Ingestions" actions={canWrite ? <button onClick={ingest}>Ingest again</button> : undefined}>
        <table className="list">
          <thead><tr><th>Job</th><th>Status</th><th>Documents</th><th>Chunks</th><th>Started</th><th>Finished</th></tr></thead>
          <tbody>
            {jobs.data?.ingestions.map((j) => (
              <tr key={j.job_id}>
                <td className="mono">{j.job_id}</td>
                <td><Status status={j.status} />{j.error && <small className="muted"> {Object.values(j.error).join(' ')}</small>}</td>
                <td>
                  <progress max={j.documents_total || 1} value={j.documents_done ?? 0} aria-label={`Progress of ${j.job_id}`} /> {j.documents_done ?? 0}/{j.documents_total ?? '?'}
                </td>
                <td>{j.chunks ?? '–'}</td>
                <td><Time at={j.created_at} /></td>
                <td><Time at={j.finished_at} /></td>
              </tr>
            ))}
            {jobs.data?.ingestions.length === 0 && <tr><td colSpan={6} className="muted">Not ingested yet.</td></tr>}
          </tbody>
        </table>
        <button className="link" onClick={jobs.reload}>Refresh</button>
      </Section>
      {base.data && <Section title="Definition"><pre className="code">{toYaml(base.data).trimStart()}</pre></Section>}
      {!base.data && !base.error && <Loading what="the knowledge base" />}
    </>
  );
}
