// Release evidence against the real local registry (distribution 2.8: no referrers API, so the
// referrers tag schema) and moto's real KMS: records written, listed, read back, tampered with,
// signed and verified, and copied to another repository.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { AwsSession } from '../../action-helpers/aws.js';
import { ActionFailure } from '../../action-helpers/errors.js';
import {
  annotations,
  buildArtifact,
  EvidenceStore,
  kmsSigner,
  referrerDescriptor,
  referrersTag,
  type EvidenceRecord,
  type ScanEvidence,
} from '../../action-helpers/evidence.js';
import { manifestMediaTypes, RegistryClient, sha256Digest } from '../../action-helpers/registry-api.js';
import { useLocalStack } from '../support/local-stack.js';
import { repoRoot } from '../support/run-action.js';

const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const repository = `evidence-test/${runId}`;
const otherRepository = `evidence-test/${runId}-copy`;
/** Where scripts/stack/registry.sh keeps the local registry's files. */
const registryData = join(process.env.STACK_STATE ?? '/tmp/eks-suite-stack', 'registry/data');

let registry: RegistryClient;
let session: AwsSession;
const keys: string[] = [];

const scan = (verdict: 'passed' | 'failed' = 'passed'): ScanEvidence => ({
  verdict,
  policySha256: 'a'.repeat(64),
  counts: {
    critical: 0,
    high: verdict === 'failed' ? 2 : 0,
    medium: 1,
    low: 3,
    unknown: 0,
    total: verdict === 'failed' ? 6 : 4,
  },
  sources: ['ecr-basic'],
});

/** A tiny single-layer image pushed through the distribution API, tagged; returns its digest. */
async function pushImage(repo: string, tag: string, client = registry): Promise<string> {
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [] },
    nonce: randomBytes(8).toString('hex'),
  });
  const layer = randomBytes(64);
  await client.pushBlob(repo, config);
  await client.pushBlob(repo, layer);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: manifestMediaTypes.ociManifest,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256Digest(config),
      size: Buffer.byteLength(config),
    },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256Digest(layer), size: layer.length }],
  });
  const pushed = await client.pushManifest(repo, tag, manifestMediaTypes.ociManifest, manifest);
  return pushed.digest;
}

/**
 * A registry that serves the referrers API, as ECR does (test/support/referrers-registry, built by
 * scripts/ensure-referrers-registry.sh), on a port of its own; stopped by the caller.
 */
async function startReferrersRegistry(): Promise<{ host: string; process: ChildProcess }> {
  const binary = execFileSync('bash', [join(repoRoot, 'scripts/ensure-referrers-registry.sh')], {
    encoding: 'utf8',
    timeout: 600_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const child = spawn(binary, [], { stdio: ['ignore', 'pipe', 'inherit'] });
  const host = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`referrers registry exited (${code}): ${output}`)));
    setTimeout(() => reject(new Error('referrers registry did not start in 10 s')), 10_000).unref();
  });
  return { host, process: child };
}

/** Lists an artifact in the image's fallback referrers index, as a writer would. */
async function addToIndex(image: string, manifest: string): Promise<void> {
  const index = JSON.parse((await registry.manifest(repository, referrersTag(image)))!.body);
  index.manifests.push(referrerDescriptor(manifest));
  await registry.pushManifest(repository, referrersTag(image), manifestMediaTypes.ociIndex, JSON.stringify(index));
}

async function newKey(keySpec: 'ECC_NIST_P256' | 'RSA_2048' = 'ECC_NIST_P256'): Promise<string> {
  const key = await session.client(KMSClient).send(
    new CreateKeyCommand({
      KeySpec: keySpec,
      KeyUsage: 'SIGN_VERIFY',
      Description: `evidence test ${runId}`,
    }),
  );
  keys.push(key.KeyMetadata!.KeyId!);
  return key.KeyMetadata!.KeyId!;
}

