export default { noop: async (input) => ({ ok: true, n: input.n ?? 0 }) };
