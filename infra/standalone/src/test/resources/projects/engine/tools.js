// Tools for the engine checks. The process is long-lived, so `flaky` can count calls per key.
const calls = new Map();
export default {
  flaky: async ({ key, failures }) => {
    const n = (calls.get(key) ?? 0) + 1;
    calls.set(key, n);
    if (n <= failures) throw new Error(`failure ${n} of ${failures}`);
    return { key, attempts: n };
  },
  sleepy: async ({ ms, n }) => new Promise((resolve) => setTimeout(() => resolve({ n }), ms)),
  upper: async ({ text }) => ({ text: String(text).toUpperCase() }),
};
