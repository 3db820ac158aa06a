// kubectl-rollout's bundle against the real local control plane (kube-apiserver v1.37, kwok nodes),
// the local registry (evidence) and the fake GitHub API (deployments). Each test works in its own
// namespace, deleted at the end; progress deadlines and timeouts are short to keep the suite lean.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { EvidenceStore } from '../../../action-helpers/evidence.js';
import { RegistryClient } from '../../../action-helpers/registry-api.js';
import { FakeGithub } from '../../support/fake-github.js';
import { useLocalStack } from '../../support/local-stack.js';
import {
  cleanUp,
  connect,
  imageOf,
  namespace,
  pushImage,
  rollout,
  runId,
  workload,
  writeManifests,
  type Cluster,
  type WorkloadSpec,
} from './cluster.js';

let cluster: Cluster;
let registryHost: string;
let repository: string;
let v1: string;
let v2: string;
let v3: string;
let image: (digest: string) => string;

beforeAll(async () => {
  const env = await useLocalStack('kube', 'registry');
  cluster = connect(env.KUBECONFIG ?? '');
  registryHost = env.LOCAL_REGISTRY ?? '127.0.0.1:5050';
  repository = `kubectl-rollout-${runId}/web`;
  const registry = new RegistryClient(registryHost);
  [v1, v2, v3] = [
    await pushImage(registry, repository, 'v1'),
    await pushImage(registry, repository, 'v2'),
    await pushImage(registry, repository, 'v3'),
  ];
  image = (digest) => `${registryHost}/${repository}@${digest}`;
}, 30 * 60_000);

afterAll(() => cleanUp(cluster), 60_000);

