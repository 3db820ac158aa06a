import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { publish } from '../../action-helpers/outputs.js';
import { failureOf, type RunContext } from '../../action-helpers/run.js';
import { apply, planApply } from './apply.js';
import { driftCheck } from './drift-check.js';
import { readInputs, type Command } from './inputs.js';
import { plan } from './plan.js';
import { outputsOf, summaryOf, type Outcome } from './report.js';
import { startSession, type Session } from './setup.js';

/** One file per command; each runs its own phases (init, plan or verify, apply) in log groups. */
const commands: Record<Command, (session: Session) => Promise<void>> = {
  plan,
  apply,
  'plan-apply': planApply,
  'drift-check': driftCheck,
};

/**
 * Inputs, then the session (binary, commit, AWS account), then the command; the outputs and the
 * job summary are published once, whichever way the run ends.
 */
export async function run({ signal }: RunContext): Promise<void> {
  const inputs = await core.group('Inputs', async () => readInputs());
  const outcome: Outcome = { inputs };
  // The plan file and the inline variables file live here, never in the checkout, and go at the end.
  const scratch = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), 'terraform-plan-apply-'));
  try {
    const session = await core.group('Binary, commit and AWS account', () =>
      startSession(inputs, outcome, scratch, signal),
    );
    await commands[inputs.command](session);
  } catch (err) {
    outcome.failure = failureOf(err);
    throw err;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await publish(outputsOf(outcome), summaryOf(outcome));
  }
}
