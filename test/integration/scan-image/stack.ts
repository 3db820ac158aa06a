// The parts of the local stack scan-image's tests use (moto for ECR's API, the distribution registry
// for the images and their evidence), and images made for each test through the real APIs: pushed
// to the registry with the distribution API, then recorded in moto's ECR with PutImage, the way
// build-push-ecr does with its `registry` input.
import { randomBytes } from 'node:crypto';
import { CreateRepositoryCommand, DeleteRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { putImageTags } from '../../../action-helpers/ecr-images.js';
import { manifestMediaTypes, RegistryClient, sha256Digest } from '../../../action-helpers/registry-api.js';
import { useLocalStack } from '../../support/local-stack.js';

export const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

export interface TestImage {
  repository: string;
  tag: string;
  digest: string;
  /** With an index: the one platform manifest's digest. */
  platformDigest?: string;
  configDigest: string;
}

export interface Stack {
  env: Record<string, string>;
  registryHost: string;
  registry: RegistryClient;
  ecr(region?: string): ECRClient;
  /** A repository in moto (in `region`) and the registry, with one image tagged `tag`. */
  image(name: string, options?: { index?: boolean; region?: string; tag?: string }): Promise<TestImage>;
  cleanup(): Promise<void>;
}

export async function useStack(): Promise<Stack> {
  const env = await useLocalStack('aws', 'registry');
  const registryHost = process.env.LOCAL_REGISTRY!;
  const registry = new RegistryClient(registryHost);
  const clients = new Map<string, ECRClient>();
  const created: { name: string; region: string }[] = [];
  const pushed: { repository: string; digest: string }[] = [];
  const ecr = (region = 'us-east-1') => {
    let client = clients.get(region);
    if (!client) clients.set(region, (client = new ECRClient({ region, endpoint: env.AWS_ENDPOINT_URL })));
    return client;
  };
  return {
    env,
    registryHost,
    registry,
    ecr,
    async image(name, options = {}) {
      const region = options.region ?? 'us-east-1';
      const repository = `scan-image-test/${runId}/${name}`;
      const tag = options.tag ?? 'v1';
      await ecr(region).send(new CreateRepositoryCommand({ repositoryName: repository }));
      created.push({ name: repository, region });
      const config = JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [] },
        nonce: randomBytes(8).toString('hex'),
      });
      const configDigest = await registry.pushBlob(repository, config);
      const layer = randomBytes(64);
      const layerDigest = await registry.pushBlob(repository, layer);
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: manifestMediaTypes.ociManifest,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
      });
      const platformDigest = sha256Digest(manifest);
      await registry.pushManifest(repository, platformDigest, manifestMediaTypes.ociManifest, manifest);
      let top = { body: manifest, mediaType: manifestMediaTypes.ociManifest as string, digest: platformDigest };
      if (options.index) {
        const index = JSON.stringify({
          schemaVersion: 2,
          mediaType: manifestMediaTypes.ociIndex,
          manifests: [
            {
              mediaType: manifestMediaTypes.ociManifest,
              digest: platformDigest,
              size: manifest.length,
              platform: { os: 'linux', architecture: 'amd64' },
            },
          ],
        });
        top = { body: index, mediaType: manifestMediaTypes.ociIndex, digest: sha256Digest(index) };
      }
      await registry.pushManifest(repository, tag, top.mediaType, top.body);
      await putImageTags(ecr(region), repository, top, [tag]);
      pushed.push({ repository, digest: top.digest }, { repository, digest: platformDigest });
      return {
        repository,
        tag,
        digest: top.digest,
        platformDigest: options.index ? platformDigest : undefined,
        configDigest,
      };
    },
    async cleanup() {
      // Best effort: the registry deletes manifests only when its configuration allows it.
      for (const { repository, digest } of pushed) {
        await fetch(`http://${registryHost}/v2/${repository}/manifests/${digest}`, {
          method: 'DELETE',
          signal: AbortSignal.timeout(10_000),
        }).catch(() => undefined);
      }
      for (const { name, region } of created) {
        await ecr(region)
          .send(new DeleteRepositoryCommand({ repositoryName: name, force: true }))
          .catch(() => undefined);
      }
    },
  };
}

/**
 * Gives moto the DescribeImageScanFindings answer for an image: its own API for custom scan results
 * (moto-api/static/ecr/scan-finding-results), which it returns verbatim through the real ECR
 * protocol once the image has a scan. Used for what moto's scanner cannot produce by itself: a failed
 * scan, one that never ends, and enhanced (Inspector) findings.
 */
export async function setScanResult(endpoint: string, region: string, result: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/static/ecr/scan-finding-results`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ results: [result], region }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`moto scan-finding-results: HTTP ${response.status}`);
}
