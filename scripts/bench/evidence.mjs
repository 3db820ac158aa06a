// npm run bench evidence: release evidence (action-helpers/evidence.ts) against the local registry
// (distribution 2.8: no referrers API, so every write also updates the `sha256-<hex>` index and
// reads it back over its settle time) and moto's KMS, for 50 records about one image.
//   write 50      EvidenceStore.write, one after another   vs  50 bare artifact pushes (blob POST+PUT, manifest PUT)
//   list 50       EvidenceStore.list of the 50             vs  50 bare blob GETs, one after another
//   signed write / verified list: the same with a KMS key (ECC_NIST_P256) on moto
//   write without settle: writes with the fallback index's settle time switched off, to show its share
//   write/list, referrers API: against go-containerregistry's registry with the referrers API (as ECR),
//     in memory, so faster per request than the baseline's disk-backed registry: read it as "no index cost"
// The module is compiled with swc into node_modules/.cache (the bench runs plain node, no jest).
import { randomBytes, createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformFileSync } from '@swc/core';

const root = new URL('../..', import.meta.url).pathname;
const stack = (...args) => execFileSync('bash', [join(root, 'scripts/local-stack.sh'), ...args], { encoding: 'utf8' });
stack('up', 'aws', 'registry');
for (const line of stack('env', 'aws', 'registry').split('\n')) {
  const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
  if (m) process.env[m[1]] = m[2];
}

// Compile action-helpers to JS beside node_modules, so its imports resolve as in the bundles.
const out = join(root, 'node_modules/.cache/evidence-bench/action-helpers');
mkdirSync(out, { recursive: true });
for (const file of readdirSync(join(root, 'action-helpers')).filter((f) => f.endsWith('.ts'))) {
  const { code } = transformFileSync(join(root, 'action-helpers', file), {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  });
  writeFileSync(join(out, file.replace(/\.ts$/, '.js')), code);
}
writeFileSync(join(out, 'package.json'), '{"type":"module"}');
const { EvidenceStore, kmsSigner, settleMs } = await import(join(out, 'evidence.js'));
const { RegistryClient, manifestMediaTypes } = await import(join(out, 'registry-api.js'));
const { AwsSession } = await import(join(out, 'aws.js'));
const { KMSClient, CreateKeyCommand, ScheduleKeyDeletionCommand } = await import('@aws-sdk/client-kms');

const count = Number(process.env.EVIDENCE_BENCH_COUNT || 50);
const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const repository = `bench-evidence/${run}`;
const host = process.env.LOCAL_REGISTRY;
const registry = new RegistryClient(host, { timeoutMs: 10_000 });
const digestOf = (data) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function pushImage(tag) {
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', nonce: randomBytes(8).toString('hex') });
  await registry.pushBlob(repository, config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: manifestMediaTypes.ociManifest,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
    layers: [],
  });
  return (await registry.pushManifest(repository, tag, manifestMediaTypes.ociManifest, manifest)).digest;
}

const scan = (i) => ({
  verdict: 'passed',
  policySha256: 'a'.repeat(64),
  counts: { critical: 0, high: 0, medium: i, low: 0, unknown: 0, total: i },
  sources: ['ecr-basic'],
});

async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

// Baselines: the bare requests of the same work, through plain fetch.
const base = `http://${host}/v2/${repository}`;
async function barePushes(subject) {
  const blobs = [];
  for (let i = 0; i < count; i++) {
    const blob = JSON.stringify({ kind: 'scan', subject, n: i, nonce: randomBytes(8).toString('hex') });
    const digest = digestOf(blob);
    const opened = await fetch(`${base}/blobs/uploads/`, { method: 'POST' });
    const location = new URL(opened.headers.get('location'), `http://${host}`);
    location.searchParams.set('digest', digest);
    await (await fetch(location, { method: 'PUT', body: blob })).arrayBuffer();
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: manifestMediaTypes.ociManifest,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: digestOf('{}'), size: 2 },
      layers: [{ mediaType: 'application/json', digest, size: blob.length }],
    });
    await registry.pushBlob(repository, '{}');
    const put = await fetch(`${base}/manifests/${digestOf(manifest)}`, {
      method: 'PUT',
      headers: { 'Content-Type': manifestMediaTypes.ociManifest },
      body: manifest,
    });
    await put.arrayBuffer();
    blobs.push(digest);
  }
  return blobs;
}
async function bareReads(blobs) {
  for (const digest of blobs) await (await fetch(`${base}/blobs/${digest}`)).arrayBuffer();
}

const session = new AwsSession(process.env.AWS_REGION || 'us-east-1');
const key = await session
  .client(KMSClient)
  .send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: `bench ${run}` }));
