// The console's only way to the platform: the public /api/v0 API with the user's key, as a
// bearer token. Answers are the API's {data, message} envelope; failures are its problem+json.

const BASE = '/api/v0';
const KEY_ITEM = 'compozy.key';

/** A failed call, as the API explained it (RFC 9457 problem+json): title and detail are shown. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly code?: string,
    /** What was wrong, field by field (JSON pointers into the request), when the API says. */
    readonly errors: { pointer: string; message: string }[] = [],
  ) {
    super(`${title}: ${detail}`);
  }
}

/** The key lives in session storage only: never in a URL, a cookie or a log. */
export const keys = {
  get: (): string | null => sessionStorage.getItem(KEY_ITEM),
  set: (key: string) => sessionStorage.setItem(KEY_ITEM, key),
  clear: () => sessionStorage.removeItem(KEY_ITEM),
};

async function problem(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = await response.json();
  } catch {
    // not JSON: a proxy's page, say; the status line says enough
  }
  const title = typeof body.title === 'string' ? body.title : response.statusText || `HTTP ${response.status}`;
  const detail = typeof body.detail === 'string' ? body.detail : typeof body.message === 'string' ? body.message : '';
  const errors = Array.isArray(body.errors)
    ? body.errors.filter((e): e is { pointer: string; message: string } => typeof e?.pointer === 'string' && typeof e?.message === 'string')
    : [];
  return new ApiError(response.status, title, detail, typeof body.code === 'string' ? body.code : undefined, errors);
}

function headers(extra?: Record<string, string>): Headers {
  const h = new Headers({ Accept: 'application/json', ...extra });
  const key = keys.get();
  if (key) h.set('Authorization', `Bearer ${key}`);
  return h;
}

/** Calls the API and answers the envelope's data; a non-2xx answer throws its problem. */
export async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(BASE + path, {
    method,
    headers: headers(body === undefined ? undefined : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await problem(response);
  if (response.status === 204) return undefined as T;
  const envelope = await response.json();
  return (envelope?.data ?? envelope) as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => call<T>('GET', path, undefined, signal);
export const post = <T>(path: string, body?: unknown) => call<T>('POST', path, body ?? {});

/** One event of an execution's stream. */
export interface StreamEvent {
  id?: string;
  event: string;
  data: unknown;
}

/**
 * Follows an execution's SSE stream with fetch (EventSource cannot send the key as a header, and a
 * key in the URL would land in logs), resuming after a drop with Last-Event-ID, until {@code
 * signal} aborts it or the stream ends with the execution.
 */
export async function follow(path: string, onEvent: (e: StreamEvent) => void, signal: AbortSignal): Promise<void> {
  let lastId: string | undefined;
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      const h = headers({ Accept: 'text/event-stream' });
      if (lastId) h.set('Last-Event-ID', lastId);
      const response = await fetch(BASE + path, { headers: h, signal });
      if (!response.ok || !response.body) throw await problem(response);
      attempt = 0;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return; // the server ends the stream when the execution ends
        buffer += value;
        let end: number;
        while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          const event = parse(block);
          if (event) {
            if (event.id) lastId = event.id;
            onEvent(event);
          }
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof ApiError && e.status < 500 && e.status !== 429) throw e;
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** attempt)));
    }
  }
}

function parse(block: string): StreamEvent | null {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':')) continue; // a ping
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  const text = data.join('\n');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // llm_chunk carries plain text
  }
  return { id, event, data: parsed };
}
