// scripts/docs.mjs: each README's Inputs and Outputs tables are generated from its action.yml, and
// the check below is what fails CI when they drift. It runs the script as `npm run docs` does.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/run-action.js';

const script = path.join(repoRoot, 'scripts', 'docs.mjs');
const actions = [
  'build-push-ecr',
  'detect-changed-paths',
  'kubectl-rollout',
  'promote-environment',
  'scan-image',
  'terraform-plan-apply',
];
const temp = mkdtempSync(path.join(tmpdir(), 'docs-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function docs(...args: string[]): { status: number | null; stderr: string } {
  const { status, stderr } = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  return { status, stderr };
}

// One run over every action; each test reads its own lines.
let check: { status: number | null; stderr: string };
beforeAll(() => {
  check = docs('--check');
});

test.each(actions)('%s/README.md has the tables of its action.yml (else: npm run docs)', (action) => {
  expect(check.stderr.split('\n').filter((line) => line.startsWith(`${action}/`))).toEqual([]);
});

test('the check fails exactly when a README drifted', () => {
  expect(check.status).toBe(check.stderr ? 1 : 0);
});

/** A one-action repository, so the check and the rewrite can be watched. */
function sandbox(actionYml: string, readme: string): { root: string; readme: string } {
  const root = mkdtempSync(path.join(temp, 'repo-'));
  mkdirSync(path.join(root, 'demo'));
  writeFileSync(path.join(root, 'demo', 'action.yml'), actionYml);
  writeFileSync(path.join(root, 'demo', 'README.md'), readme);
  return { root, readme: path.join(root, 'demo', 'README.md') };
}

const docsIn = (root: string, ...args: string[]) => docs('--root', root, ...args);

const actionYml = `name: demo
description: d
inputs:
  mode:
    description: >-
      \`a|b\` or c,
      folded.
    default: a|b
  notes:
    description: |
      first line
      second line
    required: true
outputs:
  result:
    description: The result.
runs:
  using: node24
  main: index.js
`;
const template = `# demo\n\n## Inputs\n\n<!-- inputs:start -->\nold\n<!-- inputs:end -->\n\n## Outputs\n\n<!-- outputs:start -->\n<!-- outputs:end -->\n\n## Failure reasons\n\nkept as written\n`;

test('the tables come from action.yml, pipes and line breaks escaped, and the rest of the README is left alone', () => {
  const { root, readme } = sandbox(actionYml, template);
  const before = docsIn(root, '--check');
  expect(before.status).toBe(1);
  expect(before.stderr).toContain('demo/README.md: the Inputs/Outputs tables differ from demo/action.yml');

  expect(docsIn(root).status).toBe(0);
  expect(readFileSync(readme, 'utf8')).toBe(
    [
      '# demo',
      '',
      '## Inputs',
      '',
      '<!-- inputs:start -->',
      '',
      '| Input   | Description               | Required | Default |',
      '| ------- | ------------------------- | -------- | ------- |',
      '| `mode`  | `a\\|b` or c, folded.      | no       | `a\\|b`  |',
      '| `notes` | first line<br>second line | yes      |         |',
      '',
      '<!-- inputs:end -->',
      '',
      '## Outputs',
      '',
      '<!-- outputs:start -->',
      '',
      '| Output   | Description |',
      '| -------- | ----------- |',
      '| `result` | The result. |',
      '',
      '<!-- outputs:end -->',
      '',
      '## Failure reasons',
      '',
      'kept as written',
      '',
    ].join('\n'),
  );
  expect(docsIn(root, '--check')).toEqual({ status: 0, stderr: '' });

  // A description changed in action.yml is drift again.
  writeFileSync(path.join(root, 'demo', 'action.yml'), actionYml.replace('The result.', 'The new result.'));
  expect(docsIn(root, '--check').status).toBe(1);
});

test('a README without its markers is named, and nothing is written', () => {
  const { root, readme } = sandbox(actionYml, '# demo\n\n## Inputs\n\n| hand | made |\n');
  for (const args of [['--check'], []]) {
    const run = docsIn(root, ...args);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "demo/README.md: needs exactly one '<!-- inputs:start -->' followed by '<!-- inputs:end -->'",
    );
  }
  expect(readFileSync(readme, 'utf8')).toBe('# demo\n\n## Inputs\n\n| hand | made |\n');
});
