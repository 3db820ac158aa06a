import { describe, expect, test } from '@jest/globals';
import { backoffDelay, isTransient, withRetry } from '../../../action-helpers/retry.js';

const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('isTransient', () => {
  test.each([
    [awsError('ThrottlingException', 400), true],
    [awsError('TooManyRequestsException', 429), true],
    [awsError('InternalServerError', 500), true],
    [awsError('ServiceUnavailable', 503), true],
    [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true],
    [new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }) }), true],
    [Object.assign(new Error('rate'), { status: 429 }), true],
    [awsError('AccessDeniedException', 403), false],
    [awsError('RepositoryNotFoundException', 400), false],
    [awsError('ValidationException', 400), false],
    [new Error('plain'), false],
    ['a string', false],
    [null, false],
  ])('%p -> %p', (err, expected) => {
    expect(isTransient(err)).toBe(expected);
  });
});

describe('withRetry', () => {
  const noSleep = { sleep: async () => undefined, random: () => 0.5 };

  test('retries transient failures until success', async () => {
    let calls = 0;
    const result = await withRetry(async () => {
      calls++;
      if (calls < 3) throw awsError('ThrottlingException', 400);
      return 'ok';
    }, noSleep);
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  test('fails at once on a permanent error', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw awsError('AccessDeniedException', 403);
      }, noSleep),
    ).rejects.toThrow('AccessDeniedException');
    expect(calls).toBe(1);
  });

  test('gives up after the attempt bound, with growing, capped, jittered delays', async () => {
    const delays: number[] = [];
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw awsError('ServiceUnavailable', 503);
        },
        {
          attempts: 6,
          baseDelayMs: 100,
          maxDelayMs: 1000,
          sleep: async (ms) => void delays.push(ms),
          random: () => 0.999,
        },
      ),
    ).rejects.toThrow();
    expect(calls).toBe(6);
    expect(delays).toEqual([99, 199, 399, 799, 999]);
  });

  test('full jitter: a delay lies anywhere from zero to the ceiling', () => {
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(200);
    expect(backoffDelay(30, 100, 10_000, () => 0.5)).toBe(5000);
  });
});
