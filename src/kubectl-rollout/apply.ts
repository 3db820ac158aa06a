import { isDeepStrictEqual } from 'node:util';
import * as core from '@actions/core';
import * as k8s from '@kubernetes/client-node';
import { ActionFailure } from '../../action-helpers/errors.js';
import { apiMessage, isUnreachable, statusOf } from '../../action-helpers/kube.js';
import { applySetLabel } from './inputs.js';
import { objectKey, type ManifestObject } from './manifests.js';
import { mapLimited } from '../../action-helpers/concurrency.js';

/**
 * Server-side apply. Before anything changes, every object is read and applied with dryRun=All:
 * the server validates it all (schema, admission, RBAC for the patch itself) and says what each
 * object would become, which decides create / change / unchanged. Only then are the created and
 * changed objects applied for real. An object the server would leave as it is is not sent again.
 */

export type Change = 'create' | 'change' | 'unchanged';

export interface PlannedObject {
  object: ManifestObject;
  key: string;
  change: Change;
  /** The object in the cluster before this run, when it existed. */
  live?: k8s.KubernetesObject;
}

export interface ApplySettings {
  fieldManager: string;
  forceConflicts: boolean;
}

const firstKinds = ['Namespace', 'CustomResourceDefinition'];

/** Namespaces and CRDs first (others may live in or be of them), the rest in manifest order. */
export function applyOrder(objects: readonly ManifestObject[]): ManifestObject[] {
  const rank = (o: ManifestObject) => (firstKinds.includes(o.kind) ? firstKinds.indexOf(o.kind) : firstKinds.length);
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map(({ o }) => o);
}

/** What the server would store compared with what it stores: equal means the apply would change nothing. */
export function wouldChange(dryRun: k8s.KubernetesObject, live: k8s.KubernetesObject): boolean {
  return !isDeepStrictEqual(comparable(dryRun), comparable(live));
}

function comparable(o: k8s.KubernetesObject): unknown {
  // managedFields carry times, resourceVersion and generation follow a change: none is the change itself.
  const {
    managedFields: _m,
    resourceVersion: _r,
    generation: _g,
    ...metadata
  } = (o.metadata ?? {}) as k8s.V1ObjectMeta;
  return JSON.parse(JSON.stringify({ ...o, metadata }));
}

/** An API error as the action's failure: whose fault, in the server's words. */
export function kubeFailure(err: unknown, doing: string): ActionFailure {
  if (err instanceof ActionFailure) return err;
  const message = apiMessage(err);
  const status = statusOf(err);
  if (status === 403) return new ActionFailure(`Forbidden to ${doing}: ${message}`, 'forbidden', { cause: err });
  if (status === 401) {
    return new ActionFailure(
      `The cluster did not accept the credentials (401 Unauthorized) while trying to ${doing}. For EKS, give the role an access entry (see the README).`,
      'forbidden',
      { cause: err },
    );
  }
  if (status === 400 || status === 422)
    return new ActionFailure(`The API server refused to ${doing}: ${message}`, 'invalid-manifest', { cause: err });
  if (status === 409) {
    return new ActionFailure(
      `Could not ${doing}: ${message} (another field manager owns these fields; force-conflicts: true takes them over).`,
      'apply-failed',
      { cause: err },
    );
  }
  if (status !== undefined)
    return new ActionFailure(`Could not ${doing}: ${message} (HTTP ${status})`, 'apply-failed', { cause: err });
  if (isUnreachable(err))
    return new ActionFailure(`The cluster cannot be reached to ${doing}: ${message}`, 'cluster-unreachable', {
      cause: err,
    });
  if (/Unrecognized API version and kind/i.test(message)) {
    return new ActionFailure(
      `Could not ${doing}: the cluster does not serve that apiVersion and kind (${message}).`,
      'invalid-manifest',
      { cause: err },
    );
  }
  return new ActionFailure(`Could not ${doing}: ${message}`, 'apply-failed', { cause: err });
}

function header(o: ManifestObject) {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: { name: o.metadata.name, namespace: o.metadata.namespace },
  };
}

async function readLive(client: k8s.KubernetesObjectApi, o: ManifestObject): Promise<k8s.KubernetesObject | undefined> {
  try {
    return await client.read(header(o));
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw kubeFailure(err, `read ${objectKey(o)}`);
  }
}

