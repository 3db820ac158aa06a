import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { ActionFailure } from '../../action-helpers/errors.js';
import { parseNameStatusZ, type FileChange } from '../../action-helpers/git.js';
import { setOutputs, writeSummary } from '../../action-helpers/outputs.js';
import { lastSuccessfulDeployment } from './deployments.js';
import type { Early, EarlyDiff } from './early.js';
import { planBase, type BasePlan, type CommitSpec } from './events.js';
import { parseFilters } from './filters.js';
import { History } from './history.js';
import { getInputs, type Inputs } from './inputs.js';
import { GroupMatcher, resolveDependencies } from './matcher.js';
import { changedNames, fileListOutputs, mainOutputs, summaryRows, type Outcome } from './report.js';

/** GitHub refuses a step output over 1 MB; a longer file list goes to a file only. */
const maxOutputBytes = 1_000_000;

export async function run(early: Early = { payload: {} }): Promise<void> {
  if (early.payloadError) throw new ActionFailure(early.payloadError, 'invalid-event');
  const timer = new PhaseTimer();
  const inputs = getInputs();
  const filters = await parseFilters(inputs.filters.text, inputs.filters.source);
  for (const warning of filters.warnings) core.warning(warning);
  const groups = filters.groups;
  const matcher = new GroupMatcher(groups);
  timer.mark('filters');

  const plan = planBase({
    eventName: process.env.GITHUB_EVENT_NAME ?? '',
    payload: early.payload,
    sha: process.env.GITHUB_SHA || undefined,
    base: inputs.base,
    head: inputs.head,
    sinceDeployment: inputs.sinceDeployment,
  });
  const history = new History({ cwd: inputs.workingDirectory, remote: 'origin', maxFetchDepth: inputs.maxFetchDepth });
  // Rename detection only matters to a group that counts some kinds of change and not others;
  // without it a rename is a deletion plus an addition, and both paths are matched either way.
  const renames = groups.some((g) => g.changeTypes !== undefined);
  const comparison = await compare(plan, history, inputs, renames, early.diff);
  timer.mark('git');

  const matches = matcher.match(comparison.changes);
  timer.mark('match');
  let changed: boolean[];
  let via: (string | undefined)[];
  if (comparison.missingBase !== undefined) {
    changed = groups.map(() => true);
    via = groups.map(() => undefined);
  } else {
    ({ changed, via } = resolveDependencies(
      groups,
      matches.map((m) => m.files.length > 0),
    ));
  }
  const outcome: Outcome = {
    groups,
    matches,
    changed,
    via,
    base: comparison.base,
    head: comparison.head,
    source: comparison.source,
    missingBase: comparison.missingBase,
    nothing: comparison.nothing,
    totalChanges: comparison.changes.length,
  };

  const outputs = mainOutputs(outcome);
  if (inputs.listFiles !== 'none') Object.assign(outputs, writeFileLists(outcome, inputs.listFiles));
  setOutputs(outputs);
  timer.mark('outputs');

  const names = changedNames(outcome);
  core.info(
    `${outcome.totalChanges} changed file(s) between ${outcome.base || '(no base)'} and ${outcome.head || '(no head)'} [${outcome.source}]; ` +
      `${names.length} of ${groups.length} group(s) changed${names.length > 0 ? `: ${preview(names)}` : ''}`,
  );
  await summarise(outcome, filters.warnings);
  timer.mark('summary');
  core.debug(`timings (ms since start): ${timer.report()}`);
}

/** Where the time goes, for the debug log (RUNNER_DEBUG=1). */
class PhaseTimer {
  private readonly marks: string[] = [`loaded ${performance.now().toFixed(0)}`];
  mark(phase: string): void {
    this.marks.push(`${phase} ${performance.now().toFixed(0)}`);
  }
  report(): string {
    return this.marks.join(', ');
  }
}

interface Comparison {
  base: string;
  head: string;
  changes: FileChange[];
  source: string;
  missingBase?: string;
  nothing?: string;
}

async function compare(
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
    if (changes)
      return { base: plan.base.sha.toLowerCase(), head: plan.head.sha.toLowerCase(), changes, source: plan.source };
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
  const octokit = githubClient(inputs.githubToken);
  const repo = currentRepo();
  let search;
  try {
    search = await lastSuccessfulDeployment(octokit, repo, environment);
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 401 || status === 403 || status === 404) {
      throw new ActionFailure(
        `Could not list the deployments of ${repo.owner}/${repo.repo} (HTTP ${status}): the token needs \`permissions: deployments: read\`.`,
        'github-access',
        { cause: err },
      );
    }
    throw err;
  }
  if (!search.deployment) {
    return {
      reason:
        search.examined === 0
          ? `environment '${environment}' was never deployed`
          : `none of the last ${search.examined} deployment(s) to '${environment}' succeeded`,
    };
  }
  core.info(
    `Last successful deployment to ${environment}: ${search.deployment.id} (${search.deployment.sha}, ${search.deployment.createdAt})`,
  );
  return { sha: search.deployment.sha, id: search.deployment.id };
}

/** The file lists go to RUNNER_TEMP (see fileListOutputs), with a warning for those too large for an output. */
function writeFileLists(o: Outcome, mode: 'json' | 'file'): Record<string, string> {
  const root = process.env.RUNNER_TEMP || tmpdir();
  mkdirSync(root, { recursive: true });
  const { outputs, tooLarge } = fileListOutputs(
    o,
    mode,
    mkdtempSync(join(root, 'detect-changed-paths-')),
    maxOutputBytes,
  );
  if (tooLarge.length > 0) {
    core.warning(
      `The file lists of ${preview(tooLarge)} are too large for step outputs (over 1 MB each, or 20 MB in all): read them from <group>-files-path instead.`,
    );
  }
  return outputs;
}

async function summarise(o: Outcome, warnings: readonly string[]): Promise<void> {
  const { rows, hidden } = summaryRows(o);
  const lines: string[] = [];
  if (o.nothing) lines.push(o.nothing);
  else if (o.missingBase)
    lines.push(`No base: ${o.missingBase}. Every group counts as changed (on-missing-base: all).`);
  else
    lines.push(
      `${o.totalChanges} changed file(s), ${o.base.slice(0, 12)}..${o.head.slice(0, 12)}, base from ${o.source}.`,
    );
  if (hidden > 0) {
    const changedHidden = o.changed.filter(Boolean).length - rows.filter((r) => r[1] === 'yes').length;
    lines.push(
      `${hidden} group(s) not listed${changedHidden > 0 ? ` (${changedHidden} of them changed: see the changes output)` : ', none of them changed'}.`,
    );
  }
  for (const w of warnings) lines.push(`Warning: ${w}`);
  await writeSummary({
    heading: `Changed paths: ${changedNames(o).length} of ${o.groups.length} group(s)`,
    lines,
    table: { header: ['group', 'changed', 'files', 'why'], rows },
  });
}

function preview(names: readonly string[], max = 20): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
