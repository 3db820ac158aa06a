import { expect, test } from '@jest/globals';
import { isFullSha, isNullSha } from '../../../action-helpers/git.js';

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
