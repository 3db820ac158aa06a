// The delivery flow under act, as `npm run demo` runs it: a first delivery of the sample service
// through dev, UAT and prod, then the same command again with no change. Prints each stage's time
// and the re-run as a ratio of the first run, measured in the same run (the re-run should cost a
// small fraction: detect finds nothing and every later job is skipped).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'bench-delivery-'));
const statusFile = path.join(dir, 'status.json');

function deliver(...args) {
  const result = spawnSync(
    process.execPath,
    ['--no-warnings', 'scripts/demo.mjs', '--approve', '--no-color', ...args],
    {
      cwd: root,
      env: { ...process.env, DEMO_DIR: dir, DEMO_STATUS_FILE: statusFile },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (result.status !== 0) {
    console.error(result.stdout.slice(-5000), result.stderr.slice(-2000));
    throw new Error(`npm run demo ${args.join(' ')} failed`);
  }
  return JSON.parse(readFileSync(statusFile, 'utf8'));
}

try {
  deliver(); // tools built and the stack up, so that neither run pays for them
  const first = deliver('--fresh');
  const again = deliver();
  const flowSeconds = (run) =>
    run.timings.filter(([name]) => /^(dev|uat|prod):/.test(name)).reduce((t, [, s]) => t + s, 0);
  console.log('stage                                                          first run   no-change re-run');
  for (let i = 0; i < first.timings.length; i++) {
    const [name, seconds] = first.timings[i];
    const [, reSeconds] = again.timings[i] ?? [];
    console.log(
      `${name.slice(0, 62).padEnd(62)} ${seconds.toFixed(1).padStart(8)}s ${reSeconds === undefined ? '' : `${reSeconds.toFixed(1).padStart(12)}s`}`,
    );
  }
  const a = flowSeconds(first);
  const b = flowSeconds(again);
  console.log(
    `\nthe three environments: first ${a.toFixed(1)}s, re-run ${b.toFixed(1)}s: re-run / first = ${(b / a).toFixed(3)}`,
  );
  console.log(
    `whole command: first ${first.seconds.toFixed(1)}s, re-run ${again.seconds.toFixed(1)}s: ratio ${(again.seconds / first.seconds).toFixed(3)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
