// Benchmark of kubectl-rollout on the local Kubernetes control plane (issue 13), in one run:
//   1. failure detected -> exit: a release whose pods crash-loop (and one that never becomes ready);
//      this script watches the cluster itself and notes when it first reports the failure
//      (CrashLoopBackOff on a pod of the new ReplicaSet, or ProgressDeadlineExceeded), then when the
//      action exits. Goal: under 2 s. Shown without rollback, and with the rollback (which waits for the
//      old pods again, cluster time).
//   2. overhead on a successful rollout against `kubectl apply --server-side` + `kubectl rollout
//      status` of the same change (the machine's kubectl), alternated, median of KR_BENCH_RUNS (5).
//   3. 20 Deployments waited for in one run against 1 (pods ready after 3 s each): close to 1x means
//      the wait costs the slowest workload, not the sum.
// Also: the bundle's start-up (a run that fails on its first input) against `node -e 0`.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as k8s from '@kubernetes/client-node';
import { stringify } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;
const bundle = join(root, 'dist/kubectl-rollout/index.js');
const runs = Number(process.env.KR_BENCH_RUNS || 5);

execFileSync('bash', [join(root, 'scripts/local-stack.sh'), 'up', 'kube'], { stdio: ['ignore', 'ignore', 'inherit'] });
const envText = execFileSync('bash', [join(root, 'scripts/local-stack.sh'), 'env', 'kube'], { encoding: 'utf8' });
const kubeconfig = /KUBECONFIG=(\S+)/.exec(envText)[1];
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfig);
const core = kc.makeApiClient(k8s.CoreV1Api);
const workspace = mkdtempSync(join(tmpdir(), 'kr-bench-'));
copyFileSync(kubeconfig, join(workspace, 'kubeconfig'));
const id = Date.now().toString(36);
const namespaces = [];

async function namespace(name) {
  const ns = `kr-bench-${name}-${id}`;
  await core.createNamespace({ body: { metadata: { name: ns } } });
  namespaces.push(ns);
  for (let i = 0; i < 100; i++) {
    try {
      await core.readNamespacedServiceAccount({ name: 'default', namespace: ns });
      return ns;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return ns;
}

function deployment(name, tag, { replicas = 2, behavior, readyAfter, deadline = 30 } = {}) {
  const annotations = {};
  if (behavior) annotations['local-stack/behavior'] = behavior;
  if (readyAfter) annotations['local-stack/ready-after'] = readyAfter;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      progressDeadlineSeconds: deadline,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations },
        spec: {
          containers: [{ name: 'app', image: `registry.local/${name}:${tag}` }],
          terminationGracePeriodSeconds: 0,
        },
      },
    },
  };
}

function write(file, objects) {
  writeFileSync(join(workspace, file), objects.map((o) => stringify(o)).join('---\n'));
}

/** Runs the bundle; resolves with its exit code and the time it exited. */
function action(inputs) {
  const env = { ...process.env, GITHUB_WORKSPACE: workspace, KUBECONFIG: '' };
  for (const [k, v] of Object.entries({
    kubeconfig: 'kubeconfig',
    'allow-tags': 'true',
    'record-evidence': 'false',
    timeout: '90s',
    ...inputs,
  })) {
    env[`INPUT_${k.toUpperCase()}`] = v;
  }
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, exitedAt: performance.now(), ms: performance.now() - started, out }));
  });
}

function kubectl(args) {
  const started = performance.now();
  execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { stdio: 'ignore' });
  return performance.now() - started;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Watches a Deployment and its pods; resolves with the time the cluster first reports the rollout failed. */
function clusterReportsFailure(ns, name, signal) {
  return new Promise((resolve) => {
    const watch = new k8s.Watch(kc);
    const seen = () => resolve(performance.now());
    const fatal = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull']);
    let revision;
    const rsRevision = new Map();
    watch
      .watch(
        `/apis/apps/v1/namespaces/${ns}/deployments`,
        { fieldSelector: `metadata.name=${name}` },
        (_t, d) => {
          revision = d.metadata?.annotations?.['deployment.kubernetes.io/revision'];
          if (d.status?.conditions?.some((c) => c.reason === 'ProgressDeadlineExceeded')) seen();
        },
        () => undefined,
      )
      .then((c) => signal.addEventListener('abort', () => c.abort()));
    watch
      .watch(
        `/apis/apps/v1/namespaces/${ns}/replicasets`,
        {},
        (_t, rs) => {
          rsRevision.set(rs.metadata.name, rs.metadata?.annotations?.['deployment.kubernetes.io/revision']);
        },
        () => undefined,
      )
      .then((c) => signal.addEventListener('abort', () => c.abort()));
    watch
      .watch(
        `/api/v1/namespaces/${ns}/pods`,
        { labelSelector: `app=${name}` },
        (_t, pod) => {
          const owner = pod.metadata?.ownerReferences?.[0]?.name;
          const current = revision && rsRevision.get(owner) === revision;
          if (current && (pod.status?.containerStatuses ?? []).some((c) => fatal.has(c.state?.waiting?.reason))) seen();
        },
        () => undefined,
      )
      .then((c) => signal.addEventListener('abort', () => c.abort()));
  });
}

