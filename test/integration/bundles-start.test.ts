// Every bundle in dist/ starts on the machine's Node and on Node 24 (what action.yml declares), and,
// run with no inputs, fails cleanly: exit code 1, exactly one ::error line, a failure-reason output,
// and no stack trace anywhere in its output.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, runAction } from '../support/run-action.js';

const actions = readdirSync(join(repoRoot, 'dist'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

let node24 = '';
beforeAll(() => {
  node24 = execFileSync('bash', [join(repoRoot, 'scripts/ensure-node24.sh')], {
    encoding: 'utf8',
    timeout: 300_000,
  }).trim();
}, 300_000);

test('there is one bundle per action folder, and each action.yml points at its bundle on node24', () => {
  expect(actions).toEqual([
    'build-push-ecr',
    'detect-changed-paths',
    'kubectl-rollout',
    'promote-environment',
    'scan-image',
    'terraform-plan-apply',
  ]);
  for (const action of actions) {
    const metadata = parse(readFileSync(join(repoRoot, action, 'action.yml'), 'utf8')) as {
      runs: { using: string; main: string };
    };
    expect(metadata.runs).toEqual({ using: 'node24', main: `../dist/${action}/index.js` });
  }
});

describe.each(['node20', 'node24'])('on %s', (runtime) => {
  test.each(actions)(
    '%s with no inputs fails with one clear ::error line',
    async (action) => {
      const node = runtime === 'node24' ? node24 : process.execPath;
      const version = execFileSync(node, ['--version'], { encoding: 'utf8' });
      expect(version).toMatch(runtime === 'node24' ? /^v24\./ : /^v20\./);
      // No AWS, GitHub or git context either: nothing the action could lean on by accident.
      const result = await runAction(
        action,
        {},
        { node, env: { GITHUB_EVENT_PATH: undefined, AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined }, cwd: '/' },
      );
      expect(result.exitCode).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]!.length).toBeGreaterThan(20);
      expect(result.outputs['failure-reason']).toMatch(/^[a-z][a-z-]+$/);
      const everything = result.stdout + result.stderr;
      expect(everything).not.toMatch(/^\s+at .+[:(]\d+:\d+\)?$/m);
      expect(everything).not.toMatch(/Error: .*\n\s+at /);
    },
    60_000,
  );
});
