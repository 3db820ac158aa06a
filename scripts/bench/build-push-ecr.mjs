// npm run bench build-push-ecr: the action's bundle against the local stack (moto, the registry, the
// Docker engine with the classic builder), each figure beside a baseline measured in the same run.
//   cold           first build and push of a new commit    vs  docker build --no-cache + docker push,
//                  on the small image (4 MiB) and on a realistic one (120 MiB in 13 layers)
//   fixed costs    a dry run of a new commit: node start, inputs, AWS auth, repository and tag look-ups,
//                  the docker probe; what a cold build costs beyond docker build + push, less this, is
//                  the work after the push (manifest check, PutImage record, build record)
//   re-run         the same commit again (goal < 2 s, 0 B) vs  one ECR API call (DescribeRepositories)
//   cache hit      a one-line change, layer cache used     vs  the same change with no-cache: true
//   registry cache a one-line change on a fresh builder     vs  the same on a fresh builder, no-cache: true
// Bytes pushed are what the registry's blob store grew by. The first three use the engine's classic
// builder and its local layer cache. The last is buildx (scripts/ensure-buildx.sh) with a BuildKit daemon
// of its own whose state is emptied before each build, as on a fresh GitHub-hosted runner: only the
// registry cache the action wrote to the repository can help it. (The stack's dockerd, buildx's
// `docker` driver, cannot write that cache; the action then only reads it.)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';

const root = new URL('../..', import.meta.url).pathname;
const stackState = process.env.STACK_STATE || '/tmp/eks-suite-stack';
const stack = (...args) => execFileSync('bash', [join(root, 'scripts/local-stack.sh'), ...args], { encoding: 'utf8' });

stack('up', 'aws', 'registry', 'docker');
for (const line of stack('env', 'aws', 'registry', 'docker').split('\n')) {
  const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
  if (m) process.env[m[1]] = m[2];
}

const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const repository = `bench-${run}/app`;
const baselineRepository = `bench-${run}/baseline`;
const buildxRepository = `bench-${run}/buildx`;
const largeRepository = `bench-${run}/large`;
const context = mkdtempSync(join(tmpdir(), 'bpe-bench-'));
cpSync(join(root, 'test/fixtures/build-push-ecr/bench'), context, { recursive: true });
const largeContext = mkdtempSync(join(tmpdir(), 'bpe-bench-large-'));
cpSync(join(root, 'test/fixtures/build-push-ecr/bench-large'), largeContext, { recursive: true });
const newSha = () => randomBytes(20).toString('hex');

function blobBytes() {
  let total = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'data') total += statSync(full).size;
    }
  };
  walk(join(stackState, 'registry/data/docker/registry/v2/blobs'));
  return total;
}

function timed(fn) {
  const bytes = blobBytes();
  const start = process.hrtime.bigint();
  const result = fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, bytes: blobBytes() - bytes, result };
}

function oneEcrCall(name) {
  return `import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
await new ECRClient({}).send(new DescribeRepositoriesCommand({ repositoryNames: [${JSON.stringify(name)}] }));`;
}

