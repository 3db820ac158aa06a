import type { Octokit, RepoContext } from '../../action-helpers/github.js';

/**
 * The commit of the last successful deployment to an environment, from the Deployments API:
 * deployments are listed newest first, and the first one whose latest status is `success` wins
 * (a newer one still in progress, failed or errored is passed over). Bounded: at most
 * `maxDeployments` are examined, one status request each.
 */
export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  createdAt: string;
}

export interface DeploymentSearch {
  deployment?: Deployment;
  /** How many deployments to the environment were examined (0: it was never deployed). */
  examined: number;
}

export async function lastSuccessfulDeployment(
  octokit: Octokit,
  repo: RepoContext,
  environment: string,
  maxDeployments = 100,
): Promise<DeploymentSearch> {
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
      const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
        ...repo,
        deployment_id: d.id,
        per_page: 100,
      });
      // Newest first as GitHub returns them; sorted anyway, so the order of the answer never matters.
      const latest = [...statuses].sort((a, b) => b.id - a.id)[0];
      if (latest?.state === 'success') {
        return { deployment: { id: d.id, sha: d.sha, ref: d.ref, createdAt: d.created_at }, examined };
      }
    }
    if (deployments.length < perPage) break;
  }
  return { examined };
}