function serverApply(client: k8s.KubernetesObjectApi, o: ManifestObject, settings: ApplySettings, dryRun: boolean) {
  return client.patch(
    o,
    undefined,
    dryRun ? 'All' : undefined,
    settings.fieldManager,
    settings.forceConflicts,
    k8s.PatchStrategy.ServerSideApply,
  );
}

/** Reads and dry-runs every object (a few at a time) and decides what each needs. */
export async function planApply(
  client: k8s.KubernetesObjectApi,
  objects: readonly ManifestObject[],
  settings: ApplySettings,
): Promise<PlannedObject[]> {
  const creatingNamespaces = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  return mapLimited(applyOrder(objects), 8, async (object) => {
    const key = objectKey(object);
    const live = await readLive(client, object);
    let dryRun: k8s.KubernetesObject;
    try {
      dryRun = await serverApply(client, object, settings, true);
    } catch (err) {
      // Objects in a namespace this apply creates cannot be dry-run before it exists.
      if (
        statusOf(err) === 404 &&
        object.metadata.namespace &&
        creatingNamespaces.has(object.metadata.namespace) &&
        !live
      ) {
        return { object, key, change: 'create' as const };
      }
      throw kubeFailure(err, `apply ${key} (server-side dry run)`);
    }
    const change: Change = !live ? 'create' : wouldChange(dryRun, live) ? 'change' : 'unchanged';
    return { object, key, change, live };
  });
}

const podKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

/** 0: namespaces and CRDs; 1: what pods may need (ConfigMaps, Secrets, ServiceAccounts, ...); 2: what runs pods. */
export function applyPhase(kind: string): number {
  if (firstKinds.includes(kind)) return 0;
  return podKinds.has(kind) ? 2 : 1;
}

/**
 * Applies what the plan creates or changes, in three phases so that nothing a pod needs arrives
 * after the pod (a missing ConfigMap would fail it at once), each phase a few objects at a time:
 * 20 workloads cost the time of a few round trips, not 20. Returns what the server stored.
 */
export async function applyPlanned(
  client: k8s.KubernetesObjectApi,
  planned: readonly PlannedObject[],
  settings: ApplySettings,
): Promise<Map<string, k8s.KubernetesObject>> {
  const stored = new Map<string, k8s.KubernetesObject>();
  const apply = async (p: PlannedObject) => {
    try {
      stored.set(p.key, await serverApply(client, p.object, settings, false));
    } catch (err) {
      throw kubeFailure(err, `apply ${p.key}`);
    }
    core.info(`${p.key} ${p.change === 'create' ? 'created' : 'configured'}`);
  };
  const changing = planned.filter((p) => p.change !== 'unchanged');
  for (const phase of [0, 1, 2]) {
    await mapLimited(
      changing.filter((p) => applyPhase(p.object.kind) === phase),
      phase === 0 ? 1 : 8,
      apply,
    );
  }
  return stored;
}

/** Kinds `prune` looks at: what an application's manifests usually hold. */
export const prunableKinds: readonly { apiVersion: string; kind: string }[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
];

/**
 * Objects of the apply set (by label) in the namespaces applied to, which the manifests no longer
 * hold. Deleted unless `dryRun`; returns their keys.
 */
export async function prune(
  client: k8s.KubernetesObjectApi,
  objects: readonly ManifestObject[],
  applySet: string,
  dryRun: boolean,
): Promise<string[]> {
  const keep = new Set(objects.map(objectKey));
  const namespaces = [...new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => Boolean(n)))];
  const pruned: string[] = [];
  for (const namespace of namespaces) {
    for (const { apiVersion, kind } of prunableKinds) {
      let list: k8s.KubernetesListObject<k8s.KubernetesObject>;
      try {
        list = await client.list(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          `${applySetLabel}=${applySet}`,
        );
      } catch (err) {
        throw kubeFailure(err, `list ${kind} objects of apply set ${applySet} in ${namespace} to prune`);
      }
      for (const item of list.items) {
        const key = objectKey({ kind, metadata: { name: item.metadata?.name ?? '', namespace } });
        if (keep.has(key)) continue;
        if (!dryRun) {
          try {
            await client.delete(
              { apiVersion, kind, metadata: { name: item.metadata?.name, namespace } },
              undefined,
              undefined,
              undefined,
              undefined,
              'Background',
            );
          } catch (err) {
            if (statusOf(err) !== 404) throw kubeFailure(err, `prune ${key}`);
          }
        }
        core.info(`${key} ${dryRun ? 'would be pruned' : 'pruned'}`);
        pruned.push(key);
      }
    }
  }
  return pruned;
}
