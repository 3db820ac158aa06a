// The local stack's Kubernetes part, exercised the way kubectl-rollout uses EKS: a real
// kube-apiserver, controller-manager and scheduler, with kwok playing the kubelets (pod behaviour
// chosen by annotation or image name, see scripts/kube/stages/pod.yaml). Talks to it with both the
// machine's kubectl (execFile, argv arrays, never a shell) and @kubernetes/client-node.
// Brings the kube part up when it is not answering and leaves it running for the next suite; works in
// a namespace of its own and deletes it at the end.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { useLocalStack } from '../support/local-stack.js';

const execFileAsync = promisify(execFile);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const namespace = `local-kube-${runId}`;

const goodImage = 'registry.local/eks-suite/web:v1';
// The "never-ready" marker in the image makes kwok start the pods and fail their readiness probe.
const neverReadyImage = 'registry.local/eks-suite/web:v2-never-ready';
const replicas = 4;
const progressDeadlineSeconds = 15;

let env: Record<string, string> = {};
let kc: k8s.KubeConfig;
let apps: k8s.AppsV1Api;
let core: k8s.CoreV1Api;
let rbac: k8s.RbacAuthorizationV1Api;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a program; a non-zero exit is returned, not thrown, so tests can assert on it. */
async function run(file: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<Result> {
  const pending = execFileAsync(file, args, {
    cwd: repoRoot,
    // env explicitly: jest gives the test its own process.env, which a child would not inherit.
    env: process.env,
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 10 * 1024 * 1024,
  });
  pending.child.stdin?.end(opts.input ?? '');
  try {
    const { stdout, stderr } = await pending;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as Error & { code?: number | string; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function kubectl(args: string[], opts: { input?: string; timeoutMs?: number; kubeconfig?: string } = {}) {
  return run('kubectl', ['--kubeconfig', opts.kubeconfig ?? env.KUBECONFIG ?? '', ...args], opts);
}

/** Fails with the command's output, which says more than "expected 0, received 1". */
function expectExit(r: Result, code: 0 | 'non-zero'): void {
  const ok = code === 0 ? r.code === 0 : r.code !== 0;
  if (!ok) throw new Error(`expected exit ${code}, got ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

async function kubectlOk(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await kubectl(args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function deploymentManifest(image: string): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace, labels: { app: 'web' } },
    spec: {
      replicas,
      progressDeadlineSeconds,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 8080 }] }] },
      },
    },
  });
}

function condition(d: k8s.V1Deployment, type: string): k8s.V1DeploymentCondition | undefined {
  return d.status?.conditions?.find((c) => c.type === type);
}

async function replicaSetsOfWeb(): Promise<k8s.V1ReplicaSet[]> {
  const list = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=web' });
  return list.items;
}

function imageOf(rs: k8s.V1ReplicaSet): string | undefined {
  return rs.spec?.template?.spec?.containers[0]?.image;
}

function isForbidden(err: unknown): boolean {
  return err instanceof k8s.ApiException && err.code === 403;
}

beforeAll(async () => {
  // `up` is a no-op when the cluster runs; a first one on a fresh machine builds it (minutes).
  env = await useLocalStack('kube');

  kc = new k8s.KubeConfig();
  kc.loadFromFile(env.KUBECONFIG ?? '');
  apps = kc.makeApiClient(k8s.AppsV1Api);
  core = kc.makeApiClient(k8s.CoreV1Api);
  rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'eks-suite/test': 'local-kube' } } } });
  // Pods can be created only once the namespace's default ServiceAccount exists.
  await eventually('the default ServiceAccount', () =>
    core.readNamespacedServiceAccount({ name: 'default', namespace }).then((sa) => sa),
  );
}, 45 * 60_000);

afterAll(async () => {
  if (core) await core.deleteNamespace({ name: namespace }).catch(() => undefined);
}, 60_000);

describe('local Kubernetes: rollout, stall, undo', () => {
  let goodReplicaSet = '';

  test('a Deployment rolls out and `kubectl rollout status` succeeds', async () => {
    await kubectlOk(['apply', '-f', '-'], { input: deploymentManifest(goodImage) });
    const status = await kubectl(['-n', namespace, 'rollout', 'status', 'deployment/web', '--timeout=90s'], {
      timeoutMs: 120_000,
    });
    expectExit(status, 0);
    expect(status.stdout).toContain('successfully rolled out');

    const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
    expect(d.status?.readyReplicas).toBe(replicas);
    expect(d.status?.updatedReplicas).toBe(replicas);
    expect(condition(d, 'Available')?.status).toBe('True');
    expect(condition(d, 'Progressing')?.reason).toBe('NewReplicaSetAvailable');

    const sets = await replicaSetsOfWeb();
    expect(sets).toHaveLength(1);
    goodReplicaSet = sets[0]?.metadata?.name ?? '';
    expect(sets[0]?.status?.readyReplicas).toBe(replicas);

    const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(replicas);
    for (const pod of pods.items) {
      expect(pod.spec?.nodeName).toMatch(/^kwok-node-\d$/);
      expect(pod.status?.phase).toBe('Running');
      expect(pod.status?.podIP).toBeTruthy();
    }
  }, 180_000);

  test('an image whose pods never become ready stalls the rollout until ProgressDeadlineExceeded', async () => {
    expect(goodReplicaSet).not.toBe('');
    await kubectlOk(['apply', '-f', '-'], { input: deploymentManifest(neverReadyImage) });
    const started = Date.now();
    const status = await kubectl(['-n', namespace, 'rollout', 'status', 'deployment/web', '--timeout=120s'], {
      timeoutMs: 150_000,
    });
    const waitedSeconds = (Date.now() - started) / 1000;
    expectExit(status, 'non-zero');
    expect(status.stderr).toContain('exceeded its progress deadline');
    expect(waitedSeconds).toBeGreaterThanOrEqual(progressDeadlineSeconds - 1);

    const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
    const progressing = condition(d, 'Progressing');
    expect(progressing?.status).toBe('False');
    expect(progressing?.reason).toBe('ProgressDeadlineExceeded');
    // maxUnavailable 25% of 4: one old pod went, three still serve.
    expect(d.status?.availableReplicas).toBe(replicas - 1);

    const sets = await replicaSetsOfWeb();
    const bad = sets.find((rs) => imageOf(rs) === neverReadyImage);
    expect(bad?.metadata?.name).toBeDefined();
    expect(bad?.status?.readyReplicas ?? 0).toBe(0);
    const badPods = await core.listNamespacedPod({
      namespace,
      labelSelector: `app=web,pod-template-hash=${bad?.metadata?.labels?.['pod-template-hash']}`,
    });
    expect(badPods.items.length).toBeGreaterThan(0);
    for (const pod of badPods.items) {
      expect(pod.status?.phase).toBe('Running');
      expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    }
    const events = await core.listNamespacedEvent({ namespace, fieldSelector: 'reason=Unhealthy' });
    expect(events.items.some((e) => e.message?.includes('Readiness probe failed'))).toBe(true);
  }, 180_000);

  test('`kubectl rollout undo` brings the old ReplicaSet back to ready', async () => {
    await kubectlOk(['-n', namespace, 'rollout', 'undo', 'deployment/web']);
    const status = await kubectl(['-n', namespace, 'rollout', 'status', 'deployment/web', '--timeout=90s'], {
      timeoutMs: 120_000,
    });
    expectExit(status, 0);
    expect(status.stdout).toContain('successfully rolled out');

    const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
    expect(d.spec?.template.spec?.containers[0]?.image).toBe(goodImage);
    expect(condition(d, 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    expect(d.status?.readyReplicas).toBe(replicas);

    const sets = await replicaSetsOfWeb();
    const old = sets.find((rs) => rs.metadata?.name === goodReplicaSet);
    expect(old?.status?.readyReplicas).toBe(replicas);
    // Undo reuses the old ReplicaSet under a new revision number.
    expect(old?.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    const bad = sets.find((rs) => imageOf(rs) === neverReadyImage);
    expect(bad?.spec?.replicas).toBe(0);
  }, 180_000);
});

describe('local Kubernetes: kwok stages chosen by annotation', () => {
  function pod(name: string, annotations: Record<string, string>): k8s.V1Pod {
    return {
      metadata: { name, namespace, annotations },
      spec: { containers: [{ name: 'app', image: 'registry.local/eks-suite/app:v1' }] },
    };
  }

  async function waitingReason(name: string, reasons: string[]): Promise<k8s.V1Pod> {
    return eventually(`${name} waiting with ${reasons.join('/')}`, async () => {
      const p = await core.readNamespacedPod({ name, namespace });
      const reason = p.status?.containerStatuses?.[0]?.state?.waiting?.reason;
      return reason && reasons.includes(reason) ? p : undefined;
    });
  }

  test('ready-after, crash-loop, image-pull-error and an unknown value', async () => {
    const started = Date.now();
    await Promise.all([
      core.createNamespacedPod({ namespace, body: pod('slow', { 'local-stack/ready-after': '4s' }) }),
      core.createNamespacedPod({ namespace, body: pod('crashy', { 'local-stack/behavior': 'crash-loop' }) }),
      core.createNamespacedPod({ namespace, body: pod('unpullable', { 'local-stack/behavior': 'image-pull-error' }) }),
      core.createNamespacedPod({ namespace, body: pod('typo', { 'local-stack/behavior': 'never_ready' }) }),
    ]);

    const slow = await eventually('slow to become Ready', async () => {
      const p = await core.readNamespacedPod({ name: 'slow', namespace });
      return p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? p : undefined;
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
    expect(slow.status?.phase).toBe('Running');

    const crashy = await waitingReason('crashy', ['CrashLoopBackOff']);
    expect(crashy.status?.phase).toBe('Running');
    expect(crashy.status?.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(1);
    expect(crashy.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(1);

    const unpullable = await waitingReason('unpullable', ['ErrImagePull', 'ImagePullBackOff']);
    expect(unpullable.status?.phase).toBe('Pending');
    await waitingReason('unpullable', ['ImagePullBackOff']);

    const typo = await waitingReason('typo', ['CreateContainerConfigError']);
    expect(typo.status?.containerStatuses?.[0]?.state?.waiting?.message).toContain('never_ready');

    // kubectl shows what a person would see on EKS.
    const table = await kubectlOk(['-n', namespace, 'get', 'pods', 'crashy', 'unpullable', '--no-headers']);
    expect(table).toMatch(/crashy\s+0\/1\s+(CrashLoopBackOff|Running)\s+[1-9]/);
    expect(table).toMatch(/unpullable\s+0\/1\s+(ErrImagePull|ImagePullBackOff)\s+0/);
  }, 180_000);
});

describe('local Kubernetes: RBAC with the ServiceAccount kubeconfig', () => {
  test('the ServiceAccount is forbidden until a RoleBinding allows it', async () => {
    const saKubeconfig = env.KUBE_SA_KUBECONFIG ?? '';
    const saName = env.KUBE_SA_NAME ?? '';
    const saNamespace = env.KUBE_SA_NAMESPACE ?? '';
    expect(saKubeconfig).not.toBe('');
    const saConfig = new k8s.KubeConfig();
    saConfig.loadFromFile(saKubeconfig);
    const saApps = saConfig.makeApiClient(k8s.AppsV1Api);

    const denied = await saApps.listNamespacedDeployment({ namespace }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isForbidden(denied)).toBe(true);
    const canI = await kubectl(['auth', 'can-i', 'list', 'deployments', '-n', namespace], {
      kubeconfig: saKubeconfig,
    });
    expect(canI.stdout.trim()).toBe('no');
    expect(canI.code).not.toBe(0);
    const whoami = await kubectl(['get', 'deployments', '-n', namespace], { kubeconfig: saKubeconfig });
    expect(whoami.code).not.toBe(0);
    expect(whoami.stderr).toContain(`system:serviceaccount:${saNamespace}:${saName}`);

    await rbac.createNamespacedRole({
      namespace,
      body: {
        metadata: { name: 'deployment-reader' },
        rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] }],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'deployment-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deployment-reader' },
        subjects: [{ kind: 'ServiceAccount', name: saName, namespace: saNamespace }],
      },
    });

    const list = await eventually('the RoleBinding to take effect', () =>
      saApps.listNamespacedDeployment({ namespace }).catch((err: unknown) => {
        if (isForbidden(err)) return undefined;
        throw err;
      }),
    );
    expect(list.items.map((d) => d.metadata?.name)).toContain('web');
    const get = await kubectl(['get', 'deployment', 'web', '-n', namespace, '-o', 'name'], {
      kubeconfig: saKubeconfig,
    });
    expect(get.code).toBe(0);
    expect(get.stdout.trim()).toBe('deployment.apps/web');
    // Only what the Role grants.
    const canDelete = await kubectl(['auth', 'can-i', 'delete', 'deployments', '-n', namespace], {
      kubeconfig: saKubeconfig,
    });
    expect(canDelete.stdout.trim()).toBe('no');
  }, 180_000);
});
