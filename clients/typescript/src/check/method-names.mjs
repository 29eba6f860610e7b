// Fails when a generated API class has a method whose name a generator numbered (create1,
// list2): the sign of an operation without its own operationId, or two with the same one.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const numbered = [];
let methods = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts")) {
  const text = readFileSync(join(dir, file), "utf8");
  // each operation is a pair: name() and nameRaw()
  for (const m of text.matchAll(/^\s+async (\w+)Raw\(/gm)) {
    methods++;
    if (/\d$/.test(m[1])) numbered.push(`${file}: ${m[1]}`);
  }
}
if (methods === 0) {
  console.error(`no API methods found in ${dir}: did the generator run?`);
  process.exit(1);
}
if (numbered.length > 0) {
  console.error(`numbered method names in the TypeScript client:\n  ${numbered.join("\n  ")}`);
  process.exit(1);
}
console.log(`TypeScript client: ${methods} operations, no numbered method names`);
