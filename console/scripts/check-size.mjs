// Fails the build when the console's files, gzipped, weigh more than the budget: a console that
// loads fast on a phone is a feature (issue: under 300 kB).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 300 * 1024;
const dir = process.env.CONSOLE_OUT ?? 'dist';
const files = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));
const total = files(dir).reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0);
console.log(`console: ${(total / 1024).toFixed(1)} kB gzipped (budget ${BUDGET / 1024} kB)`);
if (total > BUDGET) {
  console.error(`console: over the budget by ${((total - BUDGET) / 1024).toFixed(1)} kB`);
  process.exit(1);
}
