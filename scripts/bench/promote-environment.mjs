// npm run bench promote-environment: promoting a 200+ MB image with the action's bundle, against a full
// pull-and-push of the same image measured in the same run.
//   baseline   pull every blob and manifest from the stack's registry to disk, push them all to a fresh
//              repository of a second registry (what `docker pull` + `docker tag` + `docker push` moves)
//   retag      same registry (the stack's registry standing in for ECR, moto's ECR API beside it)
//   copy       another registry (a second docker-registry, the other account's), the first time
//   re-copy    the same image to that registry again under a new tag: only manifests and records move
// Bytes are counted on the wire by a proxy in front of each registry (request and response bodies).
// The gates are off (no scan-image/kubectl-rollout records are written here); the evidence that moves
// is the promotion records the runs write.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CreateRepositoryCommand, DeleteRepositoryCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';

const execFileAsync = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const stack = (...args) => execFileSync('bash', [join(root, 'scripts/local-stack.sh'), ...args], { encoding: 'utf8' });
stack('up', 'aws', 'registry');
for (const line of stack('env', 'aws', 'registry').split('\n')) {
  const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
  if (m) process.env[m[1]] = m[2];
}

const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const repository = `bench-promote-${run}/app`;
const layerCount = Number(process.env.BENCH_LAYERS || 4);
const layerBytes = Number(process.env.BENCH_LAYER_MIB || 52) * 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'bench-promote-'));

