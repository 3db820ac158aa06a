import { githubAccessError, type Octokit, type RepoContext } from './github.js';
import { runUrl } from './run.js';

/**
 * GitHub Deployments: a view of what runs where, for people and for detect-changed-paths'
 * `since-deployment`. Optional for the actions that deploy (under act there is no GitHub API; the
 * release evidence in the registry is what gates), so nothing here is needed for a deployment to
 * happen. A refusal the caller can fix becomes an ActionFailure with reason `github-access`.
 */
export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  createdAt: string;
  payload: Record<string, unknown>;
}

export interface DeploymentSearch {
  deployment?: Deployment;
  /** How many deployments to the environment were examined (0: it was never deployed). */
  examined: number;
}

/**
 * The last successful deployment to an environment: deployments are listed newest first, and the
 * first whose latest status is `success` wins (a newer one in progress, failed, errored or made
 * inactive is passed over). Bounded: at most `maxDeployments` are examined, one status request each.
 */
export async function lastSuccessfulDeployment(
  octokit: Octokit,
  repo: RepoContext,
  environment: string,
  maxDeployments = 100,
): Promise<DeploymentSearch> {
  return mapped('list the deployments of', repo, 'permissions: deployments: read', async () => {
    let examined = 0;
    for (let page = 1; examined < maxDeployments; page++) {
      const perPage = Math.min(100, maxDeployments);
      const { data: deployments } = await octokit.rest.repos.listDeployments({
        ...repo,
        environment,
        per_page: perPage,
        page,
      });
      for (const d of deployments) {
        if (examined >= maxDeployments) break;
        examined++;
        if ((await latestState(octokit, repo, d.id)) === 'success') return { deployment: deploymentOf(d), examined };
      }
      if (deployments.length < perPage) break;
    }
    return { examined };
  });
}

export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

export interface DeploymentRequest {
  environment: string;
  /** Branch, tag or commit SHA to record; GitHub resolves it to a commit. */
  ref: string;
  /** What was deployed (digest, image, ...): also what makes a re-run find its deployment again. */
  payload: Record<string, unknown>;
  description?: string;
  /** Defaults as GitHub's: true for an environment named `production`. */
  productionEnvironment?: boolean;
}

/**
 * Records a deployment, or finds the one an earlier attempt of the same run recorded: same
 * environment, same commit, same payload. GitHub is told not to merge the default branch into the
 * ref and not to wait for commit statuses: the deployment already happened, this only records it.
 */
export async function createDeployment(
  octokit: Octokit,
  repo: RepoContext,
  request: DeploymentRequest,
): Promise<{ deployment: Deployment; created: boolean }> {
  return mapped('create a deployment in', repo, 'permissions: deployments: write', async () => {
    const { data: existing } = await octokit.rest.repos.listDeployments({
      ...repo,
      environment: request.environment,
      ...(/^[0-9a-f]{40}$/i.test(request.ref) ? { sha: request.ref } : { ref: request.ref }),
      per_page: 100,
    });
    const wanted = canonicalJson(request.payload);
    const same = existing.find((d) => canonicalJson(payloadOf(d.payload)) === wanted);
    if (same) return { deployment: deploymentOf(same), created: false };
    const { data } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: request.ref,
      environment: request.environment,
      payload: request.payload,
      description: request.description?.slice(0, 140),
      auto_merge: false,
      required_contexts: [],
      ...(request.productionEnvironment === undefined ? {} : { production_environment: request.productionEnvironment }),
    });
    // 202 is GitHub's answer when it merged instead of deploying, which auto_merge: false rules out.
    if (!('id' in data)) throw new Error(`GitHub did not record the deployment: ${data.message ?? 'no reason given'}`);
    return { deployment: deploymentOf(data), created: true };
  });
}

export interface DeploymentStatusRequest {
  state: DeploymentState;
  /** The run's log; defaults to this workflow run's page. */
  logUrl?: string;
  environmentUrl?: string;
  /** GitHub keeps at most 140 characters: longer text is cut. */
  description?: string;
}

/**
 * Adds a status to a deployment (GitHub keeps them all; the newest is the deployment's state), unless
 * the newest already says the same: a re-run adds nothing.
 */
export async function setDeploymentStatus(
  octokit: Octokit,
  repo: RepoContext,
  deploymentId: number,
  status: DeploymentStatusRequest,
): Promise<{ created: boolean }> {
  const description = status.description?.slice(0, 140);
  return mapped('set a deployment status in', repo, 'permissions: deployments: write', async () => {
    const { data: newest } = await octokit.rest.repos.listDeploymentStatuses({
      ...repo,
      deployment_id: deploymentId,
      per_page: 1,
    });
    const latest = newest[0];
    if (
      latest?.state === status.state &&
      (latest.description ?? '') === (description ?? '') &&
      (latest.environment_url ?? '') === (status.environmentUrl ?? '')
    ) {
      return { created: false };
    }
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: deploymentId,
      state: status.state,
      log_url: status.logUrl ?? runUrl(),
      environment_url: status.environmentUrl,
      description,
    });
    return { created: true };
  });
}

async function latestState(octokit: Octokit, repo: RepoContext, deploymentId: number): Promise<string | undefined> {
  const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
    ...repo,
    deployment_id: deploymentId,
    per_page: 100,
  });
  // Newest first as GitHub returns them; sorted anyway, so the order of the answer never matters.
  return [...statuses].sort((a, b) => b.id - a.id)[0]?.state;
}

interface ApiDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  created_at: string;
  payload: unknown;
}

function deploymentOf(d: ApiDeployment): Deployment {
  return {
    id: d.id,
    sha: d.sha,
    ref: d.ref,
    environment: d.environment,
    createdAt: d.created_at,
    payload: payloadOf(d.payload),
  };
}

/** GitHub answers the payload as an object, or as the string it was given. */
function payloadOf(payload: unknown): Record<string, unknown> {
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload);
    } catch {
      return {};
    }
  }
  return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

async function mapped<T>(what: string, repo: RepoContext, permission: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw githubAccessError(err, what, repo, permission);
  }
}
