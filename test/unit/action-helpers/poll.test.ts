import { describe, expect, test } from '@jest/globals';
import { ActionFailure } from '../../../action-helpers/errors.js';
import { waitUntil } from '../../../action-helpers/poll.js';

describe('waitUntil', () => {
  test('returns the first value check gives', async () => {
    let calls = 0;
    const value = await waitUntil(async () => (++calls === 3 ? 'done' : undefined), {
      description: 'x',
      timeoutMs: 5_000,
      intervalMs: 1,
    });
    expect(value).toBe('done');
    expect(calls).toBe(3);
  });

  test('ends with timeout past the deadline, and names what it waited for', async () => {
    let clock = 0;
    const err = await waitUntil(
      async () => {
        clock += 1_000;
        return undefined;
      },
      { description: 'the scan to complete', timeoutMs: 3_000, intervalMs: 1, now: () => clock },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionFailure);
    expect((err as ActionFailure).reason).toBe('timeout');
    expect((err as ActionFailure).message).toContain('the scan to complete');
  });

  test('a cancel ends the wait at once, not after the interval', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await waitUntil(async () => undefined, {
      description: 'x',
      timeoutMs: 600_000,
      intervalMs: 300_000,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect((err as ActionFailure).reason).toBe('cancelled');
  });

  test('the interval grows by half up to its ceiling, with jitter within 20%', async () => {
    const waits: number[] = [];
    let clock = 0;
    const realSetTimeout = global.setTimeout;
    // Record the sleeps instead of taking them.
    global.setTimeout = ((fn: () => void, ms: number) => {
      waits.push(ms);
      clock += ms;
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout;
    try {
      let calls = 0;
      await waitUntil(async () => (++calls === 5 ? true : undefined), {
        description: 'x',
        timeoutMs: 1_000_000,
        intervalMs: 1_000,
        maxIntervalMs: 2_000,
        now: () => clock,
        random: () => 0.5,
      });
    } finally {
      global.setTimeout = realSetTimeout;
    }
    expect(waits).toEqual([1_000, 1_500, 2_000, 2_000]);
  });
});