async function failureLatency(label, behavior, rollback) {
  const ns = await namespace(`fail-${behavior}-${rollback}`);
  write('fail.yaml', [deployment('web', 'v1')]);
  const ok = await action({ manifests: 'fail.yaml', namespace: ns });
  if (ok.code !== 0) throw new Error(`setup deploy failed:\n${ok.out}`);
  write('fail.yaml', [deployment('web', 'v2', { behavior, deadline: behavior === 'never-ready' ? 5 : 600 })]);
  const stop = new AbortController();
  const reported = clusterReportsFailure(ns, 'web', stop.signal);
  const run = await action({ manifests: 'fail.yaml', namespace: ns, 'rollback-on-failure': String(rollback) });
  stop.abort();
  const at = await Promise.race([reported, new Promise((r) => setTimeout(() => r(undefined), 100))]);
  if (run.code === 0 || at === undefined)
    throw new Error(`${label}: expected a failure the cluster reported\n${run.out}`);
  return { label, ms: run.exitedAt - at };
}

const results = [];

// Namespaces are deleted however the run ends.
try {
  // 0. start-up
  {
    const node = [];
    const start = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      execFileSync(process.execPath, ['-e', '0']);
      node.push(performance.now() - t);
      t = performance.now();
      try {
        execFileSync(process.execPath, [bundle], {
          env: { ...process.env, 'INPUT_DRY-RUN': 'maybe' },
          stdio: 'ignore',
        });
      } catch {
        // it fails on the input, as intended
      }
      start.push(performance.now() - t);
    }
    results.push(
      `bundle start-up (fails on its first input): ${s(median(start))} vs node -e 0 ${s(median(node))}: ${(median(start) / median(node)).toFixed(1)}x`,
    );
  }

  // 1. failure detected -> exit
  for (const [label, behavior, rollback] of [
    ['crash loop, no rollback', 'crash-loop', false],
    ['never ready (ProgressDeadlineExceeded), no rollback', 'never-ready', false],
    ['crash loop, with rollback', 'crash-loop', true],
  ]) {
    const r = await failureLatency(label, behavior, rollback);
    results.push(`failure reported by the cluster -> action exit, ${r.label}: ${s(r.ms)} (goal < 2 s)`);
  }

  // 2. overhead vs kubectl apply --server-side + kubectl rollout status
  {
    const ns = await namespace('overhead');
    write('web.yaml', [deployment('web', 'v0')]);
    const first = await action({ manifests: 'web.yaml', namespace: ns });
    if (first.code !== 0) throw new Error(first.out);
    const ours = [];
    const theirs = [];
    for (let i = 1; i <= runs; i++) {
      write('web.yaml', [{ ...deployment('web', `a${i}`), metadata: { name: 'web', namespace: ns } }]);
      theirs.push(
        kubectl([
          'apply',
          '--server-side',
          '--field-manager=kubectl-rollout',
          '--force-conflicts',
          '-f',
          join(workspace, 'web.yaml'),
        ]) + kubectl(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=90s']),
      );
      write('web.yaml', [deployment('web', `b${i}`)]);
      const run = await action({ manifests: 'web.yaml', namespace: ns });
      if (run.code !== 0) throw new Error(run.out);
      ours.push(run.ms);
    }
    const [o, t] = [median(ours), median(theirs)];
    results.push(
      `successful rollout (2 pods): action ${s(o)} vs kubectl apply --server-side + rollout status ${s(t)}: ${(o / t).toFixed(2)}x (+${s(o - t)})`,
    );
  }

  // 3. 20 workloads in parallel vs 1
  {
    const ns = await namespace('parallel');
    const set = (n, tag) =>
      Array.from({ length: n }, (_, i) => deployment(`w${i}`, tag, { replicas: 1, readyAfter: '3s' }));
    const one = [];
    const twenty = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      write('one.yaml', [deployment('solo', `o${i}`, { replicas: 1, readyAfter: '3s' })]);
      const a = await action({ manifests: 'one.yaml', namespace: ns });
      write('twenty.yaml', set(20, `t${i}`));
      const b = await action({ manifests: 'twenty.yaml', namespace: ns });
      if (a.code !== 0 || b.code !== 0) throw new Error(a.out + b.out);
      if (i > 0) {
        // the first round creates the workloads; later rounds change their images
        one.push(a.ms);
        twenty.push(b.ms);
      }
    }
    const [x, y] = [median(one), median(twenty)];
    results.push(
      `20 Deployments (pods ready after 3 s) in one run vs 1: ${s(y)} vs ${s(x)}: ${(y / x).toFixed(2)}x (the sum would be ~20x)`,
    );
    // What the cluster itself needs for the 20 (its deployment controller syncs 5 at a time by default):
    // kubectl apply of the 20, then 20 kubectl rollout status at once.
    write(
      'twenty.yaml',
      set(20, 'k').map((o) => ({ ...o, metadata: { ...o.metadata, namespace: ns } })),
    );
    const started = performance.now();
    kubectl([
      'apply',
      '--server-side',
      '--field-manager=kubectl-rollout',
      '--force-conflicts',
      '-f',
      join(workspace, 'twenty.yaml'),
    ]);
    await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) =>
          new Promise((resolve, reject) =>
            spawn(
              'kubectl',
              ['--kubeconfig', kubeconfig, '-n', ns, 'rollout', 'status', `deployment/w${i}`, '--timeout=90s'],
              { stdio: 'ignore' },
            ).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rollout status w${i}: ${code}`)))),
          ),
      ),
    );
    const cluster = performance.now() - started;
    results.push(
      `20 Deployments, the action vs kubectl apply + 20 kubectl rollout status at once: ${s(y)} vs ${s(cluster)}: ${(y / cluster).toFixed(2)}x`,
    );
  }
} finally {
  await Promise.all(namespaces.map((name) => core.deleteNamespace({ name }).catch(() => undefined)));
}
console.log(results.join('\n'));
