import * as k8s from '@kubernetes/client-node';
import { apiMessage, makeClient } from '../../action-helpers/kube.js';
import { selectorString } from './status.js';
import type { WaitResult } from './wait.js';

/**
 * Why a rollout failed, in the cluster's own words: the workload's conditions, its unready pods'
 * container states, the recent events of the workload, its newest ReplicaSet and those pods, and
 * the last log lines of a failing container where the cluster keeps logs (kwok, and a container
 * that never started, have none: that is said instead). Gathering is best effort: a read that fails
 * becomes a line saying so, never a second failure hiding the first.
 */

export interface Explanation {
  workload: string;
  state: WaitResult['state'];
  reason?: string;
  message: string;
  conditions: string[];
  pods: string[];
  events: string[];
  logs: { container: string; lines: string[] }[];
}

const maxPods = 5;
const maxEvents = 12;
const logLines = 20;

export async function explain(kc: k8s.KubeConfig, result: WaitResult, signal: AbortSignal): Promise<Explanation> {
  const { target } = result;
  const core = makeClient(kc, k8s.CoreV1Api, { timeoutMs: 10_000, signal });
  const apps = makeClient(kc, k8s.AppsV1Api, { timeoutMs: 10_000, signal });
  const { namespace } = target;
  const explanation: Explanation = {
    workload: `${target.kind}/${target.name}`,
    state: result.state,
    reason: result.reason,
    message: result.message,
    conditions: conditionsOf(result.object),
    pods: [],
    events: [],
    logs: [],
  };
  const subjects: { kind: string; name: string }[] = [{ kind: target.kind, name: target.name }];
  if (target.kind === 'Deployment') {
    const newest = await newestReplicaSet(apps, result).catch(() => undefined);
    if (newest) subjects.push({ kind: 'ReplicaSet', name: newest });
  }

  let pods: k8s.V1Pod[] = [];
  try {
    const selector = selectorString(
      target.selector ?? (result.object?.spec as { selector?: k8s.V1LabelSelector } | undefined)?.selector,
    );
    pods = (await core.listNamespacedPod({ namespace, labelSelector: selector || undefined })).items;
  } catch (err) {
    explanation.pods.push(`(pods could not be listed: ${apiMessage(err)})`);
  }
  const unready = pods.filter((p) => !p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  // The pod that failed the rollout first, then the other unready ones.
  unready.sort(
    (a, b) => Number(b.metadata?.name === result.problem?.pod) - Number(a.metadata?.name === result.problem?.pod),
  );
  for (const pod of unready.slice(0, maxPods)) {
    explanation.pods.push(...podLines(pod));
    subjects.push({ kind: 'Pod', name: pod.metadata?.name ?? '' });
  }
  if (unready.length > maxPods) explanation.pods.push(`... and ${unready.length - maxPods} more unready pods`);

  explanation.events = await eventsOf(core, namespace, subjects);
  const failing = result.problem ?? firstFailingContainer(unready);
  if (failing) explanation.logs.push(await logsOf(core, namespace, failing.pod, failing.container, unready));
  return explanation;
}

function conditionsOf(object: WaitResult['object']): string[] {
  const conditions = (object?.status as { conditions?: k8s.V1DeploymentCondition[] } | undefined)?.conditions ?? [];
  return conditions.map(
    (c) => `${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`,
  );
}

async function newestReplicaSet(apps: k8s.AppsV1Api, result: WaitResult): Promise<string | undefined> {
  const revision = result.object?.metadata?.annotations?.['deployment.kubernetes.io/revision'];
  const selector = selectorString((result.object?.spec as { selector?: k8s.V1LabelSelector } | undefined)?.selector);
  const sets = await apps.listNamespacedReplicaSet({
    namespace: result.target.namespace,
    labelSelector: selector || undefined,
  });
  const owned = sets.items.filter((rs) =>
    rs.metadata?.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === result.target.name),
  );
  return owned.find((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === revision)?.metadata
    ?.name;
}

export function podLines(pod: k8s.V1Pod): string[] {
  const name = pod.metadata?.name ?? '?';
  const lines = [
    `pod ${name}: ${pod.status?.phase ?? 'Unknown'}${pod.spec?.nodeName ? ` on ${pod.spec.nodeName}` : ''}`,
  ];
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled) lines.push(`  not scheduled: ${unscheduled.reason ?? ''} ${unscheduled.message ?? ''}`.trimEnd());
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const state = s.state?.waiting
      ? `waiting ${s.state.waiting.reason ?? ''}${s.state.waiting.message ? ` (${s.state.waiting.message})` : ''}`
      : s.state?.terminated
        ? `terminated ${s.state.terminated.reason ?? ''} exit ${s.state.terminated.exitCode}`
        : s.state?.running
          ? `running, ${s.ready ? 'ready' : 'not ready'}`
          : 'unknown';
    const last = s.lastState?.terminated
      ? `; last exit ${s.lastState.terminated.exitCode} ${s.lastState.terminated.reason ?? ''}`.trimEnd()
      : '';
    lines.push(`  container ${s.name}: ${state}, restarts ${s.restartCount}${last}`);
  }
  return lines;
}

