import type * as k8s from '@kubernetes/client-node';
import type { WatchedKind } from './manifests.js';

/**
 * Whether a workload's rollout is done, still going, or failed, from its status alone: the rules
 * `kubectl rollout status` applies (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), plus
 * the pod states that mean waiting longer cannot help. Pure, so the rules are tested as tables.
 */

export type Verdict =
  | { state: 'progressing'; message: string }
  | { state: 'ready'; message: string }
  | { state: 'failed'; reason: string; message: string };

export type Workload = k8s.V1Deployment | k8s.V1StatefulSet | k8s.V1DaemonSet;

export function verdictOf(kind: WatchedKind, object: Workload): Verdict {
  switch (kind) {
    case 'Deployment':
      return deploymentVerdict(object as k8s.V1Deployment);
    case 'StatefulSet':
      return statefulSetVerdict(object as k8s.V1StatefulSet);
    case 'DaemonSet':
      return daemonSetVerdict(object as k8s.V1DaemonSet);
  }
}

/** The controller has seen the workload's current spec: until then its status speaks of the previous one. */
export function observed(object: Workload): boolean {
  const generation = object.metadata?.generation ?? 0;
  const observedGeneration = object.status?.observedGeneration ?? 0;
  return observedGeneration > 0 && generation <= observedGeneration;
}

function deploymentVerdict(d: k8s.V1Deployment): Verdict {
  if (!observed(d))
    return { state: 'progressing', message: 'waiting for the deployment controller to see the new spec' };
  const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      state: 'failed',
      reason: 'ProgressDeadlineExceeded',
      message: progressing.message ?? 'the progress deadline was exceeded',
    };
  }
  const wanted = d.spec?.replicas ?? 1;
  const updated = d.status?.updatedReplicas ?? 0;
  const total = d.status?.replicas ?? 0;
  const available = d.status?.availableReplicas ?? 0;
  if (updated < wanted) return { state: 'progressing', message: `${updated} of ${wanted} replicas updated` };
  if (total > updated) return { state: 'progressing', message: `${total - updated} old replicas pending termination` };
  if (available < updated)
    return { state: 'progressing', message: `${available} of ${updated} updated replicas available` };
  return { state: 'ready', message: `${available} of ${wanted} replicas available` };
}

function statefulSetVerdict(s: k8s.V1StatefulSet): Verdict {
  if (s.spec?.updateStrategy?.type === 'OnDelete') {
    return { state: 'ready', message: 'updateStrategy OnDelete: pods change only when deleted, nothing to wait for' };
  }
  if (!observed(s))
    return { state: 'progressing', message: 'waiting for the statefulset controller to see the new spec' };
  const wanted = s.spec?.replicas ?? 1;
  const ready = s.status?.readyReplicas ?? 0;
  if (ready < wanted) return { state: 'progressing', message: `${ready} of ${wanted} pods ready` };
  const partition = s.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) {
    const updated = s.status?.updatedReplicas ?? 0;
    if (updated < wanted - partition) {
      return { state: 'progressing', message: `${updated} of ${wanted - partition} pods above the partition updated` };
    }
    return { state: 'ready', message: `partitioned rollout complete: ${updated} pods updated` };
  }
  if (s.status?.updateRevision !== s.status?.currentRevision) {
    return { state: 'progressing', message: `${s.status?.updatedReplicas ?? 0} of ${wanted} pods updated` };
  }
  return { state: 'ready', message: `${ready} of ${wanted} pods ready` };
}

function daemonSetVerdict(d: k8s.V1DaemonSet): Verdict {
  if (d.spec?.updateStrategy?.type === 'OnDelete') {
    return { state: 'ready', message: 'updateStrategy OnDelete: pods change only when deleted, nothing to wait for' };
  }
  if (!observed(d))
    return { state: 'progressing', message: 'waiting for the daemonset controller to see the new spec' };
  const desired = d.status?.desiredNumberScheduled ?? 0;
  const updated = d.status?.updatedNumberScheduled ?? 0;
  const available = d.status?.numberAvailable ?? 0;
  if (updated < desired) return { state: 'progressing', message: `${updated} of ${desired} pods updated` };
  if (available < desired)
    return { state: 'progressing', message: `${available} of ${desired} updated pods available` };
  return { state: 'ready', message: `${available} of ${desired} pods available` };
}

/** Container states after which waiting cannot help: the rollout is failed at once. */
export const fatalWaitingReasons = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'InvalidImageName',
]);

export interface PodProblem {
  pod: string;
  container: string;
  reason: string;
  message: string;
}

/** The first container of a pod in a state that fails the rollout, if any. */
export function podProblemOf(pod: k8s.V1Pod): PodProblem | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const name = pod.metadata?.name ?? '';
  for (const s of statuses) {
    const waiting = s.state?.waiting;
    if (waiting?.reason && fatalWaitingReasons.has(waiting.reason)) {
      return { pod: name, container: s.name, reason: waiting.reason, message: waiting.message ?? '' };
    }
    const terminated = s.state?.terminated ?? s.lastState?.terminated;
    if (terminated?.reason === 'OOMKilled') {
      return {
        pod: name,
        container: s.name,
        reason: 'OOMKilled',
        message: `exit code ${terminated.exitCode}: out of memory (limit too low?)`,
      };
    }
  }
  return undefined;
}

/**
 * Whether a pod belongs to the workload's current template (old pods failing is not this rollout's
 * doing). Deployments are answered by the caller from the pod's ReplicaSet; StatefulSets by the
 * pod's controller-revision-hash; DaemonSets by its pod-template-generation.
 */
export function isCurrentPod(kind: WatchedKind, workload: Workload, pod: k8s.V1Pod): boolean | 'ask-replicaset' {
  const labels = pod.metadata?.labels ?? {};
  switch (kind) {
    case 'Deployment':
      return 'ask-replicaset';
    case 'StatefulSet': {
      const revision = (workload as k8s.V1StatefulSet).status?.updateRevision;
      return revision === undefined || labels['controller-revision-hash'] === revision;
    }
    case 'DaemonSet':
      return labels['pod-template-generation'] === String(workload.metadata?.generation ?? '');
  }
}

/** A label selector (matchLabels and matchExpressions) as the API's labelSelector string. */
export function selectorString(selector: k8s.V1LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
