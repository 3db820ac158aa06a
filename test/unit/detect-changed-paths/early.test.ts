import { expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEarly } from '../../../src/detect-changed-paths/early.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const dir = mkdtempSync(join(tmpdir(), 'dcp-early-'));

function env(eventName: string, payload: unknown, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const path = join(dir, `${eventName}-${Math.random()}.json`);
  writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: path,
    GITHUB_WORKSPACE: dir,
    INPUT_FILTERS: 'a: [x/**]',
    ...extra,
  };
}

test('a push starts the diff of before..after at once, without renames unless a group asks for change types', async () => {
  const early = startEarly(env('push', { before: A, after: B }));
  expect(early.payload).toEqual({ before: A, after: B });
  expect(early.diff).toMatchObject({ cwd: dir, base: A, head: B, renames: false });
  // Not a repository: the early diff fails quietly, and main.ts runs its own.
  expect((await early.diff!.result)?.exitCode).not.toBe(0);
  expect(
    startEarly(env('push', { before: A, after: B }, { INPUT_FILTERS: 'a:\n  paths: [x]\n  change-types: [added]' }))
      .diff?.renames,
  ).toBe(true);
});

test('a merge group starts base_sha..head_sha', () => {
  expect(startEarly(env('merge_group', { merge_group: { base_sha: A, head_sha: B } })).diff).toMatchObject({
    base: A,
    head: B,
  });
});

test.each([
  [
    'a pull request (needs a merge-base first)',
    env('pull_request', { pull_request: { base: { sha: A }, head: { sha: B } } }),
  ],
  ['a new branch', env('push', { before: '0'.repeat(40), after: B })],
  ['a deleted branch', env('push', { before: A, after: '0'.repeat(40), deleted: true })],
  ['a base input', env('push', { before: A, after: B }, { INPUT_BASE: 'main' })],
  ['a head input', env('push', { before: A, after: B }, { INPUT_HEAD: 'v2' })],
  ['since-deployment', env('push', { before: A, after: B }, { 'INPUT_SINCE-DEPLOYMENT': 'prod' })],
  ['abbreviated SHAs', env('push', { before: 'abc123', after: B })],
])('no early diff for %s', (_name, e) => {
  expect(startEarly(e).diff).toBeUndefined();
});

test('a payload that is not JSON is reported, not thrown', () => {
  const early = startEarly(env('push', '{not json'));
  expect(early.payloadError).toMatch(/^The event payload .* is not valid JSON/);
  expect(early.diff).toBeUndefined();
});

test('no event at all', () => {
  expect(startEarly({})).toEqual({ payload: {}, diff: undefined });
});

test('no early diff in a working-directory that does not exist (readInputs reports it)', () => {
  expect(startEarly(env('push', { before: A, after: B }, { 'INPUT_WORKING-DIRECTORY': 'nope' })).diff).toBeUndefined();
});
