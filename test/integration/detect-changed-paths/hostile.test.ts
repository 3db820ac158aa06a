// detect-changed-paths against what a hostile pull request or a forged event can hold (issue 11):
// the bundle as the runner starts it, on real git repositories.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOutputFile, type ActionRun } from '../../support/run-action.js';
import { detect, Fixture } from './git-fixture.js';

const timeout = 60_000;

let fx: Fixture;
let base: string;
let head: string;
const names = ['api/main.go', 'docs/guide.md', 'nl\ndir/f.txt', 'cr\r.txt', 'a\nb', 'a'.repeat(100)];

beforeAll(() => {
  fx = new Fixture();
  base = fx.commit({ 'README.md': 'x\n' }, 'initial');
  head = fx.commit(Object.fromEntries(names.map((n) => [n, 'x\n'])), 'odd names');
  fx.push('main');
});
afterAll(() => fx.remove());

const push = (payload: Record<string, unknown> = {}) =>
  fx.event({ ref: 'refs/heads/main', before: base, after: head, repository: { default_branch: 'main' }, ...payload });

function expectOneCleanError(run: ActionRun, reason: string, message: RegExp): void {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(message);
  expect(run.outputs['failure-reason']).toBe(reason);
  expect(run.stdout + run.stderr).not.toMatch(/^\s+at |Unexpected failure/m);
}

describe('event SHAs that are options', () => {
  test.each([
    ['push before', (marker: string) => ({ payload: push({ before: `--output=${marker}` }), eventName: 'push' })],
    [
      'pull_request base.sha',
      (marker: string) => ({
        payload: fx.event({
          pull_request: {
            number: 1,
            base: { sha: `--upload-pack=touch ${marker};git-upload-pack` },
            head: { sha: head },
          },
        }),
        eventName: 'pull_request',
      }),
    ],
    [
      'merge_group head_sha',
      (marker: string) => ({
        payload: fx.event({ merge_group: { base_sha: base, head_sha: `--output=${marker}` } }),
        eventName: 'merge_group',
      }),
    ],
  ])(
    '%s: refused before git runs, and nothing is written or run',
    async (_name, event) => {
      const marker = join(fx.root, `marker-${Math.random()}`);
      const { payload, eventName } = event(marker);
      const run = await detect(
        { filters: 'all: ["**"]' },
        { cwd: fx.clone('main'), event: payload, eventName, sha: head },
      );
      expectOneCleanError(run, 'invalid-event', /^The event's .* is "--(output|upload-pack)=.*", not a commit SHA/);
      expect(existsSync(marker)).toBe(false);
    },
    timeout,
  );
});

test(
  'a glob that backtracks exponentially in a regular expression finishes at once',
  async () => {
    // picomatch ran past 60 s on this glob and a name of 100 a's (the test's own timeout).
    const run = await detect(
      { filters: "slow: ['*a*a*a*a*a*a*a*b', '**/*a*a*a*a*a*a*a*b']\nall: ['**']\n" },
      { cwd: fx.clone('main'), event: push(), eventName: 'push', sha: head },
    );
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({ slow: 'false', all: 'true', 'all-count': String(names.length) });
  },
  timeout,
);

test(
  'every glob form matches names with newlines and carriage returns',
  async () => {
    const filters = [
      "everything: ['**']",
      "deep: ['**/f.txt']",
      "star: ['*']",
      "question: ['a?b', 'cr?.txt']",
      "braces: ['{nl?dir,x}/**']",
      "rest: ['!api/**', '!docs/**']",
    ].join('\n');
    const run = await detect(
      { filters, 'list-files': 'json' },
      { cwd: fx.clone('main'), event: push(), eventName: 'push', sha: head },
    );
    expect(run.errors).toEqual([]);
    const list = (group: string) => JSON.parse(run.outputs[`${group}-files`]!) as string[];
    expect(list('everything').sort()).toEqual([...names].sort());
    expect(list('deep')).toEqual(['nl\ndir/f.txt']);
    expect(list('star').sort()).toEqual(['a\nb', 'a'.repeat(100), 'cr\r.txt'].sort());
    expect(list('question').sort()).toEqual(['a\nb', 'cr\r.txt']);
    expect(list('braces')).toEqual(['nl\ndir/f.txt']);
    // A group of exclusions only: everything except them.
    expect(list('rest').sort()).toEqual(names.filter((n) => !n.startsWith('api/') && !n.startsWith('docs/')).sort());
  },
  timeout,
);

test(
  'a YAML alias bomb is one input error',
  async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const [name, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const run = await detect(
      { filters: levels.join('\n') },
      { cwd: fx.clone('main'), event: push(), eventName: 'push', sha: head },
    );
    expectOneCleanError(run, 'invalid-input', /^filters: the YAML anchors and aliases expand to more than/);
  },
  timeout,
);

test(
  'a matrix over 1 MB fails naming the limit, and sets no output',
  async () => {
    // JSON doubles each backslash: 600 kB of filters (in a file: an environment variable holds 128 kB
    // at most), a 1.2 MB matrix.
    const clone = fx.clone('main');
    writeFileSync(join(clone, 'filters.yml'), `big:\n  paths: ['**']\n  blob: '${'\\'.repeat(600_000)}'\n`);
    const run = await detect({ filters: 'filters.yml' }, { cwd: clone, event: push(), eventName: 'push', sha: head });
    expectOneCleanError(
      run,
      'outputs-too-large',
      /^The matrix output would be 1.2 MB, over the limit of 1.0 MB for one output/,
    );
    expect(Object.keys(run.outputs)).toEqual(['failure-reason']);
    expect(run.summary).toContain('Failed (outputs-too-large) after comparing the commits');
  },
  timeout,
);

test(
  'a group named __proto__ gets its outputs',
  async () => {
    const outputFile = join(fx.root, `output-${Math.random()}`);
    writeFileSync(outputFile, '');
    const run = await detect(
      { filters: "__proto__: ['api/**']\nconstructor: ['docs/**']\n" },
      { cwd: fx.clone('main'), event: push(), eventName: 'push', sha: head, env: { GITHUB_OUTPUT: outputFile } },
    );
    expect(run.errors).toEqual([]);
    // Read back into a map: the support's plain object would swallow a key named __proto__ too.
    const raw = readFileSync(outputFile, 'utf8');
    const written = new Map(
      [...raw.matchAll(/^([^<\n]+)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm)].map((m) => [m[1], m[3]]),
    );
    expect(written.get('__proto__')).toBe('true');
    expect(written.get('__proto__-count')).toBe('1');
    expect(written.get('constructor')).toBe('true');
    expect(written.get('changes')).toBe('["__proto__","constructor"]');
    expect(Object.keys(parseOutputFile(raw))).toContain('constructor');
  },
  timeout,
);
