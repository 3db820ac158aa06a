import path from 'node:path';
import * as core from '@actions/core';
import { ActionFailure } from '../../action-helpers/errors.js';
import { bundleFiles, guardDestroy, writeBundle } from './bundle.js';
import { planArgs, showJsonArgs, showTextArgs } from './commands.js';
import { commentOnPullRequest } from './comment.js';
import {
  ephemeralVariables,
  planHasChanges,
  redactPlan,
  sensitiveStrings,
  summarisePlan,
  type PlanDocument,
} from './plan-json.js';
import { countsLine, type PlanFacts } from './report.js';
import { failFromBinary, initBindings, initialise, staticBindings, type Session } from './setup.js';
import { uploadBundle } from './store.js';

/** A plan made or read in this run: the file, and what it says (sensitive values redacted). */
export interface Plan extends PlanFacts {
  file: string;
  redactedJson: string;
  /** Ephemeral root variables: not kept in the plan file, so apply must be given them again. */
  ephemeral: string[];
}

/** `plan`: init, plan, write the bundle (and store it), comment on the pull request, then the destroy rule. */
export async function plan(session: Session): Promise<void> {
  const { inputs, outcome } = session;
  let failed: unknown;
  try {
    await core.group('Plan', async () => {
      await initialise(session, true);
      const made = await makePlan(session, path.join(session.scratch, bundleFiles.plan));
      outcome.plan = made;
      const manifest = writeBundle(inputs.planBundle, {
        planFile: made.file,
        text: made.text,
        json: made.redactedJson,
        manifest: {
          createdAt: new Date().toISOString(),
          bindings: { ...staticBindings(session), ...initBindings(session) },
          hasChanges: made.hasChanges,
          counts: made.summary.counts,
          destructive: made.summary.destructive,
        },
      });
      outcome.bundleDir = inputs.planBundle;
      outcome.planJson = path.join(inputs.planBundle, bundleFiles.json);
      outcome.planSha256 = manifest.plan.sha256;
      core.info(`Plan bundle written to ${inputs.planBundle} (plan sha256 ${manifest.plan.sha256})`);
      if (inputs.planStore) outcome.storedAt = await uploadBundle(session, inputs.planBundle);
      outcome.status = planStatus(made, inputs.allowDestroy);
      guardDestroy(made.summary, inputs.allowDestroy);
    });
  } catch (err) {
    failed = err;
    throw err;
  } finally {
    await commentOnPullRequest(session, failed);
  }
}

/** Plans into `file` and reads it back; fails loudly when the exit code and the plan disagree. */
export async function makePlan(session: Session, file: string): Promise<Plan> {
  const { inputs, tf } = session;
  const args = planArgs({ ...inputs, varFiles: session.varFiles, out: file });
  const result = await tf.run(args, { allowFailure: true });
  if (result.exitCode !== 0 && result.exitCode !== 2) failFromBinary(session, 'plan', result);
  const made = await readPlan(session, file);
  if (made.hasChanges !== (result.exitCode === 2)) {
    throw new ActionFailure(
      `${tf.binary.path} exited ${result.exitCode} from plan -detailed-exitcode, but the plan it wrote ${made.hasChanges ? 'has changes' : 'has no changes'}: something in front of the binary rewrites its exit code (a setup action's wrapper?). Run the binary itself: setup-terraform with terraform_wrapper: false, setup-opentofu with tofu_wrapper: false.`,
      'exit-code-mismatch',
    );
  }
  return made;
}

/** The plan as JSON and as text; the JSON's sensitive values are masked before anything else runs. */
export async function readPlan(session: Session, file: string): Promise<Plan> {
  const { tf } = session;
  // Both only read the plan file; neither is echoed, so the masks below are set before anything prints.
  const [show, text] = await Promise.all([
    tf.run(showJsonArgs(file), { echo: false, timeoutMs: 10 * 60_000 }),
    tf.run(showTextArgs(file), { echo: false, timeoutMs: 10 * 60_000 }),
  ]);
  const json = JSON.parse(
    show.stdout.slice(show.stdout.indexOf('{'), show.stdout.lastIndexOf('}') + 1),
  ) as PlanDocument;
  for (const secret of sensitiveStrings(json)) core.setSecret(secret);
  return {
    file,
    hasChanges: planHasChanges(json),
    summary: summarisePlan(json),
    text: text.stdout,
    redactedJson: JSON.stringify(redactPlan(json)),
    ephemeral: ephemeralVariables(json),
  };
}

function planStatus(made: Plan, allowDestroy: boolean): string {
  if (!made.hasChanges) return 'No changes: the infrastructure matches the configuration.';
  const base = `Plan: ${countsLine(made.summary.counts)}.`;
  if (made.summary.destructive.length > 0 && !allowDestroy) {
    return `${base} Destroy blocked: this plan destroys or replaces resources and allow-destroy is false.`;
  }
  return base;
}
