import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { ActionFailure } from '../../action-helpers/errors.js';
import {
  bindingDifferences,
  bundleFiles,
  guardDestroy,
  planFileDifferences,
  readManifest,
  sha256,
  type Manifest,
} from './bundle.js';
import { applyArgs, outputJsonArgs } from './commands.js';
import { commentOnPullRequest } from './comment.js';
import { isStalePlanError } from './diagnostics.js';
import { plan, makePlan, readPlan, type Plan } from './plan.js';
import { changedSinceReview, effectDifferences } from './merged.js';
import { leafStrings, type PlanDocument } from './plan-json.js';
import { countsLine } from './report.js';
import { failFromBinary, initBindings, initialise, staticBindings, type Session } from './setup.js';
import { downloadBundle } from './store.js';

/** Events whose workflow runs with the base repository's secrets on code or input others control. */
export const untrustedEvents = ['pull_request_target', 'issue_comment', 'workflow_run'];

/**
 * `apply`: applies the bundle's plan, and only it. Every binding must match this run (checked
 * before init, so a refused apply changes nothing, then the backend and lock file after init), the
 * plan file its recorded hash, and what it does is read from the plan file itself.
 */
export async function apply(session: Session): Promise<void> {
  refuseUntrustedEvent();
  const { inputs, outcome } = session;
  // Plan on the pull request, apply on merge: the bundle is the one made for the reviewed commit.
  const reviewedCommit = inputs.reviewedCommit !== session.commit ? inputs.reviewedCommit : undefined;
  const { reviewed, manifest } = await core.group('Verify the plan bundle', async () => {
    if (inputs.planStore && !core.getInput('plan-bundle')) {
      outcome.storedAt = await downloadBundle(session, inputs.planBundle, reviewedCommit ?? session.commit);
    }
    outcome.bundleDir = inputs.planBundle;
    const found = readManifest(inputs.planBundle);
    // Hash and apply the same bytes: a copy nobody else can change in between.
    const bytes = readFileSync(path.join(inputs.planBundle, bundleFiles.plan));
    const file = path.join(session.scratch, 'reviewed.tfplan');
    writeFileSync(file, bytes);
    outcome.planSha256 = sha256(bytes);
    refuseIf(session, [
      ...planFileDifferences(found, outcome.planSha256, inputs.expectedPlanSha256),
      ...bindingDifferences(found.bindings, { ...staticBindings(session), commit: reviewedCommit ?? session.commit }),
    ]);
    await initialise(session, false);
    refuseIf(session, bindingDifferences(found.bindings, initBindings(session)));
    const read = await readPlan(session, file);
    outcome.plan = read;
    outcome.planJson = path.join(inputs.planBundle, bundleFiles.json);
    guardDestroy(read.summary, inputs.allowDestroy);
    const toApply = reviewedCommit ? await sinceReview(session, reviewedCommit, read) : read;
    return { reviewed: toApply, manifest: found };
  });
  await core.group(inputs.dryRun ? 'Apply (dry run)' : 'Apply', () => applyVerified(session, reviewed, manifest));
}

/** `plan-apply`: a plan and its bundle, then that bundle applied, in one step. */
export async function planApply(session: Session): Promise<void> {
  await plan(session);
  let failed: unknown;
  try {
    await core.group(session.inputs.dryRun ? 'Apply (dry run)' : 'Apply', () =>
      applyVerified(session, session.outcome.plan as Plan, undefined),
    );
  } catch (err) {
    failed = err;
    throw err;
  } finally {
    // The pull request's comment says it was applied, or that applying failed.
    await commentOnPullRequest(session, failed);
  }
}

/**
 * The reviewed plan applies as is when nothing Terraform reads changed since the reviewed commit;
 * otherwise a new plan applies only when it does exactly what the reviewed one did.
 */
async function sinceReview(session: Session, reviewedCommit: string, reviewed: Plan): Promise<Plan> {
  const { inputs, outcome } = session;
  const changed = await changedSinceReview(session, reviewedCommit);
  if (changed.length === 0) {
    outcome.notes = [
      `Reviewed on ${reviewedCommit}; nothing Terraform reads changed since: applying the reviewed plan.`,
    ];
    return reviewed;
  }
  core.info(`Changed since the review (${reviewedCommit}): ${changed.join(', ')}. Planning again to compare.`);
  const fresh = await makePlan(session, path.join(session.scratch, 'since-review.tfplan'));
  outcome.plan = fresh;
  const reviewedJson = JSON.parse(readFileSync(path.join(inputs.planBundle, bundleFiles.json), 'utf8')) as PlanDocument;
  const differences = effectDifferences(reviewedJson, JSON.parse(fresh.redactedJson) as PlanDocument);
  refuseIf(
    session,
    differences.map((d) => `since the review (${changed.length} file(s) changed): ${d}`),
  );
  guardDestroy(fresh.summary, inputs.allowDestroy);
  outcome.notes = [
    `Reviewed on ${reviewedCommit}; ${changed.length} file(s) Terraform reads changed since (${changed.join(', ')}), and a new plan does exactly what the reviewed one did: applying the new plan.`,
  ];
  return fresh;
}