const keyId = key.KeyMetadata.KeyId;
try {
  const baselineImage = await pushImage('baseline');
  const bareWrite = await timed(() => barePushes(baselineImage));
  const bareRead = await timed(() => bareReads(bareWrite.result));

  const unsignedImage = await pushImage('unsigned');
  const unsigned = new EvidenceStore(registry, repository);
  const write = await timed(async () => {
    for (let i = 0; i < count; i++) await unsigned.write('scan', unsignedImage, scan(i));
  });
  const list = await timed(() => new EvidenceStore(registry, repository).list(unsignedImage, 'scan'));
  if (list.result.length !== count) throw new Error(`listed ${list.result.length} of ${count}`);

  // The share of the fallback index's settle time (read back after 50 and 250 ms) in a write: the
  // same writes with it switched off (which no real writer does).
  const settle = settleMs.splice(0);
  const quickImage = await pushImage('no-settle');
  const quickWrite = await timed(async () => {
    for (let i = 0; i < count; i++) await unsigned.write('scan', quickImage, scan(i));
  });
  settleMs.push(...settle);

  const signedImage = await pushImage('signed');
  const signer = new EvidenceStore(registry, repository, { signer: kmsSigner(session, keyId) });
  const signedWrite = await timed(async () => {
    for (let i = 0; i < count; i++) await signer.write('scan', signedImage, scan(i));
  });
  const verifier = new EvidenceStore(registry, repository, { verifier: kmsSigner(session, keyId) });
  const verifiedList = await timed(() => verifier.list(signedImage, 'scan'));
  if (verifiedList.result.filter((f) => f.signedBy).length !== count) throw new Error('not every record verified');

  // The same with a registry that serves the referrers API (as ECR does): no index to keep.
  const binary = execFileSync('bash', [join(root, 'scripts/ensure-referrers-registry.sh')], {
    encoding: 'utf8',
  }).trim();
  const server = spawn(binary, [], { stdio: ['ignore', 'pipe', 'inherit'] });
  let apiWrite, apiList;
  try {
    const apiHost = await new Promise((resolve) => {
      let text = '';
      server.stdout.on('data', (chunk) => {
        text += chunk;
        const m = /listening on (\S+)/.exec(text);
        if (m) resolve(m[1]);
      });
    });
    const apiRegistry = new RegistryClient(apiHost, { timeoutMs: 10_000 });
    const config = JSON.stringify({ architecture: 'amd64', os: 'linux' });
    await apiRegistry.pushBlob(repository, config);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: manifestMediaTypes.ociManifest,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
      layers: [],
    });
    const apiImage = (await apiRegistry.pushManifest(repository, 'v1', manifestMediaTypes.ociManifest, manifest))
      .digest;
    const apiStore = new EvidenceStore(apiRegistry, repository);
    apiWrite = await timed(async () => {
      for (let i = 0; i < count; i++) await apiStore.write('scan', apiImage, scan(i));
    });
    apiList = await timed(() => new EvidenceStore(apiRegistry, repository).list(apiImage, 'scan'));
    if (apiList.result.length !== count) throw new Error(`listed ${apiList.result.length} of ${count} (API)`);
  } finally {
    server.kill('SIGTERM');
  }

  const row = (name, ms, baseline, what) =>
    console.log(
      `${name.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${(ms / count).toFixed(0).padStart(4)} ms/record  ${(ms / baseline).toFixed(1).padStart(5)}x  ${what}`,
    );
  console.log(`${count} records about one image, local registry (tag schema fallback), moto KMS`);
  row('bare push (baseline)', bareWrite.ms, bareWrite.ms, 'blob POST+PUT and manifest PUT per record');
  row('write', write.ms, bareWrite.ms, 'of the bare pushes');
  row('write without settle', quickWrite.ms, bareWrite.ms, 'of the bare pushes (index read back once only)');
  row('signed write', signedWrite.ms, bareWrite.ms, 'of the bare pushes (one KMS Sign per record)');
  row(
    'write, referrers API',
    apiWrite.ms,
    bareWrite.ms,
    'of the bare pushes (go-containerregistry registry, in memory)',
  );
  row('bare read (baseline)', bareRead.ms, bareRead.ms, 'one blob GET per record, serial');
  row('list', list.ms, bareRead.ms, 'of the bare reads');
  row('verified list', verifiedList.ms, bareRead.ms, 'of the bare reads (one GetPublicKey in all)');
  row('list, referrers API', apiList.ms, bareRead.ms, 'of the bare reads (go-containerregistry registry, in memory)');
} finally {
  // What the bench pushed: every tagged manifest, and what each fallback index lists.
  for (const tag of await registry.tags(repository)) {
    const manifest = await registry.manifest(repository, tag);
    for (const digest of [...(manifest?.manifests ?? []).map((m) => m.digest), manifest?.digest].filter(Boolean)) {
      await fetch(`${base}/manifests/${digest}`, { method: 'DELETE' });
    }
  }
  await session.client(KMSClient).send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
}