function action(sha, inputs = {}, extraEnv = {}) {
  // The contexts are in the temporary folder: that is the workspace paths are confined to.
  const env = {
    ...process.env,
    GITHUB_SHA: sha,
    GITHUB_OUTPUT: '',
    GITHUB_STEP_SUMMARY: '',
    GITHUB_WORKSPACE: tmpdir(),
    ...extraEnv,
  };
  const all = { repository, context, registry: process.env.LOCAL_REGISTRY, 'create-repository': 'true', ...inputs };
  for (const [name, value] of Object.entries(all)) env[`INPUT_${name.toUpperCase()}`] = value;
  const out = spawnSync(process.execPath, [join(root, 'dist/build-push-ecr/index.js')], { env, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`the action failed:\n${out.stdout}\n${out.stderr}`);
  return out.stdout;
}

function docker(...args) {
  execFileSync('docker', args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * A BuildKit daemon with empty state, made the current buildx builder of a Docker config of its own
 * (as docker/setup-buildx-action does on a runner). Returns that DOCKER_CONFIG and a stop function.
 */
async function freshBuilder() {
  const ensure = (what) =>
    execFileSync('bash', [join(root, 'scripts/ensure-buildx.sh'), what], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'bpe-bench-buildkitd-'));
  writeFileSync(join(dir, 'buildkitd.toml'), `[registry."${process.env.LOCAL_REGISTRY}"]\n  http = true\n`);
  const address = `unix://${join(dir, 'buildkitd.sock')}`;
  const daemon = spawn(
    ensure('buildkitd'),
    [
      '--root',
      join(dir, 'state'),
      '--addr',
      address,
      '--config',
      join(dir, 'buildkitd.toml'),
      '--oci-worker-snapshotter',
      'native',
      '--oci-worker-net',
      'host',
      '--containerd-worker=false',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  daemon.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  for (let waited = 0; !log.includes('running server on'); waited += 100) {
    if (daemon.exitCode !== null || waited > 30_000) throw new Error(`buildkitd did not start: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const config = join(dir, 'docker');
  mkdirSync(join(config, 'cli-plugins'), { recursive: true });
  symlinkSync(ensure('buildx'), join(config, 'cli-plugins', 'docker-buildx'));
  execFileSync('docker', ['buildx', 'create', '--name', `bench-${run}`, '--driver', 'remote', '--use', address], {
    env: { ...process.env, DOCKER_CONFIG: config },
    stdio: 'ignore',
  });
  return {
    env: { DOCKER_CONFIG: config },
    stop: async () => {
      daemon.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One action run on a builder that starts empty, stopped afterwards; the timing covers the action only. */
async function onFreshBuilder(sha, inputs) {
  const builder = await freshBuilder();
  try {
    return timed(() => action(sha, inputs, builder.env));
  } finally {
    await builder.stop();
  }
}

const fmt = (s) => `${s.toFixed(2)} s`;
const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
const rows = [];
try {
  // Cold builds, each against the same image built and pushed by hand (docker build --no-cache + push).
  const coldBuild = (name, dir, inputs) => {
    const baseline = timed(() => {
      const image = `${process.env.LOCAL_REGISTRY}/${baselineRepository}:${name.replace(/\W+/g, '-')}`;
      docker('build', '--no-cache', '--quiet', '--tag', image, dir);
      docker('push', '--quiet', image);
    });
    const cold = timed(() => action(newSha(), { context: dir, 'no-cache': 'true', ...inputs }));
    rows.push([
      `cold build + push, ${name} (${kib(cold.bytes)})`,
      fmt(cold.seconds),
      kib(cold.bytes),
      `${(cold.seconds / baseline.seconds).toFixed(2)}x docker build+push (${fmt(baseline.seconds)}); overhead ${fmt(cold.seconds - baseline.seconds)}`,
    ]);
    return cold.seconds - baseline.seconds;
  };
  // Warm-up, untimed: the first run of a session pays for cold disk caches and moto's first requests.
  action(newSha(), { 'dry-run': 'true' });
  coldBuild('small image', context, {});
  // A named fixed cost: the classic builder commits one container per --label (BuildKit sets labels at
  // export, without a step). The same small build by hand, with and without the action's three labels.
  const labelled = (labels) =>
    timed(() =>
      docker(
        'build',
        '--no-cache',
        '--quiet',
        ...labels.flatMap((l) => ['--label', l]),
        '--tag',
        `bench-${run}-labels`,
        context,
      ),
    ).seconds;
  const withoutLabels = labelled([]);
  const withLabels = labelled([
    'org.opencontainers.image.created=x',
    'org.opencontainers.image.source=y',
    'org.opencontainers.image.revision=z',
  ]);
  rows.push([
    "fixed cost: the classic builder's steps for 3 labels",
    fmt(withLabels - withoutLabels),
    '0 KiB',
    `${(withLabels / withoutLabels).toFixed(2)}x the same docker build without labels (${fmt(withoutLabels)})`,
  ]);
  const largeOverhead = coldBuild('realistic image', largeContext, { repository: largeRepository });
  const fixed = timed(() =>
    action(newSha(), { context: largeContext, repository: largeRepository, 'dry-run': 'true' }),
  );
  rows.push([
    'fixed costs: a dry run (start, inputs, AWS auth, look-ups, docker probe)',
    fmt(fixed.seconds),
    kib(fixed.bytes),
    `the realistic image's overhead less this and the label steps, ${fmt(largeOverhead - fixed.seconds - (withLabels - withoutLabels))}, is the work after the push (and noise)`,
  ]);

  const sha = newSha();
  action(sha);
  // Baseline for the re-run: a fresh node process making one ECR API call, as the action starts fresh too.
  const apiCall = timed(() =>
    execFileSync(process.execPath, ['--input-type=module', '-e', oneEcrCall(repository)], {
      cwd: root,
      env: process.env,
    }),
  ).seconds;
  const rerun = timed(() => action(sha));
  if (!rerun.result.includes('name=skipped::true')) throw new Error(`the re-run did not skip:\n${rerun.result}`);
  rows.push([
    're-run, same commit',
    fmt(rerun.seconds),
    kib(rerun.bytes),
    `${(rerun.seconds / apiCall).toFixed(2)}x one ECR API call from a fresh node (${fmt(apiCall)}); goal < 2 s, 0 B`,
  ]);

  appendFileSync(join(context, 'message.txt'), 'line 2\n');
  const cacheHit = timed(() => action(newSha()));
  appendFileSync(join(context, 'message.txt'), 'line 3\n');
  const noCache = timed(() => action(newSha(), { 'no-cache': 'true' }));
  rows.push([
    'one-line change, cache',
    fmt(cacheHit.seconds),
    kib(cacheHit.bytes),
    `${(cacheHit.seconds / noCache.seconds).toFixed(2)}x the no-cache build`,
  ]);
  rows.push(['one-line change, no-cache', fmt(noCache.seconds), kib(noCache.bytes), 'baseline']);

  // buildx with a BuildKit of its own cannot see the engine's local/busybox: it gets a copy in the registry.
  const base = `${process.env.LOCAL_REGISTRY}/bench-${run}/busybox:base`;
  docker('tag', 'local/busybox', base);
  docker('push', '--quiet', base);
  const buildx = { repository: buildxRepository, 'build-args': `BASE=${base}` };
  await onFreshBuilder(newSha(), buildx); // writes the registry cache
  appendFileSync(join(context, 'message.txt'), 'line 4\n');
  const registryCache = await onFreshBuilder(newSha(), buildx);
  appendFileSync(join(context, 'message.txt'), 'line 5\n');
  const freshNoCache = await onFreshBuilder(newSha(), { ...buildx, 'no-cache': 'true' });
  rows.push([
    'one-line change, fresh buildx builder, registry cache',
    fmt(registryCache.seconds),
    kib(registryCache.bytes),
    `${(registryCache.seconds / freshNoCache.seconds).toFixed(2)}x the same with no-cache`,
  ]);
  rows.push([
    'one-line change, fresh buildx builder, no-cache',
    fmt(freshNoCache.seconds),
    kib(freshNoCache.bytes),
    'baseline',
  ]);

  console.log(['case', 'time', 'pushed', 'ratio'].join(' | '));
  for (const row of rows) console.log(row.join(' | '));
} finally {
  const ecr = new ECRClient({});
  for (const name of [repository, baselineRepository, buildxRepository, largeRepository]) {
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: name, force: true })).catch(() => undefined);
  }
  spawnSync('docker', ['image', 'rm', '--force', `bench-${run}-labels`]);
  const images = execFileSync('docker', ['image', 'ls', '--quiet', `${process.env.LOCAL_REGISTRY}/bench-${run}/*`], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
  if (images.length > 0) spawnSync('docker', ['image', 'rm', '--force', ...new Set(images)]);
  rmSync(context, { recursive: true, force: true });
  rmSync(largeContext, { recursive: true, force: true });
}
