import { expect, test } from '@jest/globals';
import { inlineVariables } from '../../../src/terraform-plan-apply/inputs.js';
import { canonicalVariables } from '../../../src/terraform-plan-apply/setup.js';

const canonical = (raw: string) => canonicalVariables(inlineVariables(raw)!);

test.each([
  ['{"a": 1, "b": {"y": 2, "x": [1, 2]}}', '{ "b": {"x": [1,2], "y": 2}, "a": 1 }'],
  ['a = 1\nb = "x"', '  a=1\n\n# a comment\nb   =   "x"  \r\n'],
])('the same variables spelled differently bind the same: %j', (one, other) => {
  expect(canonical(one)).toBe(canonical(other));
});

test.each([
  ['{"a": 1}', '{"a": 2}'],
  ['{"a": [1, 2]}', '{"a": [2, 1]}'],
  ['a = "x y"', 'a = "x  y"'],
  ['a = 1', '{"a": 1}'],
])('different variables do not: %j vs %j', (one, other) => {
  expect(canonical(one)).not.toBe(canonical(other));
});
