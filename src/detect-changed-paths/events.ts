import { ActionFailure } from '../../action-helpers/errors.js';
import { isFullSha, isNullSha } from '../../action-helpers/git.js';

/**
 * Where the comparison starts and ends, chosen from the event that started the workflow (the payload
 * in GITHUB_EVENT_PATH) or from the inputs, before any git command runs. Pure, so every event type
 * is a table row in the unit tests.
 *
 * Two ways to compare:
 *  - `tree`: the files that differ between two commits (push: before..after; a deployed commit and
 *    now). Needs only the two commits, never the history between them.
 *  - `merge-base`: what head changed since it left base (a pull request's "Files changed"). Needs
 *    enough history to find where the two met; shallow clones are deepened for it.
 */
export type CommitSpec =
  /** A full SHA from the event payload or the deployment. */
  | { sha: string }
  /** Whatever the user typed in `base`/`head`: a SHA, a branch, a tag, HEAD~3... */
  | { rev: string }
  /** A branch of the remote, by name (a new branch is compared with the default branch). */
  | { branch: string };

export type BasePlan =
  | { kind: 'compare'; base: CommitSpec; head: CommitSpec; mode: 'tree' | 'merge-base'; source: string }
  /** The base is the commit of the last successful deployment to an environment. */
  | { kind: 'deployment'; environment: string; head: CommitSpec; source: string }
  /** No base exists for this run: on-missing-base decides. */
  | { kind: 'no-base'; head: CommitSpec; reason: string; source: string }
  /** Nothing can have changed (a deleted branch). */
  | { kind: 'nothing'; reason: string; source: string };

export interface EventContext {
  eventName: string;
  payload: Record<string, unknown>;
  /** GITHUB_SHA: the commit the workflow runs on. */
  sha?: string;
  base?: string;
  head?: string;
  sinceDeployment?: string;
}

const pullRequestEvents = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

/**
 * The commits a payload names reach git as revisions: each must be a full hex object id (or GitHub's
 * all-zero id), never anything git could read as an option or a range. Returns it in lower case.
 */
function objectId(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && (isFullSha(value) || (isNullSha(value) && value.length >= 40))) {
    return value.toLowerCase();
  }
  const shown = JSON.stringify(typeof value === 'string' && value.length > 80 ? `${value.slice(0, 77)}...` : value);
  throw new ActionFailure(
    `The event's ${where} is ${shown}, not a commit SHA (40 or 64 hex digits): the payload is not one GitHub sent.`,
    'invalid-event',
  );
}

export function planBase(ctx: EventContext): BasePlan {
  const p = ctx.payload;
  const sha = objectId(ctx.sha, 'GITHUB_SHA');
  const defaultHead: CommitSpec = ctx.head ? { rev: ctx.head } : sha ? { sha } : { rev: 'HEAD' };

  if (ctx.sinceDeployment) {
    return {
      kind: 'deployment',
      environment: ctx.sinceDeployment,
      head: defaultHead,
      source: `since-deployment (${ctx.sinceDeployment})`,
    };
  }
  if (ctx.base) {
    return { kind: 'compare', base: { rev: ctx.base }, head: defaultHead, mode: 'merge-base', source: 'input base' };
  }

  if (pullRequestEvents.has(ctx.eventName)) {
    const pr = record(p.pull_request);
    const base = record(pr.base);
    const head = record(pr.head);
    const baseSha = objectId(base.sha, 'pull_request.base.sha');
    const headSha = objectId(head.sha, 'pull_request.head.sha');
    if (!baseSha) {
      return {
        kind: 'no-base',
        head: defaultHead,
        reason: `the ${ctx.eventName} payload has no pull_request.base.sha`,
        source: ctx.eventName,
      };
    }
    return {
      kind: 'compare',
      base: { sha: baseSha },
      head: ctx.head ? defaultHead : headSha ? { sha: headSha } : defaultHead,
      mode: 'merge-base',
      source: `${ctx.eventName} #${String(pr.number ?? p.number ?? '?')} (base ${str(base.ref) ?? baseSha})`,
    };
  }

  if (ctx.eventName === 'merge_group') {
    const group = record(p.merge_group);
    const baseSha = objectId(group.base_sha, 'merge_group.base_sha');
    const headSha = objectId(group.head_sha, 'merge_group.head_sha');
    if (!baseSha) {
      return {
        kind: 'no-base',
        head: defaultHead,
        reason: 'the merge_group payload has no base_sha',
        source: 'merge_group',
      };
    }
    return {
      kind: 'compare',
      base: { sha: baseSha },
      head: ctx.head ? defaultHead : headSha ? { sha: headSha } : defaultHead,
      mode: 'tree',
      source: `merge_group (${str(group.base_ref) ?? baseSha})`,
    };
  }

  if (ctx.eventName === 'push') {
    const before = objectId(p.before, 'before');
    const after = objectId(p.after, 'after');
    const ref = str(p.ref) ?? '';
    const head: CommitSpec = ctx.head ? defaultHead : after && !isNullSha(after) ? { sha: after } : defaultHead;
    if (p.deleted === true || isNullSha(after)) {
      return { kind: 'nothing', reason: `the push deleted ${ref || 'a ref'}: nothing to build`, source: 'push' };
    }
    if (!before || isNullSha(before)) {
      const defaultBranch = str(record(p.repository).default_branch);
      const branch = ref.replace(/^refs\/heads\//, '');
      if (!defaultBranch || (ref.startsWith('refs/heads/') && branch === defaultBranch)) {
        return {
          kind: 'no-base',
          head,
          reason: `the push created ${ref || 'a ref'} with no earlier commit to compare with`,
          source: 'push (new branch)',
        };
      }
      // A new branch: what it adds on top of the default branch.
      return {
        kind: 'compare',
        base: { branch: defaultBranch },
        head,
        mode: 'merge-base',
        source: `push (new ${ref.startsWith('refs/tags/') ? 'tag' : 'branch'}, compared with ${defaultBranch})`,
      };
    }
    return {
      kind: 'compare',
      base: { sha: before },
      head,
      // A force push replaced the branch: the files that differ between the old and the new tip
      // are what changed, whether or not the old tip is an ancestor.
      mode: 'tree',
      source: p.forced === true ? 'push (forced)' : 'push',
    };
  }

  return {
    kind: 'no-base',
    head: defaultHead,
    reason: `a ${ctx.eventName || 'run with no event'} has no base commit (set the base or since-deployment input)`,
    source: ctx.eventName || 'none',
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
