import * as core from '@actions/core';
import type * as k8s from '@kubernetes/client-node';
import { ActionFailure, messageOf } from '../../action-helpers/errors.js';
import { makeObjectClient } from '../../action-helpers/kube.js';
import { printUntrusted } from '../../action-helpers/workflow-commands.js';
import { applyPlanned, planApply, prune, type PlannedObject } from './apply.js';
import { explain, explanationText } from './explain.js';
import type { Inputs } from './inputs.js';
import { imagesOf, isWatched, type ManifestObject, type WatchedKind } from './manifests.js';
import type { Outcome, WorkloadReport } from './report.js';
import { recordPrevious, restore, type PreviousRevision } from './rollback.js';
import type { Workload } from './status.js';
import { describeTarget, waitForRollouts, type Target, type WaitResult } from './wait.js';

/**
 * The effects, in order: a server-side dry run of everything (the plan), the apply of what
 * changes, the wait, and on failure the explanation and the rollback. Fills in `outcome` as it
 * goes. A failed rollout is returned, not thrown, so that it is recorded as evidence first.
 */

export interface DeployContext {
  inputs: Inputs;
  kubeconfig: k8s.KubeConfig;
  objects: ManifestObject[];
  signal: AbortSignal;
}

export interface DeployResult {
  result: 'succeeded' | 'rolled-back' | 'failed' | 'dry-run';
  /** Images of the workloads this run rolled out (what evidence is recorded on). */
  images: string[];
  failure?: ActionFailure;
}

export function targetsOf(objects: readonly ManifestObject[]): Target[] {
  return objects.filter(isWatched).map((o) => ({
    kind: o.kind as WatchedKind,
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? 'default',
    selector: (o.spec as { selector?: k8s.V1LabelSelector } | undefined)?.selector,
  }));
}

/** The workloads of the manifests as a dry run reports them. */
export function plannedWorkloads(
  objects: readonly ManifestObject[],
  message: string | ((t: Target) => string),
): WorkloadReport[] {
  return objects.filter(isWatched).map((o) => {
    const t = targetsOf([o])[0]!;
    return {
      kind: t.kind,
      name: t.name,
      namespace: t.namespace,
      images: imagesOf(o),
      ready: false,
      state: 'dry-run',
      message: typeof message === 'string' ? message : message(t),
    };
  });
}

const keyOf = (t: Pick<Target, 'kind' | 'name' | 'namespace'>) => `${t.kind}/${t.namespace}/${t.name}`;

export async function planOnCluster(context: DeployContext, outcome: Outcome): Promise<PlannedObject[]> {
  const client = makeObjectClient(context.kubeconfig, { timeoutMs: 30_000, signal: context.signal });
  const planned = await planApply(client, context.objects, context.inputs);
  outcome.planned = planned.map(({ key, change }) => ({ key, change }));
  const byKey = new Map(planned.map((p) => [p.key, p]));
  outcome.previous = targetsOf(context.objects).map((t) =>
    recordPrevious(t, byKey.get(keyOf(t))?.live, Object.keys(context.inputs.annotations)),
  );
  for (const p of planned)
    core.info(
      `${p.key}: ${p.change === 'unchanged' ? 'unchanged' : p.change === 'create' ? 'to create' : 'to configure'}`,
    );
  return planned;
}

export async function deploy(
  context: DeployContext,
  planned: PlannedObject[],
  outcome: Outcome,
): Promise<DeployResult> {
  const { inputs, kubeconfig, signal } = context;
  const client = makeObjectClient(kubeconfig, { timeoutMs: 30_000, signal });
  const targets = targetsOf(context.objects);
  const images = [...new Set(context.objects.filter(isWatched).flatMap((o) => Object.values(imagesOf(o))))];
  const appliedImages = (t: Target) =>
    imagesOf(context.objects.find((o) => isWatched(o) && keyOf(targetsOf([o])[0]!) === keyOf(t))!);
  if (inputs.dryRun === 'server') {
    outcome.workloads = plannedWorkloads(context.objects, (t) => changeOf(planned, t));
    if (inputs.prune) outcome.pruned = await prune(client, context.objects, inputs.applySet, true);
    return { result: 'dry-run', images };
  }

  outcome.changed = planned.some((p) => p.change !== 'unchanged');
  if (outcome.changed) await applyPlanned(client, planned, inputs);
  else core.info('Every object already matches the manifests: nothing to apply.');

  const results = await waitForRollouts(kubeconfig, targets, { timeoutMs: inputs.timeoutMs, signal });
  outcome.workloads = results.map((r) => reportOf(r, appliedImages(r.target), planned));
  if (results.every((r) => r.state === 'ready')) {
    if (inputs.prune) outcome.pruned = await prune(client, context.objects, inputs.applySet, false);
    return { result: 'succeeded', images };
  }
  if (signal.aborted) throw signal.reason;

  const failed = results.filter((r) => r.state === 'failed' || r.state === 'timeout');
  const failure = failureOf(failed);
  core.info(failure.message);
  outcome.explanations = [];
  for (const r of failed) {
    const explanation = await explain(kubeconfig, r, signal);
    outcome.explanations.push(explanation);
    core.startGroup(`Why ${describeTarget(r.target)} failed`);
    printUntrusted(explanationText(explanation));
    core.endGroup();
  }
  return rollBack(context, planned, outcome, failure, images);
}