describe('one Deployment through its life', () => {
  let ns: string;
  let github: FakeGithub;
  const repo = 'acme/shop';
  const sha = 'a'.repeat(40);

  beforeAll(async () => {
    ns = await namespace(cluster, 'life');
    github = await FakeGithub.start({ repos: [repo] });
    writeManifests(cluster, 'life.yaml', [workload({ name: 'web', image: 'web' })]);
  });
  afterAll(() => github?.close());

  const deploy = (digest: string, extra: Record<string, string> = {}, template: Partial<WorkloadSpec> = {}) => {
    if (Object.keys(template).length > 0)
      writeManifests(cluster, 'life.yaml', [workload({ name: 'web', image: 'web', ...template })]);
    else writeManifests(cluster, 'life.yaml', [workload({ name: 'web', image: 'web' })]);
    return rollout(
      cluster,
      {
        manifests: 'life.yaml',
        namespace: ns,
        images: `web=${image(digest)}`,
        environment: 'dev',
        'record-evidence': 'true',
        'github-token': 'ghs_test',
        ...extra,
      },
      {
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: repo,
        GITHUB_SHA: sha,
        GITHUB_RUN_ID: '42',
        GITHUB_SERVER_URL: 'https://github.test',
        GITHUB_ACTOR: 'octocat',
      },
    );
  };
  const evidence = (digest: string) =>
    new EvidenceStore(new RegistryClient(registryHost), repository).list(digest, 'deployment');

  test('succeeds: applied, ready, annotated, recorded as evidence and as a GitHub deployment', async () => {
    const run = await deploy(v1);
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.changed).toBe('true');
    const [w] = JSON.parse(run.outputs.workloads!) as {
      name: string;
      ready: boolean;
      images: Record<string, string>;
      revision: string;
    }[];
    expect(w).toMatchObject({ name: 'web', ready: true, images: { app: image(v1) }, revision: '1' });
    const d = await cluster.apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(d.status?.readyReplicas).toBe(2);
    expect(d.metadata?.annotations?.['eks-delivery-actions/commit']).toBe(sha);
    expect(d.metadata?.annotations?.['eks-delivery-actions/run-url']).toBe(
      'https://github.test/acme/shop/actions/runs/42',
    );
    expect(d.spec?.template.metadata?.annotations?.['eks-delivery-actions/commit']).toBeUndefined();
    expect(d.metadata?.managedFields?.some((m) => m.manager === 'kubectl-rollout' && m.operation === 'Apply')).toBe(
      true,
    );

    const records = await evidence(v1);
    expect(records.map((r) => r.record.data)).toEqual([
      {
        environment: 'dev',
        cluster: 'local-stack',
        namespace: ns,
        workloads: [{ kind: 'Deployment', name: 'web', namespace: ns }],
        result: 'succeeded',
      },
    ]);
    expect(JSON.parse(run.outputs.evidence!)).toEqual([
      { image: image(v1), digest: v1, artifact: records[0]!.artifactDigest },
    ]);
    expect(github.calls().filter((c) => c.startsWith('POST'))).toEqual([
      `POST /repos/${repo}/deployments`,
      expect.stringMatching(new RegExp(`^POST /repos/${repo}/deployments/\\d+/statuses$`)),
    ]);
    expect(run.summary).toContain('Rolled out to local-stack');
  }, 120_000);

  test('a re-run with the same images applies nothing and records nothing twice', async () => {
    const before = await cluster.apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    const run = await deploy(v1);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.changed).toBe('false');
    expect(run.summary).toContain('already up to date, nothing applied');
    const after = await cluster.apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    expect(await evidence(v1)).toHaveLength(1);
    // The GitHub deployment is found again, not created twice.
    expect(github.calls().filter((c) => c === `POST /repos/${repo}/deployments`)).toHaveLength(1);
  }, 120_000);

  test('pods that never become ready: ProgressDeadlineExceeded explained, rolled back to v1, recorded', async () => {
    const run = await deploy(v2, {}, { behavior: 'never-ready' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('rollout-failed');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain('ProgressDeadlineExceeded');
    expect(run.outputs['rolled-back']).toBe('true');
    expect(run.summary).toContain('failed and was rolled back');
    expect(run.summary).toContain('Progressing=False ProgressDeadlineExceeded');
    expect(run.summary).toContain('Readiness probe failed');
    expect(run.summary).toMatch(/container app: running, not ready/);
    expect(JSON.parse(run.outputs['previous-images']!)).toEqual([
      { kind: 'Deployment', name: 'web', namespace: ns, revision: '1', images: { app: image(v1) } },
    ]);
    expect(await imageOf(cluster, ns, 'web')).toBe(image(v1));
    const d = await cluster.apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(d.status?.readyReplicas).toBe(2);
    expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect((await evidence(v2)).map((r) => r.record.data.result)).toEqual(['rolled-back']);
    const statuses = github.calls().filter((c) => /statuses$/.test(c) && c.startsWith('POST'));
    expect(statuses.length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  test('a crash loop fails fast (well before the progress deadline) and is rolled back', async () => {
    const run = await deploy(v3, { timeout: '60s' }, { behavior: 'crash-loop', progressDeadlineSeconds: 600 });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('rollout-failed');
    expect(run.errors[0]).toContain('CrashLoopBackOff');
    expect(run.summary).toMatch(/last exit 1 Error/);
    expect(run.summary).toContain('BackOff');
    // kwok keeps no logs: said, not hidden.
    expect(run.summary).toMatch(/Last log lines of web-[a-z0-9]+-[a-z0-9]+\/app \(previous run\)/);
    expect(run.outputs['rolled-back']).toBe('true');
    expect(await imageOf(cluster, ns, 'web')).toBe(image(v1));
  }, 120_000);

  test('an image that cannot be pulled fails fast and is rolled back', async () => {
    const run = await deploy(v3, {}, { behavior: 'image-pull-error', progressDeadlineSeconds: 600 });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/ErrImagePull|ImagePullBackOff/);
    expect(run.outputs['rolled-back']).toBe('true');
    expect(await imageOf(cluster, ns, 'web')).toBe(image(v1));
  }, 120_000);

  test('a rollout slower than timeout is rolled back with rollout-timeout', async () => {
    const run = await deploy(v3, { timeout: '3s' }, { readyAfter: '30s', progressDeadlineSeconds: 600 });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('rollout-timeout');
    expect(run.errors[0]).toContain('did not finish within');
    expect(run.outputs['rolled-back']).toBe('true');
    expect(await imageOf(cluster, ns, 'web')).toBe(image(v1));
  }, 120_000);
});

describe('several workloads at once', () => {
  test('one fails: the others stop being waited for, and every changed workload is rolled back', async () => {
    const ns = await namespace(cluster, 'many');
    const kinds = [
      { name: 'api', kind: 'Deployment' as const },
      { name: 'worker', kind: 'Deployment' as const },
      { name: 'db', kind: 'StatefulSet' as const },
      { name: 'agent', kind: 'DaemonSet' as const },
    ];
    const manifests = (tag: string, broken?: string) =>
      writeManifests(
        cluster,
        'many.yaml',
        kinds.map((k) =>
          workload({
            ...k,
            image: `registry.local/${k.name}:${tag}`,
            behavior: k.name === broken ? 'crash-loop' : undefined,
          }),
        ),
      );
    manifests('v1');
    const first = await rollout(cluster, { manifests: 'many.yaml', namespace: ns });
    expect(first.errors).toEqual([]);
    expect((JSON.parse(first.outputs.workloads!) as { ready: boolean }[]).map((w) => w.ready)).toEqual([
      true,
      true,
      true,
      true,
    ]);

    manifests('v2', 'worker');
    const run = await rollout(cluster, { manifests: 'many.yaml', namespace: ns, 'allow-tags': 'true' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('rollout-failed');
    expect(run.errors[0]).toContain(`deployment/worker in ${ns}: CrashLoopBackOff`);
    expect(run.errors[0]).not.toContain('deployment/api');
    expect(run.outputs['rolled-back']).toBe('true');
    expect(await imageOf(cluster, ns, 'api')).toBe('registry.local/api:v1');
    expect(await imageOf(cluster, ns, 'worker')).toBe('registry.local/worker:v1');
    const db = await cluster.apps.readNamespacedStatefulSet({ name: 'db', namespace: ns });
    expect(db.spec?.template.spec?.containers[0]?.image).toBe('registry.local/db:v1');
    const agent = await cluster.apps.readNamespacedDaemonSet({ name: 'agent', namespace: ns });
    expect(agent.spec?.template.spec?.containers[0]?.image).toBe('registry.local/agent:v1');
  }, 150_000);
});

describe('failures before or without a previous revision', () => {
  test('a failing first deploy is reported as having nothing to roll back to, and left in place', async () => {
    const ns = await namespace(cluster, 'first');
    writeManifests(cluster, 'first.yaml', [
      workload({ name: 'new', image: 'registry.local/new:v1', behavior: 'crash-loop' }),
    ]);
    const run = await rollout(cluster, { manifests: 'first.yaml', namespace: ns, 'allow-tags': 'true' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('rollout-failed');
    expect(run.outputs['rolled-back']).toBe('false');
    expect(run.summary).toContain('nothing to roll back to');
    expect(run.summary).toContain('First deploy of deployment/new');
    expect(await imageOf(cluster, ns, 'new')).toBe('registry.local/new:v1');

    // Run again unchanged: nothing is applied, the failure is still seen, and nothing is rolled back.
    const again = await rollout(cluster, { manifests: 'first.yaml', namespace: ns, 'allow-tags': 'true' });
    expect(again.outputs['failure-reason']).toBe('rollout-failed');
    expect(again.outputs.changed).toBe('false');
    expect(again.summary).toContain('this run changed no workload');
  }, 120_000);

  test('a ServiceAccount that may not patch Deployments is refused with forbidden, before anything changes', async () => {
    const ns = await namespace(cluster, 'rbac');
    await cluster.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'deployer' } } });
    await cluster.rbac.createNamespacedRole({
      namespace: ns,
      body: {
        metadata: { name: 'read-only' },
        rules: [
          { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'patch', 'create'] },
        ],
      },
    });
    await cluster.rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'read-only' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-only' },
        subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: ns }],
      },
    });
    const token = await cluster.core.createNamespacedServiceAccountToken({
      name: 'deployer',
      namespace: ns,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const server = cluster.kc.getCurrentCluster()!;
    const saKubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: local, cluster: {server: "${server.server}", certificate-authority-data: "${server.caData}"}}]`,
      `users: [{name: deployer, user: {token: "${token.status?.token}"}}]`,
      `contexts: [{name: deployer, context: {cluster: local, user: deployer, namespace: ${ns}}}]`,
      'current-context: deployer',
    ].join('\n');
    writeManifests(cluster, 'rbac.yaml', [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } },
      workload({ name: 'web', image: 'registry.local/web:v1' }),
    ]);
    const run = await rollout(cluster, { manifests: 'rbac.yaml', kubeconfig: saKubeconfig, 'allow-tags': 'true' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('forbidden');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(`system:serviceaccount:${ns}:deployer`);
    expect(run.errors[0]).toContain('cannot patch resource "deployments"');
    // Only the runner's mask commands carry it (that is how it learns to hide it).
    const printed = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(printed.join('\n')).not.toContain(token.status?.token ?? 'no token');
    // The ConfigMap it may write was not written either: the dry run stopped everything.
    await expect(cluster.core.readNamespacedConfigMap({ name: 'settings', namespace: ns })).rejects.toMatchObject({
      code: 404,
    });

    // Allowed to apply but not to watch pods: the wait says which watch was refused.
    await cluster.rbac.replaceNamespacedRole({
      name: 'read-only',
      namespace: ns,
      body: {
        metadata: { name: 'read-only' },
        rules: [
          { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'patch', 'create'] },
          { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'patch', 'create'] },
        ],
      },
    });
    const noWatch = await rollout(cluster, { manifests: 'rbac.yaml', kubeconfig: saKubeconfig, 'allow-tags': 'true' });
    expect(noWatch.outputs['failure-reason']).toBe('forbidden');
    expect(noWatch.errors).toEqual([
      expect.stringContaining(`the watch of /api/v1/namespaces/${ns}/pods failed: HTTP 403`),
    ]);
  }, 60_000);

  test('a malformed manifest fails with invalid-manifest and nothing is applied', async () => {
    const ns = await namespace(cluster, 'bad');
    writeManifests(
      cluster,
      'bad.yaml',
      `${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' } })}\n---\nkind: Deployment\nmetadata: {name: web}\nspec: [unclosed\n`,
    );
    const run = await rollout(cluster, { manifests: 'bad.yaml', namespace: ns });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('invalid-manifest');
    expect(run.errors[0]).toContain('bad.yaml#2');
    await expect(cluster.core.readNamespacedConfigMap({ name: 'ok', namespace: ns })).rejects.toMatchObject({
      code: 404,
    });

    // Valid YAML the API server refuses (a Deployment without a selector) is caught by the dry run.
    writeManifests(cluster, 'bad.yaml', [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: {} } },
    ]);
    const refused = await rollout(cluster, { manifests: 'bad.yaml', namespace: ns });
    expect(refused.outputs['failure-reason']).toBe('invalid-manifest');
    expect(refused.errors[0]).toMatch(/spec\.selector: Required value/);
    await expect(cluster.core.readNamespacedConfigMap({ name: 'ok', namespace: ns })).rejects.toMatchObject({
      code: 404,
    });
  }, 60_000);

  test('an unreachable cluster fails with cluster-unreachable', async () => {
    const dead = [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: dead, cluster: {server: "https://127.0.0.1:1"}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: dead, context: {cluster: dead, user: u}}]',
      'current-context: dead',
    ].join('\n');
    writeManifests(cluster, 'dead.yaml', [workload({ name: 'web', image: 'registry.local/web:v1' })]);
    const run = await rollout(cluster, {
      manifests: 'dead.yaml',
      kubeconfig: dead,
      namespace: 'default',
      'allow-tags': 'true',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('cluster-unreachable');
    expect(run.errors[0]).toContain('ECONNREFUSED');
  }, 60_000);

  test('a kubeconfig whose user runs an exec plugin is refused, and the plugin never runs', async () => {
    const marker = `${cluster.workspace}/exec-ran-${runId}`;
    const hostile = [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "${cluster.kc.getCurrentCluster()!.server}"}}]`,
      `users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /usr/bin/touch, args: ["${marker}"]}}}]`,
      'contexts: [{name: c, context: {cluster: c, user: u}}]',
      'current-context: c',
    ].join('\n');
    writeManifests(cluster, 'hostile.yaml', [workload({ name: 'web', image: 'registry.local/web:v1' })]);
    const run = await rollout(cluster, { manifests: 'hostile.yaml', kubeconfig: hostile, 'allow-tags': 'true' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('invalid-input');
    expect(run.errors).toEqual([
      expect.stringContaining('Input \'kubeconfig\': the kubeconfig is refused: its user "u" runs a credential plugin'),
    ]);
    const { existsSync } = await import('node:fs');
    expect(existsSync(marker)).toBe(false);
  }, 60_000);
});

describe('kustomize and evidence', () => {
  test('a kustomize folder is rendered (kustomize, else kubectl kustomize) and rolled out', async () => {
    const ns = await namespace(cluster, 'kustomize');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(`${cluster.workspace}/kustomize/base`, { recursive: true });
    writeManifests(cluster, 'kustomize/base/web.yaml', [workload({ name: 'web', image: 'web' })]);
    writeManifests(cluster, 'kustomize/base/kustomization.yaml', 'resources: [web.yaml]\n');
    writeManifests(cluster, 'kustomize/dev.yaml', '');
    mkdirSync(`${cluster.workspace}/kustomize/dev`, { recursive: true });
    writeManifests(
      cluster,
      'kustomize/dev/kustomization.yaml',
      'resources: [../base]\nnamePrefix: dev-\nlabels: [{pairs: {env: dev}}]\n',
    );
    const run = await rollout(cluster, { kustomize: 'kustomize/dev', namespace: ns, images: `web=${image(v1)}` });
    expect(run.errors).toEqual([]);
    expect(JSON.parse(run.outputs.workloads!)).toEqual([
      { kind: 'Deployment', name: 'dev-web', namespace: ns, revision: '1', images: { app: image(v1) }, ready: true },
    ]);
    const d = await cluster.apps.readNamespacedDeployment({ name: 'dev-web', namespace: ns });
    expect(d.metadata?.labels).toMatchObject({ env: 'dev', 'eks-delivery-actions/apply-set': 'kubectl-rollout' });
  }, 60_000);

  test('a rollout that succeeded but whose evidence cannot be written fails with evidence-failed, saying the rollout worked', async () => {
    const ns = await namespace(cluster, 'evidence');
    writeManifests(cluster, 'evidence.yaml', [workload({ name: 'web', image: 'web' })]);
    const run = await rollout(cluster, {
      manifests: 'evidence.yaml',
      namespace: ns,
      images: `web=${image(v1)}`,
      'record-evidence': 'true',
      registry: '127.0.0.1:1',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('evidence-failed');
    expect(run.errors[0]).toContain(
      `Could not record deployment evidence for ${image(v1)} in 127.0.0.1:1/${repository}`,
    );
    expect(run.summary).toContain('Rolled out to local-stack, but the deployment evidence was not recorded');
    expect(JSON.parse(run.outputs.workloads!)[0].ready).toBe(true);
  }, 120_000);
});

describe('runtime', () => {
  test('cancelled while waiting (SIGTERM, as the runner cancels): stops at once with cancelled', async () => {
    const ns = await namespace(cluster, 'cancel');
    writeManifests(cluster, 'cancel.yaml', [
      workload({ name: 'web', image: 'registry.local/web:v1', behavior: 'never-ready', progressDeadlineSeconds: 600 }),
    ]);
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { repoRoot, parseOutputFile } = await import('../../support/run-action.js');
    const dir = mkdtempSync(`${cluster.workspace}/cancel-`);
    writeFileSync(`${dir}/output`, '');
    const env: Record<string, string | undefined> = {
      ...process.env,
      GITHUB_WORKSPACE: cluster.workspace,
      GITHUB_OUTPUT: `${dir}/output`,
      KUBECONFIG: undefined,
    };
    for (const [k, v] of Object.entries({
      kubeconfig: 'kubeconfig',
      manifests: 'cancel.yaml',
      namespace: ns,
      'allow-tags': 'true',
      'record-evidence': 'false',
      timeout: '5m',
    })) {
      env[`INPUT_${k.toUpperCase()}`] = v;
    }
    const child = spawn(process.execPath, [`${repoRoot}/dist/kubectl-rollout/index.js`], {
      env: env as NodeJS.ProcessEnv,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('updated replicas available') && !child.killed) child.kill('SIGTERM');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(parseOutputFile(readFileSync(`${dir}/output`, 'utf8'))['failure-reason']).toBe('cancelled');
    expect(out).toContain('Received SIGTERM');
  }, 60_000);

  test('the bundle rolls out on Node 24, the runtime action.yml names', async () => {
    const { execFileSync } = await import('node:child_process');
    const { repoRoot } = await import('../../support/run-action.js');
    const node24 = execFileSync('bash', [`${repoRoot}/scripts/ensure-node24.sh`], { encoding: 'utf8' }).trim();
    const ns = await namespace(cluster, 'node24');
    writeManifests(cluster, 'node24.yaml', [workload({ name: 'web', image: 'web' })]);
    const { runAction } = await import('../../support/run-action.js');
    const run = await runAction(
      'kubectl-rollout',
      {
        kubeconfig: 'kubeconfig',
        manifests: 'node24.yaml',
        namespace: ns,
        images: `web=${image(v1)}`,
        'record-evidence': 'false',
      },
      { env: { GITHUB_WORKSPACE: cluster.workspace, KUBECONFIG: undefined }, node: node24, timeoutMs: 120_000 },
    );
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs.workloads!)).toEqual([
      { kind: 'Deployment', name: 'web', namespace: ns, revision: '1', images: { app: image(v1) }, ready: true },
    ]);
  }, 180_000);
});

describe('dry runs and prune', () => {
  test('dry-run server reports what would change and changes nothing; prune removes what the manifests dropped', async () => {
    const ns = await namespace(cluster, 'prune');
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });
    writeManifests(cluster, 'prune.yaml', [
      cm('keep'),
      cm('drop'),
      workload({ name: 'web', image: 'registry.local/web:v1' }),
    ]);
    const dry = await rollout(cluster, {
      manifests: 'prune.yaml',
      namespace: ns,
      'allow-tags': 'true',
      'dry-run': 'server',
      'apply-set': 'shop',
    });
    expect(dry.exitCode).toBe(0);
    expect(dry.summary).toContain('server dry run, nothing changed');
    expect(dry.summary).toContain(`ConfigMap/${ns}/keep</td><td>would be created`);
    await expect(cluster.core.readNamespacedConfigMap({ name: 'keep', namespace: ns })).rejects.toMatchObject({
      code: 404,
    });

    const first = await rollout(cluster, {
      manifests: 'prune.yaml',
      namespace: ns,
      'allow-tags': 'true',
      'apply-set': 'shop',
    });
    expect(first.errors).toEqual([]);
    await cluster.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'not-ours', labels: { 'eks-delivery-actions/apply-set': 'other' } } },
    });

    writeManifests(cluster, 'prune.yaml', [cm('keep'), workload({ name: 'web', image: 'registry.local/web:v1' })]);
    const pruned = await rollout(cluster, {
      manifests: 'prune.yaml',
      namespace: ns,
      'allow-tags': 'true',
      'apply-set': 'shop',
      prune: 'true',
    });
    expect(pruned.errors).toEqual([]);
    expect(pruned.summary).toContain(`Pruned: ConfigMap/${ns}/drop`);
    await expect(cluster.core.readNamespacedConfigMap({ name: 'drop', namespace: ns })).rejects.toMatchObject({
      code: 404,
    });
    expect((await cluster.core.readNamespacedConfigMap({ name: 'not-ours', namespace: ns })).metadata?.name).toBe(
      'not-ours',
    );
    expect((await cluster.core.readNamespacedConfigMap({ name: 'keep', namespace: ns })).metadata?.name).toBe('keep');
  }, 120_000);
});