const dropped: string[] = [];
const store = (options: ConstructorParameters<typeof EvidenceStore>[2] = {}, repo = repository) =>
  new EvidenceStore(registry, repo, { onDropped: (digest, why) => dropped.push(`${digest}: ${why}`), ...options });

beforeAll(async () => {
  await useLocalStack('aws', 'registry');
  registry = new RegistryClient(process.env.LOCAL_REGISTRY!, { timeoutMs: 10_000 });
  session = new AwsSession(process.env.AWS_REGION ?? 'us-east-1');
}, 600_000);

/**
 * Deletes what a test pushed to a repository of the local registry: every tagged manifest and, for
 * a fallback referrers index, every manifest it lists (blobs stay until the registry's GC).
 */
async function emptyRepository(repo: string): Promise<void> {
  for (const tag of await registry.tags(repo)) {
    const manifest = await registry.manifest(repo, tag);
    const digests = [...(manifest?.manifests ?? []).map((m) => m.digest), manifest?.digest];
    for (const digest of digests.filter((d): d is string => d !== undefined)) {
      await fetch(`http://${registry.host}/v2/${repo}/manifests/${digest}`, {
        method: 'DELETE',
        signal: AbortSignal.timeout(10_000),
      });
    }
  }
}

afterAll(async () => {
  for (const repo of [repository, otherRepository]) await emptyRepository(repo);
  for (const key of keys) {
    await session.client(KMSClient).send(new ScheduleKeyDeletionCommand({ KeyId: key, PendingWindowInDays: 7 }));
  }
});

