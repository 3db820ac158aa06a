// The bad-input sweep of every input (issue 11): metacharacters, a leading -, ../, 10,000 characters,
// control characters, invalid UTF-8 and look-alike Unicode, through the bundle as the runner starts it.
// Each ends in one clear ::error line naming the input, failure-reason invalid-input, no stack trace,
// and nothing run or written; the few values that are valid after all (an opaque token) run cleanly.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detect, Fixture } from './git-fixture.js';

let fx: Fixture;
let clone: string;
let event: string;
let head: string;

beforeAll(() => {
  fx = new Fixture();
  const base = fx.commit({ 'api/a.ts': 'a\n' }, 'initial');
  head = fx.commit({ 'api/a.ts': 'b\n' }, 'change');
  fx.push('main');
  clone = fx.clone('main');
  event = fx.event({ ref: 'refs/heads/main', before: base, after: head, repository: { default_branch: 'main' } });
  // A filters file that is not UTF-8 (Latin-1 é), and a link out of the workspace.
  writeFileSync(join(clone, 'latin1.yml'), Buffer.from('api: [caf\xe9/**]\n', 'latin1'));
  symlinkSync('/etc/hostname', join(clone, 'outside.yml'));
});
afterAll(() => fx.remove());

const marker = () => join(fx.root, 'pwned');
const long = 'x'.repeat(10_000);
const filters = 'api: [api/**]';

// [input, value, the error it must end in (undefined: accepted, and the run succeeds)]
const table: [string, string, RegExp | undefined][] = [
  ['filters', `$(touch ${'/tmp/dcp-pwned'}); rm -rf /`, /^filters: expected a mapping of group name to globs/],
  ['filters', '--output=/tmp/x', /^filters: expected a mapping/],
  ['filters', '../../../../../../../../etc/hostname', /^Input 'filters': the file .* is outside the workspace/],
  ['filters', 'outside.yml', /^Input 'filters': the file "outside.yml" is outside the workspace/],
  ['filters', long, /^filters: expected a mapping/],
  [
    'filters',
    `api: ['${long}']`,
    /^filters: group 'api' \(line 1\): the glob .* is not valid: it is 10000 characters long/,
  ],
  ['filters', 'api: ["a\\u001b[31m/**"]', /^filters: group 'api' \(line 1\): the glob .* contains a control character/],
  ['filters', 'latin1.yml', /^Input 'filters': the file "latin1.yml" is not valid UTF-8/],
  ['filters', '\u0430pi: [api/**]', /^filters: group name "\u0430pi" \(line 1\) is not valid/],
  ['filters', `${long}: [api/**]`, /^filters: group name "x{77}\.\.\." \(line 1\) is not valid/],
  ['filters', '"$(id)": [api/**]', /^filters: group name "\$\(id\)" \(line 1\) is not valid/],
  ['base', '$(touch /tmp/x)', /^Input 'base': "\$\(touch \/tmp\/x\)" is not valid/],
  ['base', '--upload-pack=touch /tmp/x', /^Input 'base': "--upload-pack=touch \/tmp\/x" is not valid/],
  ['base', '../../etc', /^Input 'base': "..\/..\/etc" is not valid/],
  ['base', long, /^Input 'base': "x{77}\.\.\." is not valid/],
  ['base', 'main\u001b[2J', /^Input 'base': "main\\u001b\[2J" is not valid/],
  ['base', 'main\ud800', /^Input 'base': "main\ufffd" is not valid/],
  ['base', 'm\u0430in', /^Input 'base': "m\u0430in" is not valid/],
  ['head', '-rf', /^Input 'head': "-rf" is not valid/],
  ['head', 'HEAD;id', /^Input 'head': "HEAD;id" is not valid/],
  ['head', 'ｍａｉｎ', /^Input 'head': "ｍａｉｎ" is not valid/],
  ['since-deployment', '--prod', /^Input 'since-deployment': "--prod" is not valid/],
  ['since-deployment', long, /^Input 'since-deployment': "x{77}\.\.\." is not valid/],
  ['since-deployment', 'prod\u0007', /^Input 'since-deployment': "prod\\u0007" is not valid/],
  ['github-token', 'ghs_a b', /^Input 'github-token': the value has spaces or control characters, or is too long/],
  ['github-token', 'ghs_\u001b', /^Input 'github-token': the value has spaces/],
  ['github-token', long, /^Input 'github-token': the value has spaces or control characters, or is too long/],
  ['github-token', '$(id)`id`;|&<>', undefined],
  ['on-missing-base', '$(id)', /^Input 'on-missing-base': "\$\(id\)" is not valid. Accepted: one of all, fail/],
  ['on-missing-base', '-all', /^Input 'on-missing-base': "-all" is not valid/],
  ['on-missing-base', '\u0430ll', /^Input 'on-missing-base': "\u0430ll" is not valid/],
  ['on-missing-base', 'all\u001b', /^Input 'on-missing-base': "all\\u001b" is not valid/],
  ['list-files', 'json;id', /^Input 'list-files': "json;id" is not valid. Accepted: one of none, json, file/],
  ['list-files', 'ｊｓｏｎ', /^Input 'list-files': "ｊｓｏｎ" is not valid/],
  ['list-files', long, /^Input 'list-files': "x{77}\.\.\." is not valid/],
  [
    'max-fetch-depth',
    '1e3',
    /^Input 'max-fetch-depth': "1e3" is not valid. Accepted: a whole number from 0 to 1000000/,
  ],
  ['max-fetch-depth', '-1', /^Input 'max-fetch-depth': "-1" is not valid/],
  ['max-fetch-depth', '９', /^Input 'max-fetch-depth': "９" is not valid/],
  ['max-fetch-depth', '9'.repeat(10_000), /^Input 'max-fetch-depth': "9{77}\.\.\." is not valid/],
  ['max-fetch-depth', '$(id)', /^Input 'max-fetch-depth': "\$\(id\)" is not valid/],
  ['working-directory', '../', /^Input 'working-directory': "..\/" is outside the workspace/],
  ['working-directory', '/etc', /^Input 'working-directory': "\/etc" is outside the workspace/],
  ['working-directory', '-rf', /^Input 'working-directory': "-rf" does not exist/],
  ['working-directory', long, /^Input 'working-directory': "x{77}\.\.\." cannot be resolved \(ENAMETOOLONG\)/],
  ['working-directory', 'api\u001b', /^Input 'working-directory': "api\\u001b" does not exist/],
  ['working-directory', '\u0430pi', /^Input 'working-directory': "\u0430pi" does not exist/],
];

test.each(table)(
  '%s = %j',
  async (input, value, error) => {
    const inputs: Record<string, string> = { filters, [input]: value };
    const run = await detect(inputs, { cwd: clone, event, eventName: 'push', sha: head });
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at |Unexpected failure/m);
    expect(existsSync(marker())).toBe(false);
    if (error === undefined) {
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.outputs.api).toBe('true');
      return;
    }
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(error);
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('invalid-input');
    // Nothing reached git: no fetch, and no output but the failure.
    expect(run.stdout).not.toContain('[command] git');
    expect(Object.keys(run.outputs)).toEqual(['failure-reason']);
  },
  60_000,
);

test('the sweep left nothing behind in the clone', () => {
  expect(readdirSync(clone).sort()).toEqual(['.git', 'api', 'latin1.yml', 'outside.yml']);
});
