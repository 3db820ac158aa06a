import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { ActionFailure, ConfigurationError, InputError } from '../../../action-helpers/errors.js';
import { classify, runAction } from '../../../action-helpers/run.js';

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

  test('the stack of a caller mistake is available with debug logging on', async () => {
    process.env.RUNNER_DEBUG = '1';
    await runAction(async () => {
      throw new ConfigurationError('bad');
    });
    expect(log()).toContain('::debug::ConfigurationError: bad');
  });

  test('success writes nothing', async () => {
    await runAction(async () => undefined);
    expect(log()).toBe('');
    expect(process.exitCode).toBeUndefined();
  });
});

describe('classify', () => {
  test.each([
    [
      Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }),
      'aws-credentials',
      true,
    ],
    [Object.assign(new Error('denied'), { name: 'AccessDeniedException' }), 'aws-access-denied', true],
    [new ActionFailure('x', 'tag-conflict'), 'tag-conflict', false],
    [new ConfigurationError('x', 'account-not-allowed'), 'account-not-allowed', true],
    ['thrown string', 'internal', false],
  ])('%p -> %s', (err, reason, callerCanFix) => {
    expect(classify(err)).toEqual({ reason, callerCanFix });
  });
});