describe('unsigned evidence on a registry without the referrers API', () => {
  test('write, list newest first, filter by kind, read one; the image and its tags are unchanged', async () => {
    const image = await pushImage(repository, 'v1');
    const before = await registry.manifest(repository, 'v1');
    const tagsBefore = await registry.tags(repository);
    const evidence = store();
    process.env.GITHUB_RUN_ID = '42';
    process.env.GITHUB_REPOSITORY = 'acme/shop';
    const first = await evidence.write('scan', image, scan('failed'));
    const second = await evidence.write('scan', image, scan('passed'));
    const deployed = await evidence.write('deployment', image, {
      environment: 'dev',
      cluster: 'dev-cluster',
      namespace: 'shop',
      workloads: [{ kind: 'Deployment', name: 'web', namespace: 'shop' }],
      result: 'succeeded',
    });
    expect(first.record.run).toMatchObject({ runId: '42', repository: 'acme/shop' });
    expect(first.record.run.url).toBe('https://github.com/acme/shop/actions/runs/42');

    const scans = await evidence.list(image, 'scan');
    expect(scans.map((s) => s.artifactDigest)).toEqual([second.artifactDigest, first.artifactDigest]);
    expect(scans[0]!.record.data.verdict).toBe('passed');
    expect(scans[0]!.signedBy).toBeUndefined();
    const all = await evidence.list(image);
    expect(all.map((e) => e.record.kind).sort()).toEqual(['deployment', 'scan', 'scan']);
    expect((await evidence.list(image, 'deployment'))[0]!.record).toEqual(deployed.record);
    expect(await evidence.list(image, 'promotion')).toEqual([]);
    expect((await evidence.read(image, first.artifactDigest))?.record).toEqual(first.record);

    // The image manifest is the same bytes and no tag names it beside its own; the only new tag
    // is the fallback index's, which names the index.
    expect((await registry.manifest(repository, 'v1'))?.body).toBe(before?.body);
    const tagsAfter = await registry.tags(repository);
    expect(tagsBefore).toEqual(['v1']);
    expect(tagsAfter.sort()).toEqual([referrersTag(image), 'v1'].sort());
    const index = await registry.manifest(repository, referrersTag(image));
    expect(index?.mediaType).toBe(manifestMediaTypes.ociIndex);
    expect(index?.manifests?.map((m) => m.digest).sort()).toEqual(
      [first.artifactDigest, second.artifactDigest, deployed.artifactDigest].sort(),
    );
    const artifact = await registry.manifest(repository, first.artifactDigest);
    expect(JSON.parse(artifact!.body)).toMatchObject({
      artifactType: 'application/vnd.eks-delivery.evidence.v1+json',
      subject: { digest: image, mediaType: manifestMediaTypes.ociManifest, size: Buffer.byteLength(before!.body) },
      annotations: { [annotations.kind]: 'scan', [annotations.created]: first.record.createdAt },
    });
  });

  test('an image the repository does not hold gets no evidence', async () => {
    const missing = sha256Digest(randomBytes(8));
    await expect(store().write('scan', missing, scan())).rejects.toThrow(ActionFailure);
    expect(await store().list(missing)).toEqual([]);
  });

  test('a record about another digest is dropped', async () => {
    const image = await pushImage(repository, 'v2');
    const other = await pushImage(repository, 'v3');
    const evidence = store();
    const genuine = await evidence.write('scan', image, scan());
    // An artifact whose subject is `image` but whose record says it is about `other`, listed in
    // the image's referrers the way any writer lists one.
    const liar: EvidenceRecord = { ...genuine.record, subject: other };
    const imageManifest = (await registry.manifest(repository, image))!;
    const forged = buildArtifact(liar, {
      digest: image,
      mediaType: imageManifest.mediaType,
      size: imageManifest.body.length,
    });
    await registry.pushBlob(repository, forged.blob);
    await registry.pushManifest(repository, forged.manifestDigest, manifestMediaTypes.ociManifest, forged.manifest);
    await addToIndex(image, forged.manifest);

    dropped.length = 0;
    expect((await evidence.list(image, 'scan')).map((f) => f.artifactDigest)).toEqual([genuine.artifactDigest]);
    expect(dropped).toEqual([`${forged.manifestDigest}: the record is about ${other}`]);
  });

  test('a record whose blob was changed in the registry storage is dropped', async () => {
    const image = await pushImage(repository, 'v4');
    const evidence = store();
    const kept = await evidence.write('scan', image, scan('passed'));
    const changed = await evidence.write('scan', image, scan('failed'));
    const artifact = JSON.parse((await registry.manifest(repository, changed.artifactDigest))!.body);
    const blob = artifact.layers[0].digest as string;
    // distribution serves a blob from its file without hashing it again: change the file.
    const file = join(registryData, 'docker/registry/v2/blobs/sha256', blob.slice(7, 9), blob.slice(7), 'data');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"failed"', '"passed"'));

    dropped.length = 0;
    expect((await evidence.list(image, 'scan')).map((f) => f.artifactDigest)).toEqual([kept.artifactDigest]);
    expect(dropped).toEqual([
      expect.stringContaining(`${changed.artifactDigest}: Blob ${blob} of ${repository} does not match its digest`),
    ]);
  });
});

describe('writers racing on the fallback index', () => {
  test('records written at once by separate writers are all listed', async () => {
    const image = await pushImage(repository, 'race');
    // Separate stores, as separate jobs would be; their index updates interleave.
    const written = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store().write('deployment', image, {
          environment: `env-${i}`,
          cluster: 'c',
          namespace: 'n',
          workloads: [],
          result: 'succeeded',
        }),
      ),
    );
    const listed = await store().list(image, 'deployment');
    expect(listed.map((l) => l.artifactDigest).sort()).toEqual(written.map((w) => w.artifactDigest).sort());
  });
});

