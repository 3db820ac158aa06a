import { createHash } from 'node:crypto';
import { withRetry } from './retry.js';

/**
 * Reads and writes images through the OCI distribution API (the registry's data plane): which
 * digest a tag points at, the image's config (its labels), and adding a tag to a manifest already
 * stored. ECR, the local registry and any distribution v2 registry answer the same requests, so a
 * tag lookup always asks the registry images are pushed to and pulled from. ECR accepts its
 * authorization token as HTTP Basic credentials. Written on fetch because the protocol needed here
 * is four requests; the npm registry clients either pull in a container runtime or are unmaintained.
 */

export const manifestMediaTypes = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

const accept = Object.values(manifestMediaTypes).join(', ');

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

export interface StoredManifest {
  digest: string;
  mediaType: string;
  /** The exact bytes the registry holds: re-tagging must PUT these, or the digest changes. */
  body: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
}

export interface ImageConfig {
  config?: { Labels?: Record<string, string> | null };
  architecture?: string;
  os?: string;
}

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface RegistryClientOptions {
  /** The value of the Authorization header, e.g. `Basic <ECR authorization token>`. */
  authorization?: string;
  timeoutMs?: number;
  /** Total attempts per request for throttling, 5xx and network errors. */
  attempts?: number;
}

export class RegistryClient {
  readonly baseUrl: string;

  constructor(
    readonly host: string,
    private readonly options: RegistryClientOptions = {},
  ) {
    this.baseUrl = `${isLoopback(host) ? 'http' : 'https'}://${host}`;
  }

  /** The manifest a tag or digest names, or undefined when the registry has none. */
  async manifest(repository: string, reference: string): Promise<StoredManifest | undefined> {
    const response = await this.request('GET', `/v2/${repository}/manifests/${reference}`, { Accept: accept });
    if (response.status === 404) return undefined;
    await ensureOk(response, `read manifest ${repository}:${reference}`);
    const body = await response.text();
    const parsed = JSON.parse(body) as Omit<StoredManifest, 'digest' | 'body'>;
    return {
      ...parsed,
      // The digest is of the bytes, whatever the registry's header says.
      digest: `sha256:${createHash('sha256').update(body).digest('hex')}`,
      mediaType: parsed.mediaType ?? response.headers.get('content-type') ?? manifestMediaTypes.ociManifest,
      body,
    };
  }

  /** A JSON blob, such as an image config. */
  async blobJson<T>(repository: string, digest: string): Promise<T> {
    const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`, {});
    await ensureOk(response, `read blob ${digest} of ${repository}`);
    return JSON.parse(await response.text()) as T;
  }

  /** Stores a manifest under a tag; used to add a tag to an image the registry already holds. */
  async putManifest(repository: string, tag: string, manifest: StoredManifest): Promise<void> {
    const response = await this.request(
      'PUT',
      `/v2/${repository}/manifests/${tag}`,
      {
        'Content-Type': manifest.mediaType,
      },
      manifest.body,
    );
    await ensureOk(response, `tag ${repository}:${tag}`);
  }

  private request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
    const authorization = this.options.authorization;
    return withRetry(
      async () => {
        const response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: authorization ? { ...headers, Authorization: authorization } : headers,
          body,
          // ECR answers blob reads with a redirect to S3; fetch drops Authorization on the way there.
          redirect: 'follow',
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
        if (response.status === 429 || response.status >= 500) {
          await response.body?.cancel();
          throw new RegistryError(`${method} ${path}: HTTP ${response.status}`, response.status);
        }
        return response;
      },
      { attempts: this.options.attempts ?? 4 },
    );
  }
}

async function ensureOk(response: Response, what: string): Promise<void> {
  if (response.ok) return;
  const text = (await response.text().catch(() => '')).slice(0, 300);
  throw new RegistryError(`Could not ${what}: HTTP ${response.status} ${text}`.trim(), response.status);
}

/** Docker's rule: registries on loopback are spoken to over plain HTTP; all others over HTTPS. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '');
  return name === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '[::1]';
}

/** The image (not attestation) manifests of an index, or the manifest itself. */
export function platformManifests(manifest: StoredManifest): Descriptor[] {
  return (manifest.manifests ?? []).filter(
    (m) => m.platform?.os !== 'unknown' && m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest',
  );
}

/**
 * The config of an image: of the manifest itself, or of the first platform of an index (every
 * platform of one build carries the same labels).
 */
export async function imageConfig(
  client: RegistryClient,
  repository: string,
  manifest: StoredManifest,
): Promise<ImageConfig | undefined> {
  let image: StoredManifest | undefined = manifest;
  const first = platformManifests(manifest)[0];
  if (first) image = await client.manifest(repository, first.digest);
  if (!image?.config) return undefined;
  return client.blobJson<ImageConfig>(repository, image.config.digest);
}

/** Compressed size of a single-platform image (config and layers), as the registry stores it. */
export function imageSize(manifest: StoredManifest): number | undefined {
  if (!manifest.config || !manifest.layers) return undefined;
  return manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
}
