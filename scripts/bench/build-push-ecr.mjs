// npm run bench build-push-ecr: the action's bundle against the local stack (moto, the registry, the
// Docker engine with the classic builder), each figure beside a baseline measured in the same run.
//   cold         first build and push of a new commit    vs  docker build --no-cache + docker push
//   re-run       the same commit again (goal < 2 s, 0 B) vs  one ECR API call (DescribeRepositories)
//   cache hit    a one-line change, layer cache used     vs  the same change with no-cache: true
// Bytes pushed are what the registry's blob store grew by. The stack's engine has no buildx, so the
// cache measured is the engine's layer cache, not buildx's registry cache (which needs buildx).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
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
const context = mkdtempSync(join(tmpdir(), 'bpe-bench-'));
cpSync(join(root, 'test/fixtures/build-push-ecr/bench'), context, { recursive: true });
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

function action(sha, inputs = {}) {
  const env = { ...process.env, GITHUB_SHA: sha, GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: '' };
  const all = { repository, context, registry: process.env.LOCAL_REGISTRY, 'create-repository': 'true', ...inputs };
  for (const [name, value] of Object.entries(all)) env[`INPUT_${name.toUpperCase()}`] = value;
  const out = spawnSync(process.execPath, [join(root, 'dist/build-push-ecr/index.js')], { env, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`the action failed:\n${out.stdout}\n${out.stderr}`);
  return out.stdout;
}

function docker(...args) {
  execFileSync('docker', args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

const fmt = (s) => `${s.toFixed(2)} s`;
const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
const rows = [];
try {
  // Baseline for the cold build: the same image, built and pushed by hand.
  const baseline = timed(() => {
    const image = `${process.env.LOCAL_REGISTRY}/${baselineRepository}:cold`;
    docker('build', '--no-cache', '--quiet', '--tag', image, context);
    docker('push', '--quiet', image);
  });
  const cold = timed(() => action(newSha(), { 'no-cache': 'true' }));
  rows.push([
    'cold build + push',
    fmt(cold.seconds),
    kib(cold.bytes),
    `${(cold.seconds / baseline.seconds).toFixed(2)}x docker build+push (${fmt(baseline.seconds)})`,
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

  console.log(['case', 'time', 'pushed', 'ratio'].join(' | '));
  for (const row of rows) console.log(row.join(' | '));
} finally {
  const ecr = new ECRClient({});
  for (const name of [repository, baselineRepository]) {
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: name, force: true })).catch(() => undefined);
  }
  const images = execFileSync('docker', ['image', 'ls', '--quiet', `${process.env.LOCAL_REGISTRY}/bench-${run}/*`], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
  if (images.length > 0) spawnSync('docker', ['image', 'rm', '--force', ...new Set(images)]);
  rmSync(context, { recursive: true, force: true });
}
