// What promote-environment's tests need from the local stack: images pushed straight into the
// registry through the distribution API (random layers: no Docker needed), the same images recorded
// in moto's ECR with PutImage (as build-push-ecr's `registry` input does), release evidence written
// through action-helpers/evidence.ts (the format scan-image and kubectl-rollout write), and a second
// registry on another loopback port to be the other account's.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateRepositoryCommand, DeleteRepositoryCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import {
  EvidenceStore,
  type EvidenceData,
  type EvidenceKind,
  type EvidenceSigner,
} from '../../../action-helpers/evidence.js';
import { RegistryClient } from '../../../action-helpers/registry-api.js';

export const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

export interface PushedImage {
  digest: string;
  mediaType: string;
  body: string;
  /** Every blob digest the image refers to (configs and layers of every platform). */
  blobs: string[];
  /** Bytes of every blob. */
  size: number;
}

const sha = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function pushBlob(host: string, repository: string, data: Buffer): Promise<string> {
  const digest = sha(data);
  const head = await fetch(`http://${host}/v2/${repository}/blobs/${digest}`, { method: 'HEAD' });
  if (head.ok) return digest;
  const opened = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  const url = new URL(opened.headers.get('location')!, `http://${host}`);
  url.searchParams.set('digest', digest);
  const put = await fetch(url, { method: 'PUT', body: data, headers: { 'Content-Type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  return digest;
}

export async function putManifest(
  host: string,
  repository: string,
  reference: string,
  mediaType: string,
  body: string,
) {
  const put = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    body,
    headers: { 'Content-Type': mediaType },
  });
  if (put.status !== 201) throw new Error(`manifest put: HTTP ${put.status} ${await put.text()}`);
}

/** A single-platform OCI image of random layers, tagged `tag`. */
export async function pushImage(
  host: string,
  repository: string,
  tag: string,
  options: { layers?: number; layerBytes?: number; architecture?: string } = {},
): Promise<PushedImage> {
  const layers = [];
  for (let i = 0; i < (options.layers ?? 2); i++) {
    const data = randomBytes(options.layerBytes ?? 2048);
    layers.push({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: await pushBlob(host, repository, data),
      size: data.length,
    });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: options.architecture ?? 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      config: { Labels: { run: runId } },
    }),
  );
  const configDescriptor = {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: await pushBlob(host, repository, config),
    size: config.length,
  };
  const mediaType = 'application/vnd.oci.image.manifest.v1+json';
  const body = JSON.stringify({ schemaVersion: 2, mediaType, config: configDescriptor, layers });
  await putManifest(host, repository, tag, mediaType, body);
  return {
    digest: sha(body),
    mediaType,
    body,
    blobs: [configDescriptor.digest, ...layers.map((l) => l.digest)],
    size: config.length + layers.reduce((n, l) => n + l.size, 0),
  };
}

/** A two-platform OCI index (amd64, arm64), tagged `tag`. */
export async function pushIndex(
  host: string,
  repository: string,
  tag: string,
): Promise<PushedImage & { children: PushedImage[] }> {
  const children = [
    await pushImage(host, repository, `${tag}-amd64`, { architecture: 'amd64' }),
    await pushImage(host, repository, `${tag}-arm64`, { architecture: 'arm64' }),
  ];
  const mediaType = 'application/vnd.oci.image.index.v1+json';
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType,
    manifests: children.map((c, i) => ({
      mediaType: c.mediaType,
      digest: c.digest,
      size: Buffer.byteLength(c.body),
      platform: { os: 'linux', architecture: i === 0 ? 'amd64' : 'arm64' },
    })),
  });
  await putManifest(host, repository, tag, mediaType, body);
  return {
    digest: sha(body),
    mediaType,
    body,
    blobs: children.flatMap((c) => c.blobs),
    size: children.reduce((n, c) => n + c.size, 0),
    children,
  };
}

/** An ECR repository in moto, deleted by `deleteEcrRepositories`. */
const ecrRepositories = new Set<string>();
export async function createEcrRepository(name: string, mutability: 'MUTABLE' | 'IMMUTABLE' = 'MUTABLE') {
  await new ECRClient({}).send(new CreateRepositoryCommand({ repositoryName: name, imageTagMutability: mutability }));
  ecrRepositories.add(name);
}
export async function deleteEcrRepositories() {
  const ecr = new ECRClient({});
  for (const name of ecrRepositories) {
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: name, force: true })).catch(() => undefined);
  }
  ecrRepositories.clear();
}

/** Records a tag in moto's ECR the way build-push-ecr does with its `registry` input. */
export async function recordInEcr(
  repository: string,
  image: Pick<PushedImage, 'body' | 'mediaType' | 'digest'>,
  tag: string,
) {
  await new ECRClient({}).send(
    new PutImageCommand({
      repositoryName: repository,
      imageManifest: image.body,
      imageManifestMediaType: image.mediaType,
      imageDigest: image.digest,
      imageTag: tag,
    }),
  );
}

export async function writeEvidence<K extends EvidenceKind>(
  host: string,
  repository: string,
  digest: string,
  kind: K,
  data: EvidenceData<K>,
  signer?: EvidenceSigner,
) {
  return new EvidenceStore(new RegistryClient(host), repository, { signer }).write(kind, digest, data);
}

export function evidenceIn(host: string, repository: string) {
  return new EvidenceStore(new RegistryClient(host), repository, { onDropped: () => undefined });
}

export const passedScan: EvidenceData<'scan'> = {
  verdict: 'passed',
  policySha256: 'a'.repeat(64),
  counts: { critical: 0, high: 0, medium: 1, low: 2, unknown: 0, total: 3 },
  sources: ['trivy:report.json'],
};

export const failedScan: EvidenceData<'scan'> = {
  ...passedScan,
  verdict: 'failed',
  counts: { critical: 1, high: 2, medium: 0, low: 0, unknown: 0, total: 3 },
};

export const deployment = (
  environment: string,
  result: EvidenceData<'deployment'>['result'] = 'succeeded',
): EvidenceData<'deployment'> => ({
  environment,
  cluster: 'local',
  namespace: 'shop',
  workloads: [{ kind: 'Deployment', name: 'api', namespace: 'shop' }],
  result,
});

/** Tags of a repository in a registry, with the digest each names. */
export async function tagDigest(host: string, repository: string, tag: string): Promise<string | undefined> {
  return (await new RegistryClient(host).manifest(repository, tag))?.digest;
}

/** A second distribution registry (Debian's docker-registry) on a free loopback port: another account's registry. */
export interface SecondRegistry {
  host: string;
  stop: () => Promise<void>;
}

export async function startSecondRegistry(): Promise<SecondRegistry> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'pe-registry-'));
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: error, accesslog: { disabled: true } }',
      `storage: { filesystem: { rootdirectory: ${dir}/data }, delete: { enabled: true } }`,
      `http: { addr: 127.0.0.1:${port}, secret: promote-environment-test }`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('/usr/bin/docker-registry', ['serve', config], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://${host}/v2/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    host,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Deletes manifests pushed to the stack's registry (its blobs go at the registry's next GC). */
export async function deleteManifests(host: string, repository: string, digests: Iterable<string>) {
  for (const digest of digests) {
    await fetch(`http://${host}/v2/${repository}/manifests/${digest}`, { method: 'DELETE' }).catch(() => undefined);
  }
}