function changeOf(planned: readonly PlannedObject[], t: Target): string {
  const change = planned.find((p) => p.key === `${t.kind}/${t.namespace}/${t.name}`)?.change;
  return change === 'create' ? 'would be created' : change === 'change' ? 'would be configured' : 'unchanged';
}

function reportOf(r: WaitResult, images: Record<string, string>, planned: readonly PlannedObject[]): WorkloadReport {
  const unchanged = planned.find((p) => p.key === keyOf(r.target))?.change === 'unchanged';
  return {
    kind: r.target.kind,
    name: r.target.name,
    namespace: r.target.namespace,
    revision: revisionOf(r.target.kind, r.object),
    images,
    ready: r.state === 'ready',
    state: r.state === 'ready' && unchanged ? 'ready (unchanged)' : r.reason ? `${r.state}: ${r.reason}` : r.state,
    message: `${r.message} (${r.seconds}s)`,
  };
}

function revisionOf(kind: WatchedKind, object: Workload | undefined): string | undefined {
  if (!object) return undefined;
  if (kind === 'Deployment') return object.metadata?.annotations?.['deployment.kubernetes.io/revision'];
  if (kind === 'StatefulSet') return (object as k8s.V1StatefulSet).status?.updateRevision;
  return object.metadata?.generation !== undefined ? String(object.metadata.generation) : undefined;
}

function failureOf(failed: readonly WaitResult[]): ActionFailure {
  const lines = failed.map((r) => `${describeTarget(r.target)}: ${r.reason ? `${r.reason}: ` : ''}${r.message}`);
  if (failed.some((r) => r.state === 'failed'))
    return new ActionFailure(`Rollout failed: ${lines.join('; ')}`, 'rollout-failed');
  return new ActionFailure(
    `Rollout did not finish within ${Math.round(failed[0]!.seconds)}s: ${lines.join('; ')}`,
    'rollout-timeout',
  );
}

async function rollBack(
  context: DeployContext,
  planned: readonly PlannedObject[],
  outcome: Outcome,
  failure: ActionFailure,
  images: string[],
): Promise<DeployResult> {
  const { inputs, kubeconfig, signal } = context;
  const changedKeys = new Set(planned.filter((p) => p.change !== 'unchanged').map((p) => p.key));
  const changed = (outcome.previous ?? []).filter((p) => changedKeys.has(keyOf(p.target)));
  const restorable = changed.filter((p) => p.template);
  const firstDeploys = changed.filter((p) => !p.template).map((p) => describeTarget(p.target));
  const firstNote =
    firstDeploys.length > 0
      ? ` First deploy of ${firstDeploys.join(', ')}: no earlier revision to roll back to; left in place for inspection.`
      : '';
  if (!inputs.rollbackOnFailure) {
    outcome.rollback = { state: 'disabled', message: `not attempted (rollback-on-failure: false).${firstNote}` };
    return { result: 'failed', images, failure };
  }
  if (changed.length === 0) {
    // e.g. a re-run of a release that an earlier, cancelled run left half-done
    outcome.rollback = {
      state: 'nothing-changed',
      message: 'this run changed no workload: nothing of its own to roll back.',
    };
    return { result: 'failed', images, failure };
  }
  if (restorable.length === 0) {
    outcome.rollback = { state: 'first-deploy', message: `nothing to roll back to.${firstNote}` };
    return { result: 'failed', images, failure };
  }
  try {
    await Promise.all(restorable.map((p) => restore(kubeconfig, p, signal)));
    const results = await waitForRollouts(
      kubeconfig,
      restorable.map((p) => p.target),
      { timeoutMs: inputs.timeoutMs, signal },
    );
    const unready = results.filter((r) => r.state !== 'ready');
    if (unready.length > 0) {
      throw new Error(
        unready
          .map((r) => `${describeTarget(r.target)} ${r.state}${r.reason ? ` (${r.reason})` : ''}: ${r.message}`)
          .join('; '),
      );
    }
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    const message = `the rollback did not complete: ${messageOf(err)}.${firstNote}`;
    outcome.rollback = { state: 'failed', message };
    return {
      result: 'failed',
      images,
      failure: new ActionFailure(`${failure.message}. Then ${message}`, 'rollback-failed', { cause: err }),
    };
  }
  const restored = restorable.map(
    (p: PreviousRevision) => `${describeTarget(p.target)}${p.revision ? ` (revision ${p.revision})` : ''}`,
  );
  outcome.rollback = { state: 'rolled-back', message: `restored and ready: ${restored.join(', ')}.${firstNote}` };
  return { result: 'rolled-back', images, failure };
}
