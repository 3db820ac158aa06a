import * as core from '@actions/core';
import { connectAws, type AwsSession } from '../../action-helpers/aws.js';
import { publish } from '../../action-helpers/outputs.js';
import { failureOf, type RunContext } from '../../action-helpers/run.js';
import { kubeFailure } from './apply.js';
import { connectCluster, type Cluster } from './cluster.js';
import { deploy, planOnCluster, plannedWorkloads, type DeployResult } from './deploy.js';
import { readInputs, type Inputs } from './inputs.js';
import { planObjects, renderManifests, targetNamespace } from './plan.js';
import { githubDeployment, writeEvidence } from './record.js';
import { outputsOf, summaryOf, type Outcome } from './report.js';

export async function run({ signal }: RunContext): Promise<void> {
  const inputs = await core.group('Inputs', async () => readInputs());
  const outcome: Outcome = { inputs };
  let cluster: Cluster | undefined;
  try {
    const objects = await core.group('Manifests', async () =>
      planObjects(inputs, await renderManifests(inputs, signal)),
    );
    if (inputs.dryRun === 'client') {
      outcome.workloads = plannedWorkloads(objects, 'client dry run: the cluster was not asked');
      return;
    }
    const session = inputs.aws ? await connectAws(inputs.aws) : undefined;
    cluster = await core.group('Cluster', () => connectCluster(inputs, session));
    outcome.cluster = cluster.name;
    const context = { inputs, kubeconfig: cluster.kubeconfig, objects, signal };
    const planned = await core.group('Plan (server-side dry run)', () =>
      planOnCluster(context, outcome).catch(rethrowKube('plan the apply', signal)),
    );
    const deployed = await core.group('Deploy', () =>
      deploy(context, planned, outcome).catch(rethrowKube('roll out', signal)),
    );
    if (deployed.result !== 'dry-run')
      await core.group('Record', () => record(inputs, session, cluster!, deployed, outcome));
    if (deployed.failure) throw deployed.failure;
  } catch (err) {
    outcome.failure = failureOf(err);
    throw err;
  } finally {
    cluster?.dispose();
    await publish(outputsOf(outcome), summaryOf(outcome));
  }
}

/** An API error as the action's failure; after a cancel, the cancel (an aborted request is not a lost cluster). */
function rethrowKube(doing: string, signal: AbortSignal) {
  return (err: unknown): never => {
    if (signal.aborted) throw signal.reason;
    throw kubeFailure(err, doing);
  };
}

/** Evidence on each image digest rolled out, then the GitHub deployment; both after a failure too. */
async function record(
  inputs: Inputs,
  session: AwsSession | undefined,
  cluster: Cluster,
  deployed: DeployResult,
  outcome: Outcome,
): Promise<void> {
  const result = deployed.result === 'dry-run' ? 'failed' : deployed.result;
  const workloads = (outcome.workloads ?? []).map(({ kind, name, namespace }) => ({ kind, name, namespace }));
  const description = `${result} in ${cluster.name}/${targetNamespace(inputs)}`;
  if (inputs.recordEvidence && workloads.length > 0) {
    const data = {
      environment: inputs.environment,
      cluster: cluster.name,
      namespace: targetNamespace(inputs),
      workloads,
      result,
    };
    const onlyIfMissing = outcome.changed === false && result === 'succeeded';
    const evidence = writeEvidence(inputs, session, deployed.images, data, { onlyIfMissing });
    // A failed rollout's own failure stays the one reported; evidence that cannot be written is said beside it.
    outcome.evidence = deployed.failure
      ? await evidence.catch((err: unknown) => (core.warning(String((err as Error).message)), []))
      : await evidence;
  }
  const payload = { cluster: cluster.name, namespace: targetNamespace(inputs), images: deployed.images };
  outcome.githubDeployment = await githubDeployment(inputs, result, payload, description);
}
