// Tools for the schedule checks.
export default {
  nap: async ({ ms }) => new Promise((resolve) => setTimeout(() => resolve({ slept: ms }), ms)),
};
