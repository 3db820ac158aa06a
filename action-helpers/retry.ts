/**
 * Bounded retries with exponential backoff and full jitter, for transient failures only:
 * throttling, 5xx and network errors. Anything else fails at once, because repeating a request
 * the server refused for a reason only delays the real error.
 */
export interface RetryOptions {
  /** Total attempts, the first included. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  isRetryable?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** Injected by tests to avoid real waiting. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const throttlingCodes = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'TOOMANYREQUESTS',
]);

const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'TimeoutError',
  'RequestTimeout',
]);

/** HTTP status of an error from the AWS SDK, Octokit or a fetch wrapper, when it carries one. */
function statusOf(err: Record<string, unknown>): number | undefined {
  const metadata = err.$metadata as { httpStatusCode?: number } | undefined;
  const status = metadata?.httpStatusCode ?? err.status ?? err.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function isTransient(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as Record<string, unknown>;
  const names = [e.name, e.code, e.Code].filter((v): v is string => typeof v === 'string');
  if (names.some((n) => throttlingCodes.has(n) || networkCodes.has(n))) return true;
  const status = statusOf(e);
  if (status !== undefined) return status === 429 || status >= 500;
  // fetch() wraps the socket error: look one level down.
  return e.cause !== undefined && e.cause !== err && isTransient(e.cause);
}

export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const {
    attempts = 5,
    baseDelayMs = 500,
    maxDelayMs = 20_000,
    isRetryable = isTransient,
    onRetry,
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random = Math.random,
  } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      const delay = backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
      onRetry?.(err, attempt, delay);
      await sleep(delay);
    }
  }
}
