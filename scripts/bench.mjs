// npm run bench [name...]: runs the benchmarks in scripts/bench/<name>.mjs (all of them by default).
// Each benchmark prints its figures as ratios to a baseline it measures in the same run, because
// these machines are shared and absolute times drift.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('./bench/', import.meta.url).pathname;
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.slice(0, -4))
  .sort();
const named = process.argv.slice(2);
const unknown = named.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${all.join(', ') || 'none yet'}`);
  process.exit(2);
}
for (const name of named.length > 0 ? named : all) {
  console.log(`\n== ${name} ==`);
  execFileSync(process.execPath, [join(dir, `${name}.mjs`)], { stdio: 'inherit' });
}