/** An HTTP proxy in front of a registry that counts the body bytes going each way. */
async function countingProxy(target) {
  const [host, port] = target.split(':');
  const counts = { up: 0, down: 0 };
  const server = createServer((req, res) => {
    const upstream = httpRequest({ host, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const headers = { ...answer.headers };
      res.writeHead(answer.statusCode, headers);
      answer.on('data', (chunk) => (counts.down += chunk.length));
      answer.pipe(res);
    });
    req.on('data', (chunk) => (counts.up += chunk.length));
    req.pipe(upstream);
    upstream.on('error', () => res.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${server.address().port}`,
    counts,
    reset: () => Object.assign(counts, { up: 0, down: 0 }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function startSecondRegistry() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  await new Promise((resolve) => server.close(resolve));
  const dir = join(work, 'second-registry');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog: { level: error, accesslog: { disabled: true } }\nstorage: { filesystem: { rootdirectory: ${dir}/data }, delete: { enabled: true } }\nhttp: { addr: 127.0.0.1:${port}, secret: bench }\n`,
  );
  const child = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  for (
    let i = 0;
    i < 100 &&
    !(await fetch(`http://${host}/v2/`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { host, stop: () => child.kill('SIGTERM') };
}

const sha = (data) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function pushBlob(host, repo, data) {
  const digest = sha(data);
  const opened = await fetch(`http://${host}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  const url = new URL(opened.headers.get('location'), `http://${host}`);
  url.searchParams.set('digest', digest);
  const put = await fetch(url, { method: 'PUT', body: data });
  if (put.status !== 201) throw new Error(`push blob: HTTP ${put.status}`);
  return digest;
}

/** The test image: random layers straight into the registry (no Docker). */
async function pushBigImage(host) {
  const layers = [];
  for (let i = 0; i < layerCount; i++) {
    const data = randomBytes(layerBytes);
    layers.push({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: await pushBlob(host, repository, data),
      size: data.length,
    });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
    }),
  );
  const configDescriptor = {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: await pushBlob(host, repository, config),
    size: config.length,
  };
  const mediaType = 'application/vnd.oci.image.manifest.v1+json';
  const body = JSON.stringify({ schemaVersion: 2, mediaType, config: configDescriptor, layers });
  const put = await fetch(`http://${host}/v2/${repository}/manifests/build`, {
    method: 'PUT',
    body,
    headers: { 'Content-Type': mediaType },
  });
  if (put.status !== 201) throw new Error(`push manifest: HTTP ${put.status}`);
  return { digest: sha(body), mediaType, body, blobs: [configDescriptor, ...layers] };
}

/** docker pull + docker push, as the registry API sees them: every blob down to disk, then up to the target. */
async function pullAndPush(source, target, image) {
  for (const blob of image.blobs) {
    const response = await fetch(`http://${source}/v2/${repository}/blobs/${blob.digest}`);
    await pipeline(Readable.fromWeb(response.body), createWriteStream(join(work, blob.digest.slice(7))));
  }
  await fetch(`http://${source}/v2/${repository}/manifests/${image.digest}`, {
    headers: { Accept: image.mediaType },
  }).then((r) => r.text());
  for (const blob of image.blobs) {
    const opened = await fetch(`http://${target}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
    const url = new URL(opened.headers.get('location'), `http://${target}`);
    url.searchParams.set('digest', blob.digest);
    const file = await openAsBlob(join(work, blob.digest.slice(7)));
    const put = await fetch(url, { method: 'PUT', body: file });
    if (put.status !== 201) throw new Error(`baseline push: HTTP ${put.status}`);
    rmSync(join(work, blob.digest.slice(7)));
  }
  const put = await fetch(`http://${target}/v2/${repository}/manifests/uat`, {
    method: 'PUT',
    body: image.body,
    headers: { 'Content-Type': image.mediaType },
  });
  if (put.status !== 201) throw new Error(`baseline manifest: HTTP ${put.status}`);
}

// The action process's peak resident memory: a copy that streams stays far below one 52 MiB layer above a retag.
// VmHWM, not getrusage's maxRSS: Linux carries the forking parent's peak into a child's ru_maxrss.
const reportPeakMemory =
  "import { readFileSync } from 'node:fs'; process.on('exit', () => process.stderr.write('peak-rss-kib=' + /VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1] + '\\n'));";
let peakKiB;

async function promote(inputs) {
  const dir = mkdtempSync(join(work, 'run-'));
  const env = {
    ...process.env,
    GITHUB_OUTPUT: join(dir, 'out'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_REPOSITORY: 'acme/bench',
  };
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  // Asynchronously: the counting proxies run in this process and must keep serving.
  try {
    const { stderr } = await execFileAsync(
      process.execPath,
      [
        '--import',
        `data:text/javascript,${encodeURIComponent(reportPeakMemory)}`,
        join(root, 'dist/promote-environment/index.js'),
      ],
      { env },
    );
    peakKiB = Number(/peak-rss-kib=(\d+)/.exec(stderr)?.[1]);
  } catch (err) {
    throw new Error(`promote-environment failed:\n${err.stdout}`, { cause: err });
  }
  return { summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'), peakMiB: peakKiB / 1024 };
}

async function measure(proxies, fn) {
  for (const p of proxies) p.reset();
  const started = process.hrtime.bigint();
  const result = await fn();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const bytes = proxies.reduce((n, p) => n + p.counts.up + p.counts.down, 0);
  return { ms, bytes, result };
}

const ecr = new ECRClient({});
const second = await startSecondRegistry();
const source = await countingProxy(process.env.LOCAL_REGISTRY);
const target = await countingProxy(second.host);
let imageDigest;
try {
  await ecr.send(new CreateRepositoryCommand({ repositoryName: repository }));
  const image = await pushBigImage(process.env.LOCAL_REGISTRY);
  imageDigest = image.digest;
  await ecr.send(
    new PutImageCommand({
      repositoryName: repository,
      imageManifest: image.body,
      imageManifestMediaType: image.mediaType,
      imageDigest: image.digest,
      imageTag: 'build',
    }),
  );
  const size = image.blobs.reduce((n, b) => n + b.size, 0);
  console.log(`image ${image.digest}: ${(size / 1048576).toFixed(1)} MiB in ${image.blobs.length} blobs`);

  const common = { repository, source: image.digest, 'require-scan': 'false', 'require-deployment': 'false' };
  const baseline = await measure([source, target], () => pullAndPush(source.host, target.host, image));
  // The baseline filled the second registry under the same name: the copies go to a name of their own.
  const copyRepo = `${repository}-copy`;
  const retag = await measure([source], () =>
    promote({
      ...common,
      registry: source.host,
      'source-environment': 'dev',
      'target-environment': 'uat',
      'target-tags': 'uat',
    }),
  );
  const copyInputs = {
    ...common,
    registry: source.host,
    'source-environment': 'uat',
    'target-environment': 'prod',
    'target-registry': target.host,
    'target-repository': copyRepo,
  };
  const copy = await measure([source, target], () => promote({ ...copyInputs, 'target-tags': 'prod' }));
  const recopy = await measure([source, target], () => promote({ ...copyInputs, 'target-tags': 'prod\nv1.0.0' }));
  const copyLine = (run) => /Copy: ([^<]*)/.exec(run.summary)?.[1];

  const mib = (b) => `${(b / 1048576).toFixed(2)} MiB`;
  const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
  const row = (name, m) =>
    console.log(
      `${name.padEnd(30)} ${(m.ms / 1000).toFixed(2).padStart(7)} s ${(m.bytes > 1048576 ? mib(m.bytes) : kib(m.bytes)).padStart(12)}` +
        (m === baseline
          ? ''
          : `   time x${(m.ms / baseline.ms).toFixed(3)}, bytes x${(m.bytes / baseline.bytes).toFixed(5)} of the baseline; action peak RSS ${m.result.peakMiB.toFixed(0)} MiB`),
    );
  row('baseline pull-and-push', baseline);
  row('retag (same registry)', retag);
  row('copy (other registry, first)', copy);
  row('re-copy (other registry)', recopy);
  console.log(`copy:    ${copyLine(copy.result)}`);
  console.log(`re-copy: ${copyLine(recopy.result)}`);
} finally {
  await source.close();
  await target.close();
  second.stop();
  await ecr.send(new DeleteRepositoryCommand({ repositoryName: repository, force: true })).catch(() => undefined);
  if (imageDigest) {
    // The stack's registry keeps the blobs until its next GC; the manifest goes now.
    await fetch(`http://${process.env.LOCAL_REGISTRY}/v2/${repository}/manifests/${imageDigest}`, {
      method: 'DELETE',
    }).catch(() => undefined);
  }
  rmSync(work, { recursive: true, force: true });
}
