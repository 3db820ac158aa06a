// scripts/docs.mjs: each README's Inputs and Outputs tables are generated from its action.yml, and
// the check below is what fails CI when they drift. It runs the script as `npm run docs` does.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../scripts/docs.mjs';
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

/** In process, as the CLI does it: the problems found, README by README. */
const docsIn = (root: string, ...args: string[]): Promise<string[]> => run({ root, check: args.includes('--check') });

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

test('the tables come from action.yml, pipes and line breaks escaped, and the rest of the README is left alone', async () => {
  const { root, readme } = sandbox(actionYml, template);
  expect(await docsIn(root, '--check')).toEqual([
    'demo/README.md: the Inputs/Outputs tables differ from demo/action.yml',
  ]);
  // The CLI exits 1 naming it.
  const cli = docs('--check', '--root', root);
  expect(cli.status).toBe(1);
  expect(cli.stderr).toContain('demo/README.md: the Inputs/Outputs tables differ from demo/action.yml');

  expect(await docsIn(root)).toEqual([]);
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
  expect(await docsIn(root, '--check')).toEqual([]);

  // A description changed in action.yml is drift again.
  writeFileSync(path.join(root, 'demo', 'action.yml'), actionYml.replace('The result.', 'The new result.'));
  expect(await docsIn(root, '--check')).toHaveLength(1);
});

test('a README without its markers is named, and nothing is written', async () => {
  const { root, readme } = sandbox(actionYml, '# demo\n\n## Inputs\n\n| hand | made |\n');
  const problem = "demo/README.md: needs exactly one '<!-- inputs:start -->' followed by '<!-- inputs:end -->'";
  expect(await docsIn(root, '--check')).toEqual([problem]);
  expect(await docsIn(root)).toEqual([problem]);
  expect(readFileSync(readme, 'utf8')).toBe('# demo\n\n## Inputs\n\n| hand | made |\n');
});
