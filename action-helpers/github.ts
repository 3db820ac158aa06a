import * as github from '@actions/github';
import { ActionFailure } from './errors.js';

/**
 * The GitHub API through Octokit (retries for 5xx and rate limits are Octokit's own), against
 * GITHUB_API_URL so GitHub Enterprise and test servers work unchanged.
 */
export type Octokit = ReturnType<typeof github.getOctokit>;

export function githubClient(token: string | undefined, input = 'github-token'): Octokit {
  if (!token) {
    throw new ActionFailure(
      `Input '${input}' is empty: pass \${{ github.token }} or a token with the needed permissions.`,
      'invalid-input',
    );
  }
  return github.getOctokit(token, {
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    request: { timeout: 30_000 },
  });
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
