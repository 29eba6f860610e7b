import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import type { Json } from '../api/types';

/** An API failure as the API explained it: the problem's title and detail. */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const title = error instanceof ApiError ? error.title : 'Something went wrong';
  const detail = error instanceof ApiError ? error.detail : String((error as Error)?.message ?? error);
  return (
    <div className="problem" role="alert">
      <strong>{title}</strong>
      {detail && <span> {detail}</span>}
      {error instanceof ApiError && error.errors.length > 0 && (
        <ul>{error.errors.map((e, i) => <li key={i}><code>{e.pointer || '/'}</code> {e.message}</li>)}</ul>
      )}
    </div>
  );
}

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads {@code load()} when {@code deps} change; {@code reload} asks again. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(abort.signal).then(
      (data) => !abort.signal.aborted && setState({ data, loading: false }),
      (error) => !abort.signal.aborted && setState({ error, loading: false }),
    );
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

export function Loading({ what }: { what: string }) {
  return <p className="muted" aria-busy="true">Loading {what}…</p>;
}

export function Status({ status }: { status: string }) {
  return <span className={`status status-${status}`}>{status}</span>;
}

export function Time({ at }: { at?: string }) {
  if (!at) return <span className="muted">–</span>;
  const d = new Date(at);
  return <time dateTime={at} title={at}>{d.toLocaleString()}</time>;
}

export function duration(ms?: number): string {
  if (ms === undefined || ms === null) return '–';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function JsonBlock({ value, label }: { value: Json | undefined; label?: string }) {
  if (value === undefined || value === null) return <span className="muted">–</span>;
  return <pre className="code" aria-label={label}>{JSON.stringify(value, null, 2)}</pre>;
}

/** Writes JSON as YAML (definitions come back as JSON; people wrote them as YAML). */
export function toYaml(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((v) => {
      const inner = toYaml(v, indent + '  ');
      return `\n${indent}- ${isBlock(v) ? inner.trimStart() : inner}`;
    }).join('');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return entries.map(([k, v]) => {
      const inner = toYaml(v, indent + '  ');
      return `\n${indent}${scalarKey(k)}:${isBlock(v) ? inner : ' ' + inner}`;
    }).join('');
  }
  if (typeof value === 'string') {
    if (value.includes('\n')) return `|\n${value.replace(/\n$/, '').split('\n').map((l) => indent + l).join('\n')}`;
    return /^[\w./@${}() -]+$/.test(value) && !/^(true|false|null|yes|no|~|[\d.+-]+)$/i.test(value) && value.trim() === value
      ? value : JSON.stringify(value);
  }
  return String(value);
}

function isBlock(v: unknown): boolean {
  return v !== null && typeof v === 'object' && Object.keys(v as object).length > 0;
}

function scalarKey(k: string): string {
  return /^[\w.-]+$/.test(k) ? k : JSON.stringify(k);
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card">
      <header className="card-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}
