import * as core from '@actions/core';
import { ActionFailure } from '../../action-helpers/errors.js';
import { isFullSha } from '../../action-helpers/git.js';
import { parseNameStatusZ, type FileChange } from './diff.js';
import type { EarlyDiff } from './early.js';
import type { BasePlan, CommitSpec } from './events.js';
import type { History } from './history.js';
import type { Inputs } from './inputs.js';

/**
 * The comparison a plan asks for: find the two commits (fetching what a shallow clone lacks, finding
 * the merge-base), then list the changes between them. When there is no base, on-missing-base decides:
 * fail, or every file at head counts as changed.
 */
export interface Comparison {
  base: string;
  head: string;
  changes: FileChange[];
  /** How the base was chosen: "push", "pull_request #12 (base main)", ... */
  source: string;
  /** Set when no base was found and every group counts as changed: why. */
  missingBase?: string;
  /** Set when nothing can have changed (a deleted branch): why. */
  nothing?: string;
}

export async function compare(
  plan: BasePlan,
  history: History,
  inputs: Inputs,
  renames: boolean,
  early?: EarlyDiff,
): Promise<Comparison> {
  if (plan.kind === 'nothing') {
    core.info(plan.reason);
    return { base: '', head: '', changes: [], source: plan.source, nothing: plan.reason };
  }

  // The common case (a push, a merge queue) names both commits by SHA: one git call when both are
  // already here, and the checks and fetches only when that call fails.
  if (plan.kind === 'compare' && plan.mode === 'tree' && 'sha' in plan.base && 'sha' in plan.head) {
    const { sha: base } = plan.base;
    const { sha: head } = plan.head;
    const started =
      early &&
      early.base === base &&
      early.head === head &&
      early.renames === renames &&
      early.cwd === inputs.workingDirectory
        ? await early.result
        : undefined;
    // An early diff that failed (a commit missing from a shallow clone) needs no second try here.
    const changes = started
      ? started.exitCode === 0
        ? parseNameStatusZ(started.stdout)
        : undefined
      : await history.diff(base, head, renames);
    if (changes) return { base, head, changes, source: plan.source };
  }

  const head = await resolveHead(plan.head, history, inputs, plan.kind === 'compare' ? plan.mode : 'tree');
  let base: string | undefined;
  let mode: 'tree' | 'merge-base' = 'tree';
  let missing: string | undefined;
  let source = plan.source;
  if (plan.kind === 'no-base') {
    missing = plan.reason;
  } else if (plan.kind === 'deployment') {
    const found = await deployedCommit(plan.environment, inputs);
    if (found.sha) {
      source = `${plan.source}: deployment ${found.id} of ${found.sha.slice(0, 12)}`;
      base = await history.resolve({ sha: found.sha }, 'tree');
      if (!base) missing = `the deployed commit ${found.sha} is not in the clone and could not be fetched`;
    } else {
      missing = found.reason;
    }
  } else {
    mode = plan.mode;
    if ('rev' in plan.base) {
      base = await history.resolveInput('base', plan.base.rev, mode);
    } else {
      base = await history.resolve(plan.base, mode);
      if (!base) {
        const what = 'sha' in plan.base ? `commit ${plan.base.sha}` : `branch ${plan.base.branch}`;
        missing = `the base ${what} is not in the clone and could not be fetched from origin`;
      }
    }
  }

  if (base && mode === 'merge-base') {
    const mergeBase = await history.mergeBase(base, head);
    if (mergeBase) {
      if (mergeBase !== base) source = `${source}; merge-base ${mergeBase.slice(0, 12)}`;
      base = mergeBase;
    } else {
      missing =
        (await history.isShallow()) || history.deepened > 0
          ? `no common history of ${base.slice(0, 12)} and ${head.slice(0, 12)} within ${history.deepened} fetched commit(s) (max-fetch-depth: ${inputs.maxFetchDepth})`
          : `${base.slice(0, 12)} and ${head.slice(0, 12)} share no history`;
      base = undefined;
    }
  }

  if (base && missing === undefined) {
    const changes = await history.diff(base, head, renames);
    if (changes) return { base, head, changes, source };
    missing = `git could not compare ${base} with ${head}`;
  }

  const reason = missing ?? 'no base';
  if (inputs.onMissingBase === 'fail') {
    throw new ActionFailure(`No base to compare with: ${reason}. on-missing-base is fail.`, 'missing-base');
  }
  core.warning(`No base to compare with: ${reason}. Every group counts as changed (on-missing-base: all).`);
  return { base: '', head, changes: await history.allFiles(head), source, missingBase: reason };
}

async function resolveHead(
  spec: CommitSpec,
  history: History,
  inputs: Inputs,
  purpose: 'tree' | 'merge-base',
): Promise<string> {
  if ('rev' in spec && inputs.head) return history.resolveInput('head', spec.rev, purpose);
  const head = await history.resolve(spec, purpose);
  if (!head) {
    const what = 'sha' in spec ? spec.sha : 'rev' in spec ? spec.rev : spec.branch;
    throw new ActionFailure(
      `The head commit ${what} is not in the clone and could not be fetched from origin.`,
      'missing-head',
    );
  }
  return head;
}

async function deployedCommit(
  environment: string,
  inputs: Inputs,
): Promise<{ sha?: string; id?: number; reason?: string }> {
  // Loaded only here: the GitHub client is most of a bundle that otherwise starts in milliseconds.
  const { currentRepo, githubClient } = await import('../../action-helpers/github.js');
  const { lastSuccessfulDeployment } = await import('../../action-helpers/github-deployments.js');
  // A refusal (token, permission) is an ActionFailure 'github-access' from there.
  const search = await lastSuccessfulDeployment(githubClient(inputs.githubToken), currentRepo(), environment);
  if (!search.deployment) {
    return {
      reason:
        search.examined === 0
          ? `environment '${environment}' was never deployed`
          : `none of the last ${search.examined} deployment(s) to '${environment}' succeeded`,
    };
  }
  const { id, sha, createdAt } = search.deployment;
  // The API's answer reaches git as a revision: only a full object id is one.
  if (!isFullSha(sha))
    return { reason: `deployment ${id} names ${JSON.stringify(sha.slice(0, 80))}, not a commit SHA` };
  core.info(`Last successful deployment to ${environment}: ${id} (${sha}, ${createdAt})`);
  return { sha: sha.toLowerCase(), id };
}
