// Each run of "record" appends "<n> <step>" to the file the execution names: the test counts how
// often each step of each execution ran (at least once; more after a worker died mid-step).
import { appendFileSync } from "node:fs";

export default {
  record: async ({ n, step, file }) => {
    appendFileSync(file, `${n} ${step}\n`);
    return { n, step };
  },
};
