import { ActionFailure } from './errors.js';

/**
 * The one polling loop of the suite (a CodeBuild build, an ECR scan, a rollout without a watch):
 * calls `check` until it returns a value, waiting `intervalMs` between calls, growing by half each
 * time up to `maxIntervalMs`, with jitter so that parallel jobs do not poll in step. Ends with
 * `timeout` past the deadline and `cancelled` when the run's signal fires, without waiting out the
 * interval in either case.
 */
export interface WaitOptions {
  /** What is awaited, for the messages: "the CodeBuild build to finish". */
  description: string;
  timeoutMs: number;
  intervalMs: number;
  maxIntervalMs?: number;
  signal?: AbortSignal;
  /** Injected by tests. */
  now?: () => number;
  random?: () => number;
}

export async function waitUntil<T>(check: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const deadline = now() + options.timeoutMs;
  let interval = options.intervalMs;
  for (;;) {
    throwIfCancelled(options);
    const value = await check();
    if (value !== undefined) return value;
    const left = deadline - now();
    if (left <= 0) {
      throw new ActionFailure(
        `Gave up waiting for ${options.description} after ${Math.round(options.timeoutMs / 1000)}s.`,
        'timeout',
      );
    }
    const jittered = interval * (0.8 + 0.4 * random());
    await sleep(Math.min(jittered, left), options.signal);
    interval = Math.min(interval * 1.5, options.maxIntervalMs ?? interval);
  }
}

function throwIfCancelled(options: WaitOptions): void {
  if (options.signal?.aborted) {
    throw new ActionFailure(`Stopped waiting for ${options.description}: the run was cancelled.`, 'cancelled');
  }
}

/** Resolves after `ms`, or at once when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
