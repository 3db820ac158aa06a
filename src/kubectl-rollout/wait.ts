import * as core from '@actions/core';
import * as k8s from '@kubernetes/client-node';
import { makeClient, watchObjects } from '../../action-helpers/kube.js';
import type { WatchedKind } from './manifests.js';
import {
  isCurrentPod,
  observed,
  podProblemOf,
  selectorString,
  verdictOf,
  type PodProblem,
  type Workload,
} from './status.js';

/**
 * Waits for workloads to finish rolling out, all at once, by watching each workload and its pods
 * (no polling). A workload fails as soon as its controller reports ProgressDeadlineExceeded or a pod
 * of its new template is in a state waiting cannot cure (status.ts); the first failure stops the
 * wait for the others, which are reported as they were at that moment.
 */

export interface Target {
  kind: WatchedKind;
  name: string;
  namespace: string;
  selector?: k8s.V1LabelSelector;
}

export interface WaitResult {
  target: Target;
  state: 'ready' | 'failed' | 'timeout' | 'stopped';
  /** ProgressDeadlineExceeded, CrashLoopBackOff, ... when failed. */
  reason?: string;
  message: string;
  object?: Workload;
  problem?: PodProblem;
  /** Since the wait began. */
  seconds: number;
  /** When the failure was seen (Date.now()), for the detect-to-exit measurement. */
  failedAt?: number;
}

export interface WaitOptions {
  timeoutMs: number;
  signal: AbortSignal;
}

const plural: Record<WatchedKind, string> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

export function describeTarget(t: Pick<Target, 'kind' | 'name' | 'namespace'>): string {
  return `${t.kind.toLowerCase()}/${t.name} in ${t.namespace}`;
}

export async function waitForRollouts(
  kc: k8s.KubeConfig,
  targets: readonly Target[],
  options: WaitOptions,
): Promise<WaitResult[]> {
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  options.signal.addEventListener('abort', onCancel, { once: true });
  const timer = setTimeout(() => stop.abort(), options.timeoutMs);
  const started = Date.now();
  try {
    return await Promise.all(
      targets.map(async (target) => {
        const result = await waitForOne(kc, target, stop.signal, started);
        if (result.state === 'failed') stop.abort();
        return result;
      }),
    ).then((results) =>
      results.map((r) =>
        r.state === 'stopped' && !options.signal.aborted && Date.now() - started >= options.timeoutMs
          ? { ...r, state: 'timeout' as const }
          : r,
      ),
    );
  } finally {
    clearTimeout(timer);
    stop.abort();
    options.signal.removeEventListener('abort', onCancel);
  }
}

async function waitForOne(
  kc: k8s.KubeConfig,
  target: Target,
  stopAll: AbortSignal,
  started: number,
): Promise<WaitResult> {
  const apps = makeClient(kc, k8s.AppsV1Api, { timeoutMs: 15_000, signal: stopAll });
  const done = new AbortController();
  const onStop = () => done.abort();
  stopAll.addEventListener('abort', onStop, { once: true });
  let workload: Workload | undefined;
  let last = 'waiting for the first status';
  const problems = new Map<string, { pod: k8s.V1Pod; problem: PodProblem }>();
  const replicaSetRevisions = new Map<string, Promise<string | undefined>>();
  let result: WaitResult | undefined;
  const finish = (r: Omit<WaitResult, 'target' | 'seconds'>) => {
    if (result) return;
    result = { target, seconds: Math.round((Date.now() - started) / 100) / 10, ...r };
    done.abort();
  };

  const revisionOfReplicaSet = (name: string) => {
    let revision = replicaSetRevisions.get(name);
    if (!revision) {
      revision = apps
        .readNamespacedReplicaSet({ name, namespace: target.namespace })
        .then((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'])
        .catch(() => undefined);
      replicaSetRevisions.set(name, revision);
    }
    return revision;
  };

  const isCurrent = async (pod: k8s.V1Pod): Promise<boolean> => {
    if (!workload) return false;
    const answer = isCurrentPod(target.kind, workload, pod);
    if (answer !== 'ask-replicaset') return answer;
    const owner = pod.metadata?.ownerReferences?.find((o) => o.kind === 'ReplicaSet')?.name;
    const current = workload.metadata?.annotations?.['deployment.kubernetes.io/revision'];
    return Boolean(owner && current && (await revisionOfReplicaSet(owner)) === current);
  };

  // Evaluations run one at a time, in event order, so a verdict never uses older state than the last.
  let queue = Promise.resolve();
  const evaluate = () => {
    queue = queue.then(async () => {
      if (result || !workload) return;
      const verdict = verdictOf(target.kind, workload);
      if (verdict.message !== last) {
        last = verdict.message;
        core.info(`${describeTarget(target)}: ${verdict.message}`);
      }
      if (verdict.state === 'failed')
        return finish({
          state: 'failed',
          reason: verdict.reason,
          message: verdict.message,
          object: workload,
          failedAt: Date.now(),
        });
      // Until the controller has seen the new spec, "current" would mean the previous revision.
      const settled = observed(workload) || verdict.state === 'ready';
      for (const { pod, problem } of settled ? problems.values() : []) {
        if (await isCurrent(pod)) {
          return finish({
            state: 'failed',
            reason: problem.reason,
            message: `pod ${problem.pod}, container ${problem.container}: ${problem.reason}${problem.message ? ` (${problem.message})` : ''}`,
            object: workload,
            problem,
            failedAt: Date.now(),
          });
        }
      }
      if (verdict.state === 'ready') finish({ state: 'ready', message: verdict.message, object: workload });
    });
  };

  const base = `/apis/apps/v1/namespaces/${encodeURIComponent(target.namespace)}/${plural[target.kind]}`;
  const watches = [
    watchObjects(kc, {
      path: base,
      fieldSelector: `metadata.name=${target.name}`,
      signal: done.signal,
      onEvent: (type, object) => {
        if (type === 'DELETED')
          return finish({
            state: 'failed',
            reason: 'Deleted',
            message: 'the workload was deleted while rolling out',
            failedAt: Date.now(),
          });
        workload = object as Workload;
        evaluate();
      },
    }),
    watchObjects(kc, {
      path: `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods`,
      labelSelector: selectorString(target.selector) || undefined,
      signal: done.signal,
      onEvent: (type, object) => {
        const pod = object as k8s.V1Pod;
        const name = pod.metadata?.name ?? '';
        const problem = type === 'DELETED' ? undefined : podProblemOf(pod);
        if (problem) problems.set(name, { pod, problem });
        else if (!problems.delete(name)) return;
        evaluate();
      },
    }),
  ];
  try {
    // A watch that fails for good (403, a lost cluster) fails the wait; otherwise they end with `done`.
    await Promise.race([
      Promise.all(watches),
      new Promise<void>((resolve) => done.signal.addEventListener('abort', () => resolve(), { once: true })),
    ]);
    done.abort();
    await Promise.all(watches);
    await queue;
  } finally {
    stopAll.removeEventListener('abort', onStop);
    done.abort();
  }
  return (
    result ?? {
      target,
      state: 'stopped',
      message: last,
      object: workload,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    }
  );
}
