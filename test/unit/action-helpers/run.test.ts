import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { ActionFailure, InputError } from '../../../action-helpers/errors.js';
import { failureOf, runAction } from '../../../action-helpers/run.js';

let written: string[];
const originalWrite = process.stdout.write.bind(process.stdout);

beforeEach(() => {
  written = [];
  process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
  delete process.env.GITHUB_OUTPUT;
  delete process.env.RUNNER_DEBUG;
});

afterEach(() => {
  process.stdout.write = originalWrite;
  process.exitCode = undefined;
});

const log = () => written.join('');
const errorLines = () =>
  log()
    .split('\n')
    .filter((line) => line.startsWith('::error'));

describe('runAction', () => {
  test('an input mistake: one ::error line, failure-reason, exit code 1, no stack', async () => {
    await runAction(async () => {
      throw new InputError('aws-region', '"mars-1" is not valid', 'an AWS region');
    });
    expect(errorLines()).toEqual([`::error::Input 'aws-region': "mars-1" is not valid. Accepted: an AWS region.`]);
    expect(log()).toContain('::set-output name=failure-reason::invalid-input');
    expect(log()).not.toMatch(/\bat .+:\d+:\d+/);
    expect(process.exitCode).toBe(1);
  });

  test('a multi-line message stays one ::error line', async () => {
    await runAction(async () => {
      throw new ActionFailure('build failed\nstep 3/5: RUN false', 'build-failed');
    });
    expect(errorLines()).toEqual(['::error::build failed%0Astep 3/5: RUN false']);
  });

  test('an unexpected error: reason internal, stack in the log for the bug report', async () => {
    await runAction(async () => {
      throw new TypeError('cannot read x of undefined');
    });
    expect(errorLines()).toEqual(['::error::cannot read x of undefined']);
    expect(log()).toContain('failure-reason::internal');
    expect(log()).toMatch(/stack for the bug report:\nTypeError/);
  });

  test('the stack of an expected failure is available with debug logging on', async () => {
    process.env.RUNNER_DEBUG = '1';
    await runAction(async () => {
      throw new ActionFailure('bad', 'invalid-input');
    });
    expect(log()).toContain('::debug::ActionFailure: bad');
  });

  test('SIGINT aborts the run signal; whatever then breaks is reported as cancelled', async () => {
    await runAction(async ({ signal }) => {
      process.emit('SIGINT', 'SIGINT');
      expect(signal.aborted).toBe(true);
      throw new Error('socket closed');
    });
    expect(log()).toContain('failure-reason::cancelled');
    expect(errorLines()).toEqual(['::error::The run was cancelled (SIGINT).']);
  });

  test('a failure that says why it failed is kept after a cancel', async () => {
    await runAction(async () => {
      process.emit('SIGTERM', 'SIGTERM');
      throw new ActionFailure('rolled back', 'rollout-failed');
    });
    expect(log()).toContain('failure-reason::rollout-failed');
  });

  test('the signal handlers are removed when the run ends', async () => {
    const before = process.listenerCount('SIGINT');
    await runAction(async () => undefined);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  test('success writes nothing', async () => {
    await runAction(async () => undefined);
    expect(log()).toBe('');
    expect(process.exitCode).toBeUndefined();
  });
});

describe('failureOf', () => {
  test.each([
    [
      Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }),
      'aws-credentials',
      true,
    ],
    [Object.assign(new Error('denied'), { name: 'AccessDeniedException' }), 'aws-access-denied', true],
    [new ActionFailure('x', 'tag-conflict'), 'tag-conflict', true],
    [new InputError('a', 'b', 'c'), 'invalid-input', true],
    ['thrown string', 'internal', false],
  ])('%p -> %s', (err, reason, expected) => {
    expect(failureOf(err)).toMatchObject({ reason, expected });
  });
});