async function applyVerified(session: Session, reviewed: Plan, manifest: Manifest | undefined): Promise<void> {
  const { inputs, outcome, tf } = session;
  if (inputs.dryRun) {
    outcome.status = reviewed.hasChanges
      ? `Dry run: the bundle is verified; applying it would ${countsLine(reviewed.summary.counts)}. Nothing was applied.`
      : 'Dry run: the bundle is verified; it has no changes. Nothing was applied.';
    core.info(outcome.status);
    return;
  }
  if (!reviewed.hasChanges && !manifest) {
    outcome.status = 'No changes to apply.';
  } else if (!reviewed.hasChanges) {
    // Nothing to apply, but the state may have moved since: only a fresh plan can say it still matches.
    await requireNoChanges(session, manifest, 'The reviewed plan has no changes');
    outcome.status = 'No changes to apply: a fresh plan confirms the infrastructure matches the reviewed plan.';
  } else {
    const result = await tf.run(
      applyArgs(reviewed.file, {
        lockTimeoutMs: inputs.lockTimeoutMs,
        parallelism: inputs.parallelism,
        varFiles: reviewed.ephemeral.length > 0 ? session.varFiles : [],
      }),
      { allowFailure: true },
    );
    if (result.exitCode === 0) {
      outcome.applied = true;
      outcome.status = `Applied: ${countsLine(reviewed.summary.counts)}.`;
    } else if (isStalePlanError(result.stderr)) {
      await requireNoChanges(session, manifest, 'The saved plan is stale');
      outcome.status = 'Already applied: the state has moved on and matches the configuration; nothing to do.';
    } else {
      failFromBinary(session, 'apply', result);
    }
  }
  outcome.outputs = await nonSensitiveOutputs(session);
}

/**
 * A plan the state has moved past is fine only when its changes are already in place (a re-run of
 * this job): a fresh plan with the same inputs shows nothing to do. Anything else is plan-stale.
 */
async function requireNoChanges(session: Session, manifest: Manifest | undefined, why: string): Promise<void> {
  core.info(`${why}; planning again to see whether the infrastructure matches it.`);
  const fresh = await makePlan(session, path.join(session.scratch, 'fresh.tfplan'));
  if (!fresh.hasChanges) return;
  throw new ActionFailure(
    `The plan${manifest ? ` from ${manifest.createdAt}` : ''} is stale: the state changed since it was made (someone else applied), and a fresh plan shows ${countsLine(fresh.summary.counts)}. Make and review a new plan.`,
    'plan-stale',
  );
}

function refuseIf(session: Session, differences: string[]): void {
  if (differences.length === 0) return;
  session.outcome.differences = differences;
  throw new ActionFailure(
    `Refusing to apply ${session.inputs.planBundle}: it was not planned for this run. ${differences.join('; ')}. Make a new plan for this commit and environment.`,
    'plan-changed',
  );
}

function refuseUntrustedEvent(): void {
  const event = process.env.GITHUB_EVENT_NAME ?? '';
  if (!untrustedEvents.includes(event)) return;
  throw new ActionFailure(
    `Refusing to apply in a ${event} run: such runs hold the repository's secrets while acting on code or input from others. Apply on push to the default branch, or on workflow_dispatch.`,
    'event-not-allowed',
  );
}

/** Outputs marked sensitive are left out (and masked); the rest become one JSON object. */
async function nonSensitiveOutputs(session: Session): Promise<Record<string, unknown>> {
  const varFiles = session.tf.name === 'tofu' ? session.varFiles : [];
  const { stdout } = await session.tf.run(outputJsonArgs(varFiles), { echo: false, timeoutMs: 5 * 60_000 });
  const json = stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1) || '{}';
  const all = JSON.parse(json) as Record<string, { sensitive?: boolean; value?: unknown }>;
  const shown: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(all)) {
    if (output.sensitive) {
      for (const secret of leafStrings(output.value)) core.setSecret(secret);
    } else {
      shown[name] = output.value;
    }
  }
  return shown;
}
