import { expect, test } from '@jest/globals';
import {
  describeLock,
  formatAge,
  isStalePlanError,
  parseGoTime,
  parseLockError,
} from '../../../src/terraform-plan-apply/diagnostics.js';

// As terraform 1.11 prints it when the S3 lock file is held (OpenTofu prints the same block).
const lockedStderr = `
Error: Error acquiring the state lock

Error message: operation error S3: PutObject, https response error
StatusCode: 412, RequestID: x, api error PreconditionFailed: At least one of the pre-conditions you
specified did not hold
Lock Info:
  ID:        bfc35d5c-b914-588b-1ace-677a4f09283a
  Path:      tfx-bucket/dev/terraform.tfstate
  Operation: OperationTypeApply
  Who:       runner@fv-az123
  Version:   1.11.4
  Created:   2026-11-22 17:24:35.979792682 +0000 UTC
  Info:      

Terraform acquires a state lock to protect the state from being written
`;

test('parseLockError reads the holder, id and creation time', () => {
  expect(parseLockError(lockedStderr)).toEqual({
    id: 'bfc35d5c-b914-588b-1ace-677a4f09283a',
    path: 'tfx-bucket/dev/terraform.tfstate',
    operation: 'OperationTypeApply',
    who: 'runner@fv-az123',
    version: '1.11.4',
    created: new Date('2026-11-22T17:24:35.979Z'),
  });
  expect(parseLockError('Error: Invalid reference')).toBeUndefined();
});

test('describeLock says who, which lock, how old, and that nothing is forced', () => {
  const lock = parseLockError(lockedStderr)!;
  const message = describeLock(lock, new Date('2026-11-22T17:30:00Z'), 120_000);
  expect(message).toContain('held by runner@fv-az123 (lock ID bfc35d5c-b914-588b-1ace-677a4f09283a');
  expect(message).toContain('age 5m');
  expect(message).toContain('lock-timeout (120s)');
  expect(message).toContain('never force-unlocks');
});

test.each([
  ['2026-11-22 17:24:35.979792682 +0000 UTC', '2026-11-22T17:24:35.979Z'],
  ['2026-01-02 03:04:05 +0200 EET', '2026-01-02T01:04:05.000Z'],
])('parseGoTime(%j)', (text, iso) => {
  expect(parseGoTime(text)?.toISOString()).toBe(iso);
});

test('parseGoTime refuses what is not a Go time', () => {
  expect(parseGoTime('yesterday')).toBeUndefined();
});

test.each([
  [4_000, '4s'],
  [119_000, '119s'],
  [300_000, '5m'],
  [3 * 3_600_000 + 60_000 * 7, '3h7m'],
])('formatAge(%d)', (ms, text) => {
  expect(formatAge(ms)).toBe(text);
});

test('isStalePlanError', () => {
  expect(isStalePlanError('Error: Saved plan is stale\n\nThe given plan file can no longer be applied')).toBe(true);
  expect(isStalePlanError('Error: Invalid reference')).toBe(false);
});
