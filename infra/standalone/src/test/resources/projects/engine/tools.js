// Tools for the engine checks. Tools run in a pool of processes, so `flaky` counts calls per key
// in a file that every process of the pool sees.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const count = (key) => {
  const file = path.join(os.tmpdir(), `compozy-flaky-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`);
  const n = (fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0) + 1;
  fs.writeFileSync(file, String(n));
  return n;
};

export default {
  shaped: async ({ ok }) => (ok === true || ok === 'true' ? { text: 'fine' } : { other: 1 }),
  flaky: async ({ key, failures }) => {
    const n = count(key);
    if (n <= failures) throw new Error(`failure ${n} of ${failures}`);
    return { key, attempts: n };
  },
  sleepy: async ({ ms, n }) => new Promise((resolve) => setTimeout(() => resolve({ n }), ms)),
  upper: async ({ text }) => ({ text: String(text).toUpperCase() }),
};
