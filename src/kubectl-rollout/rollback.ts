import * as core from '@actions/core';
import * as k8s from '@kubernetes/client-node';
import { makeClient } from '../../action-helpers/kube.js';
import { kubeFailure } from './apply.js';
import type { WatchedKind } from './manifests.js';
import type { Target } from './wait.js';

/**
 * Rolling back a workload the way `kubectl rollout undo` does: its pod template is put back to the
 * one recorded before this run applied anything (a JSON patch replacing /spec/template), so the
 * controller scales the previous ReplicaSet (Deployment) or ControllerRevision (StatefulSet,
 * DaemonSet) back up. The annotations this run set on the workload are put back too, so the
 * workload does not claim a commit it no longer runs. Nothing else of the spec is touched, as with
 * undo: replicas, strategy and the other objects of the manifests stay as applied.
 */

export interface PreviousRevision {
  target: Target;
  /** The pod template before this run; undefined when the workload did not exist (a first deploy). */
  template?: k8s.V1PodTemplateSpec;
  /** The Deployment's revision number before this run. */
  revision?: string;
  /** The values, before this run, of the annotations this run sets (undefined: absent). */
  annotations: Record<string, string | undefined>;
  /** container -> image before this run. */
  images: Record<string, string>;
}

/** What to keep from a workload as it is before the apply. */
export function recordPrevious(
  target: Target,
  live: k8s.KubernetesObject | undefined,
  annotationKeys: readonly string[],
): PreviousRevision {
  const workload = live as (k8s.KubernetesObject & { spec?: { template?: k8s.V1PodTemplateSpec } }) | undefined;
  const template = workload?.spec?.template;
  const containers = [...(template?.spec?.initContainers ?? []), ...(template?.spec?.containers ?? [])];
  return {
    target,
    template,
    revision: live?.metadata?.annotations?.['deployment.kubernetes.io/revision'],
    annotations: Object.fromEntries(annotationKeys.map((key) => [key, live?.metadata?.annotations?.[key]])),
    images: Object.fromEntries(containers.map((c) => [c.name, c.image ?? ''])),
  };
}

/** RFC 6901: ~ and / in a key. */
const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON patch that restores a recorded revision. */
export function rollbackPatch(previous: PreviousRevision, current: k8s.KubernetesObject): object[] {
  const ops: object[] = [{ op: 'replace', path: '/spec/template', value: previous.template }];
  const now = current.metadata?.annotations ?? {};
  for (const [key, value] of Object.entries(previous.annotations)) {
    if (value !== undefined) ops.push({ op: 'add', path: `/metadata/annotations/${pointer(key)}`, value });
    else if (key in now) ops.push({ op: 'remove', path: `/metadata/annotations/${pointer(key)}` });
  }
  return ops;
}

const readers: Record<
  WatchedKind,
  (apps: k8s.AppsV1Api, name: string, namespace: string) => Promise<k8s.KubernetesObject>
> = {
  Deployment: (apps, name, namespace) => apps.readNamespacedDeployment({ name, namespace }),
  StatefulSet: (apps, name, namespace) => apps.readNamespacedStatefulSet({ name, namespace }),
  DaemonSet: (apps, name, namespace) => apps.readNamespacedDaemonSet({ name, namespace }),
};

/** Restores one workload's recorded template. */
export async function restore(kc: k8s.KubeConfig, previous: PreviousRevision, signal: AbortSignal): Promise<void> {
  const { kind, name, namespace } = previous.target;
  const apps = makeClient(kc, k8s.AppsV1Api, { timeoutMs: 30_000, signal });
  const options = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch);
  const doing = `roll back ${kind.toLowerCase()}/${name} in ${namespace}`;
  try {
    const current = await readers[kind](apps, name, namespace);
    if (!current.metadata?.annotations) {
      // A JSON patch cannot add a key under a missing map.
      await patchWorkload(
        apps,
        kind,
        name,
        namespace,
        [{ op: 'add', path: '/metadata/annotations', value: {} }],
        options,
      );
    }
    const failedRevision = (current as k8s.V1StatefulSet).status?.updateRevision;
    await patchWorkload(apps, kind, name, namespace, rollbackPatch(previous, current), options);
    if (kind === 'StatefulSet' && failedRevision)
      await deleteBrokenStatefulSetPods(kc, previous, failedRevision, signal);
  } catch (err) {
    throw kubeFailure(err, doing);
  }
  core.info(
    `${kind.toLowerCase()}/${name} in ${namespace}: template restored${previous.revision ? ` (revision ${previous.revision})` : ''}`,
  );
}

function patchWorkload(
  apps: k8s.AppsV1Api,
  kind: WatchedKind,
  name: string,
  namespace: string,
  body: object[],
  options: k8s.ConfigurationOptions,
) {
  const request = { name, namespace, body, fieldManager: 'kubectl-rollout-rollback' };
  if (kind === 'Deployment') return apps.patchNamespacedDeployment(request, options);
  if (kind === 'StatefulSet') return apps.patchNamespacedStatefulSet(request, options);
  return apps.patchNamespacedDaemonSet(request, options);
}

/**
 * A StatefulSet does not replace a pod of the bad revision that never became ready once the template
 * is reverted (kubernetes.io/docs/concepts/workloads/controllers/statefulset/#forced-rollback): those
 * pods are deleted so the controller recreates them from the restored template.
 */
async function deleteBrokenStatefulSetPods(
  kc: k8s.KubeConfig,
  previous: PreviousRevision,
  failedRevision: string,
  signal: AbortSignal,
): Promise<void> {
  const core_ = makeClient(kc, k8s.CoreV1Api, { timeoutMs: 30_000, signal });
  const { namespace } = previous.target;
  const pods = await core_.listNamespacedPod({
    namespace,
    labelSelector: `controller-revision-hash=${failedRevision}`,
  });
  for (const pod of pods.items) {
    const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (ready || !pod.metadata?.name) continue;
    await core_.deleteNamespacedPod({ name: pod.metadata.name, namespace });
  }
}
