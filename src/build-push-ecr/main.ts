import * as core from '@actions/core';
import { connectAws } from '../../action-helpers/aws.js';
import { publish } from '../../action-helpers/outputs.js';
import { failureOf, type RunContext } from '../../action-helpers/run.js';
import { DockerSession } from './docker-builder.js';
import { execute, type Connections } from './execute.js';
import { readInputs } from './inputs.js';
import { planOf } from './plan.js';
import { logPlan, outputsOf, summaryOf, type Outcome } from './report.js';
import { survey } from './survey.js';

/**
 * Inputs -> plan (what exists, then the pure skip/retag/build decision and the argv) -> build and
 * push -> report. A dry run stops after the plan: no repository created, no login, no build, no push.
 */
export async function run({ signal }: RunContext): Promise<void> {
  const inputs = await core.group('Inputs', async () => readInputs());
  const outcome: Outcome = { inputs, done: [] };
  // The step's own Docker config (the registry login lives there), deleted at the end.
  const docker = inputs.builder === 'docker' ? new DockerSession() : undefined;
  try {
    const connections: Connections = await core.group('Plan', async () => {
      const session = await connectAws(inputs.aws);
      const { found, registry } = await survey(inputs, session, docker, signal);
      outcome.plan = planOf(inputs, found);
      logPlan(inputs, outcome.plan);
      return { session, registry, docker };
    });
    if (inputs.dryRun) return core.info('dry-run: nothing was changed.');
    await core.group('Build and push', () => execute(inputs, outcome.plan!, connections, outcome, signal));
  } catch (err) {
    outcome.failure = failureOf(err);
    throw err;
  } finally {
    docker?.dispose();
    await publish(outputsOf(outcome), summaryOf(outcome));
  }
}
