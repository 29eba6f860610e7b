// Hosts a project's script tools for the execution service: reads one JSON request per line on
// stdin ({id, tool, input, config, traceparent}), answers one JSON line per request on stdout
// ({id, ok, output, logs, started_at, ended_at} or {id, ok: false, error: {name, message}, logs, …}).
// Requests run concurrently; what a tool prints (console.*, process.stdout/stderr) is captured for
// its call. started_at/ended_at (epoch ms, fractional) time the tool's own run in this process, so
// the trace shows it apart from the wait for a free process; a tool gets the call's W3C
// traceparent as its third argument ({traceparent}) to pass on to what it calls.
import { pathToFileURL } from 'node:url';
import { AsyncLocalStorage } from 'node:async_hooks';
import readline from 'node:readline';
import util from 'node:util';
import { performance } from 'node:perf_hooks';

const MAX_LOG_LINES = 200;
const MAX_LOG_LINE = 2000;
const protocol = process.stdout.write.bind(process.stdout);
const write = (obj) => protocol(JSON.stringify(obj) + '\n');
const calls = new AsyncLocalStorage();

const capture = (text) => {
  const logs = calls.getStore();
  const lines = String(text).replace(/\n$/, '').split('\n');
  if (!logs) {
    process.stderr.write(lines.join('\n') + '\n');
    return;
  }
  for (const line of lines) {
    if (logs.lines.length < MAX_LOG_LINES) {
      logs.lines.push(line.length > MAX_LOG_LINE ? line.slice(0, MAX_LOG_LINE) + '...' : line);
    } else {
      logs.dropped++;
    }
  }
};
// stdout carries the protocol: anything a tool prints is captured for its call instead
console.log = console.info = console.debug = console.warn = console.error = (...args) => capture(util.format(...args));
process.stdout.write = (chunk, ...rest) => { capture(chunk); const cb = rest.find((r) => typeof r === 'function'); if (cb) cb(); return true; };

let tools;
try {
  const mod = await import(pathToFileURL(process.argv[2]).href);
  tools = mod.default ?? mod;
} catch (e) {
  write({ fatal: String(e?.stack ?? e) });
  process.exit(3);
}
write({ ready: true, tools: Object.keys(tools) });

const now = () => performance.timeOrigin + performance.now();

const answer = (id, body, logs) => {
  const out = { id, ...body, logs: logs.lines, logs_dropped: logs.dropped, started_at: logs.startedAt, ended_at: now() };
  let line;
  try {
    line = JSON.stringify(out);
  } catch (e) {
    line = JSON.stringify({ id, ok: false, error: { name: 'InvalidOutput', message: `the tool's result is not JSON: ${e?.message ?? e}` },
      logs: logs.lines, logs_dropped: logs.dropped, started_at: out.started_at, ended_at: out.ended_at });
  }
  protocol(line + '\n');
};

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  let req;
  try {
    req = JSON.parse(line);
  } catch {
    return;
  }
  const logs = { lines: [], dropped: 0, startedAt: now() };
  calls.run(logs, async () => {
    const fn = tools[req.tool];
    if (typeof fn !== 'function') {
      answer(req.id, { ok: false, error: { name: 'ToolNotFound', message: `tool '${req.tool}' is not exported by ${process.argv[2]}` } }, logs);
      return;
    }
    try {
      const output = await fn(req.input ?? {}, req.config ?? {}, { traceparent: req.traceparent ?? null });
      answer(req.id, { ok: true, output: output === undefined ? null : output }, logs);
    } catch (e) {
      answer(req.id, { ok: false, error: { name: e?.name ?? 'Error', message: String(e?.message ?? e) } }, logs);
    }
  });
});
rl.on('close', () => process.exit(0));
