import * as core from '@actions/core';
import * as github from '@actions/github';
import { randomUUID } from 'node:crypto';
import { defaults as toolkitDefaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { ActionFailure } from './errors.js';

/**
 * The GitHub API through one Octokit, against GITHUB_API_URL so GitHub Enterprise and the test
 * server work unchanged. Retries are Octokit's own plugins: plugin-retry repeats 5xx and network
 * failures (3 times, after 1, 4 and 9 s; never 4xx), plugin-throttling paces writes as GitHub asks
 * and waits out a rate limit when GitHub says how long. No hand-written retry goes around it.
 */
export type Octokit = ReturnType<typeof github.getOctokit>;

export interface GithubClientOptions {
  /** The input the token came from, for the message when it is empty. */
  input?: string;
  /** The run's cancel: aborts the request in flight, and the aborted request is not retried. */
  signal?: AbortSignal;
  /** Per attempt; a timed-out attempt counts as a network failure and is retried. */
  timeoutMs?: number;
}

/** A rate limit is waited out only this long; beyond it the step fails instead of idling the runner. */
const maxRateLimitWaitSeconds = 120;
const maxRateLimitRetries = 2;
const clientErrors = Array.from({ length: 100 }, (_, i) => 400 + i);

export function githubClient(token: string | undefined, options: GithubClientOptions = {}): Octokit {
  const { input = 'github-token', signal, timeoutMs = 30_000 } = options;
  if (!token) {
    throw new ActionFailure(
      `Input '${input}' is empty: pass \${{ github.token }} or a token with the needed permissions.`,
      'invalid-input',
    );
  }
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const retrying = retryCount < maxRateLimitRetries && retryAfter <= maxRateLimitWaitSeconds;
      if (retrying) core.info(`GitHub's ${kind} for ${request.method} ${request.url}: retrying in ${retryAfter} s.`);
      return retrying;
    };
  return github.getOctokit(
    token,
    {
      baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      // Replaces the toolkit's `request` defaults as a whole, so its proxy-aware fetch is wrapped, not lost.
      request: { fetch: fetchWithDeadline(toolkitFetch(), timeoutMs, signal) },
      // Only 5xx and network failures are repeated (429 and 403 rate limits are plugin-throttling's):
      // every other 4xx is an answer, and 409 (conflict) is not in the plugin's own list.
      retry: { doNotRetry: clientErrors.filter((status) => status !== 429) },
      throttle: {
        // Writes are paced per client (one per run), not across every client this process ever made.
        id: randomUUID(),
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
      },
      log: {
        debug: (m: string) => core.debug(m),
        info: () => {},
        warn: (m: string) => core.warning(m),
        error: (m: string) => core.warning(m),
      },
    },
    retry,
    throttling,
  );
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

function toolkitFetch(): Fetch {
  return (toolkitDefaults.request?.fetch as Fetch | undefined) ?? ((url, init) => fetch(url, init));
}

/**
 * Each attempt gets its own deadline. A cancelled run's request fails as an Error named AbortError:
 * Octokit hands that error on without its request, which is what keeps plugin-retry from repeating it.
 */
function fetchWithDeadline(base: Fetch, timeoutMs: number, cancel?: AbortSignal): Fetch {
  return async (url, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signals = [deadline, ...(cancel ? [cancel] : []), ...(init.signal ? [init.signal] : [])];
    try {
      return await base(url, { ...init, signal: AbortSignal.any(signals) });
    } catch (err) {
      if (cancel?.aborted) {
        throw Object.assign(new Error('The run was cancelled.', { cause: cancel.reason }), { name: 'AbortError' });
      }
      if (deadline.aborted) throw new Error(`GitHub did not answer within ${timeoutMs} ms`, { cause: err });
      throw err;
    }
  };
}

export interface RepoContext {
  owner: string;
  repo: string;
}

/** The repository the workflow runs in, from GITHUB_REPOSITORY. */
export function currentRepo(): RepoContext {
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo)
    throw new ActionFailure(
      'GITHUB_REPOSITORY is not set: this step must run inside a GitHub Actions job.',
      'invalid-input',
    );
  return { owner, repo };
}

/** The status of a failed GitHub API call (Octokit's RequestError), if it has one. */
export function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A refusal the caller can fix (bad token, missing permission, repository not visible to the token,
 * rate limit exhausted) as an ActionFailure with reason `github-access` naming the permission needed;
 * anything else (a 5xx after the retries, a bug) is returned unchanged. `what` reads before the
 * repository's name: 'list the deployments of'.
 */
export function githubAccessError(err: unknown, what: string, repo: RepoContext, permission: string): unknown {
  const status = statusOf(err);
  if (status !== 401 && status !== 403 && status !== 404 && status !== 429) return err;
  const rateLimited = status === 429 || /rate limit/i.test((err as Error).message ?? '');
  const fix = rateLimited
    ? `GitHub's API rate limit was reached; try again later`
    : `the token needs \`${permission}\``;
  return new ActionFailure(`Could not ${what} ${repo.owner}/${repo.repo} (HTTP ${status}): ${fix}.`, 'github-access', {
    cause: err,
  });
}
