import { createDeployment, setDeploymentStatus } from '../../action-helpers/github-deployments.js';
import { currentRepo, githubAccessError, githubClient, type Octokit } from '../../action-helpers/github.js';

/**
 * The GitHub view of a promotion, when a token is given: a deployment of the target environment with
 * the digest in its payload (an extra view; the release evidence in the registry is what gates), and
 * the pull request of GitOps pull-request mode. Both are found again on a re-run instead of made twice.
 */
export interface DeploymentRequest {
  environment: string;
  ref: string;
  digest: string;
  image: string;
  sourceEnvironment: string;
}

export async function recordGithubDeployment(octokit: Octokit, request: DeploymentRequest): Promise<number> {
  const repo = currentRepo();
  const { deployment } = await createDeployment(octokit, repo, {
    environment: request.environment,
    ref: request.ref,
    payload: { digest: request.digest, image: request.image, from: request.sourceEnvironment },
    description: `Promoted ${request.digest.slice(0, 19)} from ${request.sourceEnvironment}`,
  });
  await setDeploymentStatus(octokit, repo, deployment.id, { state: 'success', description: request.image });
  return deployment.id;
}

export interface PullRequestRequest {
  owner: string;
  repo: string;
  head: string;
  base: string;
  title: string;
  body: string;
}

/** Opens the pull request, or finds the one an earlier run opened from the same branch. */
export async function openPullRequest(
  octokit: Octokit,
  request: PullRequestRequest,
): Promise<{ number: number; url: string; created: boolean }> {
  const repo = { owner: request.owner, repo: request.repo };
  try {
    const open = await octokit.rest.pulls.list({
      ...repo,
      head: `${request.owner}:${request.head}`,
      base: request.base,
      state: 'open',
    });
    const found = open.data[0];
    if (found) return { number: found.number, url: found.html_url, created: false };
    const created = await octokit.rest.pulls.create({ ...request, maintainer_can_modify: true });
    return { number: created.data.number, url: created.data.html_url, created: true };
  } catch (err) {
    throw githubAccessError(err, 'open a pull request in', repo, 'permissions: pull-requests: write');
  }
}

export function client(token: string, signal: AbortSignal, input: string): Octokit {
  return githubClient(token, { signal, input });
}
