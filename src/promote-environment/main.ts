import * as core from '@actions/core';
import { connectAws } from '../../action-helpers/aws.js';
import { publish } from '../../action-helpers/outputs.js';
import { failureOf, type RunContext } from '../../action-helpers/run.js';
import { readInputs } from './inputs.js';
import { deploy, planOf } from './phases.js';
import { outputsOf, summaryOf, type Outcome } from './report.js';

/**
 * Promotes one image digest from an environment to the next: gates on the release evidence recorded
 * on the digest, retags in place (same registry) or copies it with its evidence (another account or
 * region), records the promotion, and optionally moves the GitOps reference and a GitHub deployment.
 */
export async function run({ signal }: RunContext): Promise<void> {
  const inputs = await core.group('Inputs', async () => readInputs());
  const outcome: Outcome = { inputs };
  try {
    const plan = await core.group('Plan', async () => planOf(inputs, await connectAws(inputs.aws), outcome));
    await core.group('Deploy', () => deploy(plan, inputs, outcome, signal));
  } catch (err) {
    outcome.failure = failureOf(err);
    throw err;
  } finally {
    await publish(outputsOf(outcome), summaryOf(outcome));
  }
}