describe('signed evidence with a KMS key (moto)', () => {
  test('signed records verify only with their key; unsigned ones are refused when a verifier is given', async () => {
    const image = await pushImage(repository, 'signed');
    const [key, otherKey] = [await newKey(), await newKey()];
    const signer = kmsSigner(session, key);
    const signed = await store({ signer }).write('scan', image, scan());
    expect(signed.signedBy).toMatch(/^arn:aws:kms:.*:key\//);
    const unsigned = await store().write('scan', image, scan());

    dropped.length = 0;
    const verified = await store({ verifier: kmsSigner(session, key) }).list(image, 'scan');
    expect(verified.map((v) => [v.artifactDigest, v.signedBy])).toEqual([[signed.artifactDigest, signed.signedBy]]);
    expect(dropped).toEqual([`${unsigned.artifactDigest}: it is not signed`]);

    expect(await store({ verifier: kmsSigner(session, otherKey) }).list(image, 'scan')).toEqual([]);
    // Without a verifier both are there, neither marked as verified.
    const both = await store().list(image, 'scan');
    expect(both.map((b) => b.signedBy)).toEqual([undefined, undefined]);
  });

  test('a signature moved onto another record does not verify', async () => {
    const image = await pushImage(repository, 'moved');
    const key = await newKey();
    const signed = await store({ signer: kmsSigner(session, key) }).write('scan', image, scan('failed'));
    const unsigned = await store().write('scan', image, scan('passed'));
    const signedManifest = JSON.parse((await registry.manifest(repository, signed.artifactDigest))!.body);
    const unsignedManifest = JSON.parse((await registry.manifest(repository, unsigned.artifactDigest))!.body);
    const forged = JSON.stringify({
      ...unsignedManifest,
      annotations: {
        ...unsignedManifest.annotations,
        [annotations.signature]: signedManifest.annotations[annotations.signature],
        [annotations.signatureKey]: signedManifest.annotations[annotations.signatureKey],
        [annotations.signatureAlgorithm]: signedManifest.annotations[annotations.signatureAlgorithm],
      },
    });
    await registry.pushManifest(repository, sha256Digest(forged), manifestMediaTypes.ociManifest, forged);
    await addToIndex(image, forged);

    const verified = await store({ verifier: kmsSigner(session, key) }).list(image, 'scan');
    expect(verified.map((v) => v.record.data.verdict)).toEqual(['failed']);
  });

  test('an RSA key signs with RSASSA_PSS_SHA_256, verified locally', async () => {
    const image = await pushImage(repository, 'rsa');
    const key = await newKey('RSA_2048');
    const signed = await store({ signer: kmsSigner(session, key) }).write('scan', image, scan());
    const artifact = JSON.parse((await registry.manifest(repository, signed.artifactDigest))!.body);
    expect(artifact.annotations[annotations.signatureAlgorithm]).toBe('RSASSA_PSS_SHA_256');
    const verified = await store({ verifier: kmsSigner(session, key) }).list(image, 'scan');
    expect(verified.map((v) => v.signedBy)).toEqual([signed.signedBy]);
  });

  test('a key that cannot sign is refused with its reason', async () => {
    const image = await pushImage(repository, 'badkey');
    const key = await session.client(KMSClient).send(new CreateKeyCommand({ KeyUsage: 'ENCRYPT_DECRYPT' }));
    keys.push(key.KeyMetadata!.KeyId!);
    await expect(
      store({ signer: kmsSigner(session, key.KeyMetadata!.KeyId!) }).write('scan', image, scan()),
    ).rejects.toMatchObject({
      reason: 'evidence-failed',
      message: expect.stringContaining('cannot sign evidence'),
    });
  });
});

describe('copying evidence to another repository', () => {
  test('copies every record once, with signatures that still verify; the second copy moves nothing', async () => {
    const image = await pushImage(repository, 'copied');
    const key = await newKey();
    const source = store({ signer: kmsSigner(session, key) });
    await source.write('scan', image, scan());
    await source.write('deployment', image, {
      environment: 'uat',
      cluster: 'uat',
      namespace: 'shop',
      workloads: [],
      result: 'rolled-back',
    });
    // The promotion copies the image first (same bytes, same digest).
    const manifest = (await registry.manifest(repository, image))!;
    const config = await registry.blob(repository, manifest.config!.digest);
    const layer = await registry.blob(repository, manifest.layers![0]!.digest);
    await registry.pushBlob(otherRepository, config);
    await registry.pushBlob(otherRepository, layer);
    await registry.pushManifest(otherRepository, 'copied', manifest.mediaType, manifest.body);

    const target = store({ verifier: kmsSigner(session, key) }, otherRepository);
    expect(await source.copy(image, target)).toBe(2);
    const copied = await target.list(image);
    expect(copied.map((c) => c.record.kind)).toEqual(['deployment', 'scan']);
    expect(copied.every((c) => c.signedBy !== undefined)).toBe(true);
    expect(await source.copy(image, target)).toBe(0);
    expect(await target.list(image)).toHaveLength(2);
  });
});

describe('copying to a repository without the image', () => {
  test('is refused, and leaves nothing there', async () => {
    const image = await pushImage(repository, 'not-promoted');
    await store().write('scan', image, scan());
    const empty = `${otherRepository}-empty`;
    await expect(store().copy(image, store({}, empty))).rejects.toMatchObject({
      reason: 'evidence-failed',
      message: expect.stringContaining(`holds no image ${image}`),
    });
    expect(await registry.tags(empty)).toEqual([]);
  });
});

describe('a registry with the referrers API (as ECR)', () => {
  let server: { host: string; process: ChildProcess } | undefined;
  let remote: RegistryClient;

  beforeAll(async () => {
    server = await startReferrersRegistry();
    remote = new RegistryClient(server.host, { timeoutMs: 10_000 });
  }, 600_000);

  afterAll(() => {
    server?.process.kill('SIGTERM');
  });

  test('records are found through the API; no tag is made, not even the fallback index', async () => {
    const image = await pushImage(repository, 'v1', remote);
    const evidence = new EvidenceStore(remote, repository);
    const scanned = await evidence.write('scan', image, scan());
    const deployed = await evidence.write('deployment', image, {
      environment: 'prod',
      cluster: 'prod',
      namespace: 'shop',
      workloads: [],
      result: 'succeeded',
    });
    expect(await remote.tags(repository)).toEqual(['v1']);
    expect((await remote.referrers(repository, image))?.map((r) => r.digest).sort()).toEqual(
      [scanned.artifactDigest, deployed.artifactDigest].sort(),
    );
    expect((await new EvidenceStore(remote, repository).list(image, 'scan')).map((f) => f.record)).toEqual([
      scanned.record,
    ]);
    expect(await new EvidenceStore(remote, repository).list(image)).toHaveLength(2);
    // A repository the registry does not have: no referrers, the API is still there. distribution
    // 2.8 has no API at all.
    expect(await remote.referrers(`${repository}-none`, image)).toEqual([]);
    expect(await registry.referrers(`${repository}-none`, image)).toBeUndefined();
  });

  test('copy across registries: from the tag schema (distribution) to the referrers API, signatures intact', async () => {
    const image = await pushImage(repository, 'cross');
    const key = await newKey();
    const source = store({ signer: kmsSigner(session, key) });
    await source.write('scan', image, scan());
    await source.write('promotion', image, {
      from: 'dev',
      to: 'prod',
      tags: ['prod'],
      sourceImage: `${process.env.LOCAL_REGISTRY}/${repository}@${image}`,
      targetImage: `${server!.host}/${repository}@${image}`,
    });
    // The image first, byte for byte (what the promotion's registry copy does).
    const manifest = (await registry.manifest(repository, image))!;
    for (const blob of [manifest.config!, ...manifest.layers!]) {
      await remote.pushBlob(repository, await registry.blob(repository, blob.digest));
    }
    await remote.pushManifest(repository, 'prod', manifest.mediaType, manifest.body);

    const target = new EvidenceStore(remote, repository, { verifier: kmsSigner(session, key) });
    expect(await source.copy(image, target)).toBe(2);
    const copied = await target.list(image);
    expect(copied.map((c) => [c.record.kind, Boolean(c.signedBy)])).toEqual([
      ['promotion', true],
      ['scan', true],
    ]);
    expect(await source.copy(image, target)).toBe(0);
    expect((await remote.tags(repository)).sort()).toEqual(['prod', 'v1']);
  });
});
