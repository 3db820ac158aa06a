import { expect, test } from '@jest/globals';
import { git, GitError, isFullSha, isNullSha } from '../../../action-helpers/git.js';

test.each([
  ['a'.repeat(40), true],
  ['A'.repeat(40), true],
  ['a'.repeat(64), true],
  ['a'.repeat(39), false],
  ['main', false],
])('isFullSha(%s) is %s', (value, expected) => {
  expect(isFullSha(value)).toBe(expected);
});

test('isNullSha', () => {
  expect(isNullSha('0'.repeat(40))).toBe(true);
  expect(isNullSha('0'.repeat(39) + '1')).toBe(false);
  expect(isNullSha(undefined)).toBe(false);
});

test('a folder that does not exist is named, and leaves nothing running', async () => {
  const failure = await git(['version'], { cwd: '/does/not/exist', allowFailure: true }).catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(GitError);
  expect((failure as GitError).message).toBe('git cannot run in /does/not/exist: the folder does not exist');
});

test('a revision after --end-of-options is never an option', async () => {
  const result = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', '--git-dir'], {
    allowFailure: true,
  });
  expect(result.exitCode).not.toBe(0);
  expect(result.stdout.toString()).toBe('');
});
