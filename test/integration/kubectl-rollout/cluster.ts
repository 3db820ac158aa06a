// Helpers for the kubectl-rollout integration tests: the local cluster (admin client), a workspace
// with manifests, per-test namespaces, and small images in the local registry for evidence.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import { RegistryClient } from '../../../action-helpers/registry-api.js';
import { runAction, type ActionRun } from '../../support/run-action.js';

export const runId = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;

export interface Cluster {
  kc: k8s.KubeConfig;
  apps: k8s.AppsV1Api;
  core: k8s.CoreV1Api;
  rbac: k8s.RbacAuthorizationV1Api;
  workspace: string;
  namespaces: string[];
}

export function connect(kubeconfig: string): Cluster {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const workspace = mkdtempSync(path.join(tmpdir(), 'kubectl-rollout-ws-'));
  copyFileSync(kubeconfig, path.join(workspace, 'kubeconfig'));
  return {
    kc,
    apps: kc.makeApiClient(k8s.AppsV1Api),
    core: kc.makeApiClient(k8s.CoreV1Api),
    rbac: kc.makeApiClient(k8s.RbacAuthorizationV1Api),
    workspace,
    namespaces: [],
  };
}

/** A fresh namespace, deleted by cleanUp. */
export async function namespace(cluster: Cluster, name: string, create = true): Promise<string> {
  const ns = `kr-${name}-${runId}`.slice(0, 63);
  cluster.namespaces.push(ns);
  if (create)
    await cluster.core.createNamespace({
      body: { metadata: { name: ns, labels: { 'eks-suite/test': 'kubectl-rollout' } } },
    });
  return ns;
}

export async function cleanUp(cluster: Cluster | undefined): Promise<void> {
  if (!cluster) return;
  await Promise.all(cluster.namespaces.map((name) => cluster.core.deleteNamespace({ name }).catch(() => undefined)));
}

export interface WorkloadSpec {
  kind?: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  name: string;
  image: string;
  replicas?: number;
  behavior?: string;
  readyAfter?: string;
  progressDeadlineSeconds?: number;
}

/** A workload's manifest; kwok decides its pods' fate from the template's annotations (docs/local-kube.md). */
export function workload(spec: WorkloadSpec): object {
  const kind = spec.kind ?? 'Deployment';
  const annotations: Record<string, string> = {};
  if (spec.behavior) annotations['local-stack/behavior'] = spec.behavior;
  if (spec.readyAfter) annotations['local-stack/ready-after'] = spec.readyAfter;
  const template = {
    metadata: { labels: { app: spec.name }, annotations },
    spec: { containers: [{ name: 'app', image: spec.image }], terminationGracePeriodSeconds: 0 },
  };
  const base = { apiVersion: 'apps/v1', kind, metadata: { name: spec.name } };
  if (kind === 'DaemonSet') return { ...base, spec: { selector: { matchLabels: { app: spec.name } }, template } };
  if (kind === 'StatefulSet') {
    return {
      ...base,
      spec: {
        replicas: spec.replicas ?? 1,
        serviceName: spec.name,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: { app: spec.name } },
        template,
      },
    };
  }
  return {
    ...base,
    spec: {
      replicas: spec.replicas ?? 2,
      progressDeadlineSeconds: spec.progressDeadlineSeconds ?? 8,
      selector: { matchLabels: { app: spec.name } },
      template,
    },
  };
}

/** Writes manifests (JSON documents joined as YAML) into the workspace; returns the file name. */
export function writeManifests(cluster: Cluster, file: string, objects: object[] | string): string {
  const text = typeof objects === 'string' ? objects : objects.map((o) => JSON.stringify(o)).join('\n---\n');
  writeFileSync(path.join(cluster.workspace, file), text);
  return file;
}

export function rollout(
  cluster: Cluster,
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
): Promise<ActionRun> {
  return runAction(
    'kubectl-rollout',
    { kubeconfig: 'kubeconfig', timeout: '40s', 'record-evidence': 'false', ...inputs },
    {
      env: { GITHUB_WORKSPACE: cluster.workspace, RUNNER_TEMP: cluster.workspace, KUBECONFIG: undefined, ...env },
      timeoutMs: 150_000,
    },
  );
}

/** A tiny image (one random layer) in the local registry; returns its digest. */
export async function pushImage(registry: RegistryClient, repository: string, tag: string): Promise<string> {
  const layer = await registry.pushBlob(repository, randomBytes(64));
  const configText = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [layer] },
  });
  const config = await registry.pushBlob(repository, configText);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: config,
      size: Buffer.byteLength(configText),
    },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer, size: 64 }],
  });
  return (await registry.pushManifest(repository, tag, 'application/vnd.oci.image.manifest.v1+json', manifest)).digest;
}

export async function imageOf(cluster: Cluster, ns: string, name: string): Promise<string | undefined> {
  const d = await cluster.apps.readNamespacedDeployment({ name, namespace: ns });
  return d.spec?.template.spec?.containers[0]?.image;
}