async function eventsOf(
  core: k8s.CoreV1Api,
  namespace: string,
  subjects: { kind: string; name: string }[],
): Promise<string[]> {
  const lines: { time: number; line: string }[] = [];
  await Promise.all(
    subjects.map(async ({ kind, name }) => {
      try {
        const events = await core.listNamespacedEvent({
          namespace,
          fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
        });
        for (const e of events.items) {
          const when = new Date(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? 0);
          const count = e.count && e.count > 1 ? ` (x${e.count})` : '';
          lines.push({
            time: when.getTime(),
            line: `${when.toISOString().slice(11, 19)} ${e.type ?? ''} ${kind}/${name} ${e.reason ?? ''}: ${e.message ?? ''}${count}`,
          });
        }
      } catch (err) {
        lines.push({ time: 0, line: `(events of ${kind}/${name} could not be read: ${apiMessage(err)})` });
      }
    }),
  );
  return lines
    .sort((a, b) => a.time - b.time)
    .slice(-maxEvents)
    .map((l) => l.line);
}

function firstFailingContainer(pods: k8s.V1Pod[]): { pod: string; container: string } | undefined {
  for (const pod of pods) {
    const s = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find(
      (c) => !c.ready,
    );
    if (s) return { pod: pod.metadata?.name ?? '', container: s.name };
  }
  return undefined;
}

async function logsOf(
  core: k8s.CoreV1Api,
  namespace: string,
  pod: string,
  container: string,
  pods: k8s.V1Pod[],
): Promise<{ container: string; lines: string[] }> {
  const status = pods
    .find((p) => p.metadata?.name === pod)
    ?.status?.containerStatuses?.find((c) => c.name === container);
  // A container that restarted: the crashed run's output says why; the current one has barely started.
  const previous = (status?.restartCount ?? 0) > 0;
  const label = `${pod}/${container}${previous ? ' (previous run)' : ''}`;
  try {
    const text = await core.readNamespacedPodLog({
      name: pod,
      namespace,
      container,
      previous,
      tailLines: logLines,
      limitBytes: 16_384,
    });
    const lines = text.split('\n').filter((l) => l !== '');
    return { container: label, lines: lines.length > 0 ? lines : ['(the log is empty)'] };
  } catch (err) {
    return { container: label, lines: [`(no log: ${apiMessage(err).slice(0, 200)})`] };
  }
}

/** The explanation as log text (untrusted: the caller prints it made inert). */
export function explanationText(e: Explanation): string {
  const section = (title: string, lines: string[]) =>
    lines.length > 0 ? [`${title}:`, ...lines.map((l) => `  ${l}`)] : [];
  return [
    `${e.workload}: ${e.state}${e.reason ? ` (${e.reason})` : ''}: ${e.message}`,
    ...section('Conditions', e.conditions),
    ...section('Pods not ready', e.pods),
    ...section('Recent events', e.events),
    ...e.logs.flatMap((l) => section(`Last log lines of ${l.container}`, l.lines)),
  ].join('\n');
}
