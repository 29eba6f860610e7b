// Hosts a project's script tools for the execution service: reads one JSON request per line on
// stdin ({id, tool, input, config}), answers one JSON line per request on stdout
// ({id, ok, output} or {id, ok: false, error: {name, message}}). Requests run concurrently.
import { pathToFileURL } from 'node:url';
import readline from 'node:readline';
import util from 'node:util';

const write = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
// stdout carries the protocol: anything a tool logs goes to stderr
console.log = console.info = console.debug = (...args) => process.stderr.write(util.format(...args) + '\n');

let tools;
try {
  const mod = await import(pathToFileURL(process.argv[2]).href);
  tools = mod.default ?? mod;
} catch (e) {
  write({ fatal: String(e?.stack ?? e) });
  process.exit(3);
}
write({ ready: true, tools: Object.keys(tools) });

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', async (line) => {
  let req;
  try {
    req = JSON.parse(line);
  } catch {
    return;
  }
  const fn = tools[req.tool];
  if (typeof fn !== 'function') {
    write({ id: req.id, ok: false, error: { name: 'ToolNotFound', message: `tool '${req.tool}' is not exported by ${process.argv[2]}` } });
    return;
  }
  try {
    const output = await fn(req.input ?? {}, req.config ?? {});
    write({ id: req.id, ok: true, output: output === undefined ? null : output });
  } catch (e) {
    write({ id: req.id, ok: false, error: { name: e?.name ?? 'Error', message: String(e?.message ?? e) } });
  }
});
rl.on('close', () => process.exit(0));
