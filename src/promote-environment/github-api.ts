import { ActionFailure, messageOf } from '../../action-helpers/errors.js';
import { currentRepo, githubClient, type Octokit } from '../../action-helpers/github.js';

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
  logUrl?: string;
}

export async function recordGithubDeployment(octokit: Octokit, request: DeploymentRequest): Promise<number> {
  const repo = currentRepo();
  return guard('record the GitHub deployment', async () => {
    const existing = await octokit.rest.repos.listDeployments({
      ...repo,
      sha: request.ref,
      environment: request.environment,
      per_page: 100,
    });
    const same = existing.data.find((d) => payloadDigest(d.payload) === request.digest);
    if (same) return same.id;
    const created = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: request.ref,
      environment: request.environment,
      description: `Promote ${request.digest.slice(0, 19)} from ${request.sourceEnvironment}`,
      payload: { digest: request.digest, image: request.image, from: request.sourceEnvironment },
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
    });
    if (!('id' in created.data)) {
      throw new ActionFailure(
        `GitHub did not create the deployment: ${created.data.message ?? ''}`,
        'github-api-failed',
      );
    }
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: created.data.id,
      state: 'success',
      log_url: request.logUrl,
      description: `${request.image}`.slice(0, 140),
    });
    return created.data.id;
  });
}

function payloadDigest(payload: unknown): string | undefined {
  if (typeof payload === 'string') {
    try {
      return (JSON.parse(payload) as { digest?: string }).digest;
    } catch {
      return undefined;
    }
  }
  return (payload as { digest?: string } | null)?.digest;
}

export interface PullRequestRequest {
  owner: string;
  repo: string;
  head: string;
  base: string;
  title: string;
  body: string;
}

export async function openPullRequest(
  octokit: Octokit,
  request: PullRequestRequest,
): Promise<{ number: number; url: string; created: boolean }> {
  return guard('open the GitOps pull request', async () => {
    const open = await octokit.rest.pulls.list({
      owner: request.owner,
      repo: request.repo,
      head: `${request.owner}:${request.head}`,
      base: request.base,
      state: 'open',
    });
    const found = open.data[0];
    if (found) return { number: found.number, url: found.html_url, created: false };
    const created = await octokit.rest.pulls.create({ ...request, maintainer_can_modify: true });
    return { number: created.data.number, url: created.data.html_url, created: true };
  });
}

export function client(token: string): Octokit {
  return githubClient(token);
}

async function guard<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (err instanceof ActionFailure) throw err;
    const status = (err as { status?: number }).status;
    throw new ActionFailure(
      `Could not ${what}: ${messageOf(err)}${status === 403 || status === 404 ? ' (check the token has deployments: write / pull-requests: write and contents: write)' : ''}`,
      'github-api-failed',
      { cause: err },
    );
  }
}
