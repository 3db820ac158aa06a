import { createHash } from 'node:crypto';
import { withRetry } from './retry.js';

/**
 * Reads and writes images through the OCI distribution API (the registry's data plane): which
 * digest a tag points at, the image's config (its labels), and adding a tag to a manifest already
 * stored; for release evidence (evidence.ts), small blobs and manifests pushed, referrers and tags
 * listed. ECR, the local registry and any distribution v2 registry answer the same requests, so a
 * tag lookup always asks the registry images are pushed to and pulled from. ECR accepts its
 * authorization token as HTTP Basic credentials. Written on fetch because the protocol needed here
 * is a handful of requests; the npm registry clients either pull in a container runtime or are
 * unmaintained.
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

  /**
   * Stores manifest bytes under a digest or a tag, and says what the registry answered: the digest
   * of the bytes, and the OCI-Subject header a registry with the referrers API sets when it indexed
   * the manifest's `subject` (OCI distribution 1.1). `ifMatch` makes the write conditional on the
   * tag still naming that digest (`ifNoneMatch`: on there being no such tag yet), where the registry
   * supports conditional requests; a refused condition is status 412, not an error.
   */
  async pushManifest(
    repository: string,
    reference: string,
    mediaType: string,
    body: string,
    options: { ifMatch?: string; ifNoneMatch?: boolean } = {},
  ): Promise<PushedManifest> {
    const headers: Record<string, string> = { 'Content-Type': mediaType };
    if (options.ifMatch) headers['If-Match'] = `"${options.ifMatch}"`;
    if (options.ifNoneMatch) headers['If-None-Match'] = '*';
    const response = await this.request('PUT', `/v2/${repository}/manifests/${reference}`, headers, body);
    if (response.status === 412) {
      await response.body?.cancel();
      return { digest: sha256Digest(body), status: 412 };
    }
    await ensureOk(response, `push manifest ${repository}:${reference}`);
    await response.body?.cancel();
    return {
      digest: sha256Digest(body),
      status: response.status,
      ociSubject: response.headers.get('oci-subject') ?? undefined,
    };
  }

  /** Whether the repository holds a blob. */
  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const response = await this.request('HEAD', `/v2/${repository}/blobs/${digest}`, {});
    if (response.status === 404) return false;
    await ensureOk(response, `check blob ${digest} of ${repository}`);
    return true;
  }

  /** A blob's bytes, refused when larger than `maxBytes` or when they do not hash to `digest`. */
  async blob(repository: string, digest: string, maxBytes = 4 * 1024 * 1024): Promise<Buffer> {
    const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`, {});
    await ensureOk(response, `read blob ${digest} of ${repository}`);
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > maxBytes) {
      await response.body?.cancel();
      throw new RegistryError(`Blob ${digest} of ${repository} is ${length} bytes, more than ${maxBytes}`);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > maxBytes)
      throw new RegistryError(`Blob ${digest} of ${repository} is more than ${maxBytes} bytes`);
    if (sha256Digest(bytes) !== digest)
      throw new RegistryError(`Blob ${digest} of ${repository} does not match its digest`);
    return bytes;
  }

  /**
   * Uploads a blob in one PUT (POST opens the upload, PUT closes it with the digest), unless the
   * repository already holds it. Returns its digest.
   */
  async pushBlob(repository: string, data: Uint8Array | string): Promise<string> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
    const digest = sha256Digest(bytes);
    if (await this.hasBlob(repository, digest)) return digest;
    const opened = await this.request('POST', `/v2/${repository}/blobs/uploads/`, {});
    if (opened.status !== 202) await ensureOk(opened, `start a blob upload to ${repository}`);
    await opened.body?.cancel();
    const location = opened.headers.get('location');
    if (!location) throw new RegistryError(`The registry gave no upload location for ${repository}`);
    const url = new URL(location, this.baseUrl);
    url.searchParams.set('digest', digest);
    const closed = await this.request('PUT', url.toString(), { 'Content-Type': 'application/octet-stream' }, bytes);
    await ensureOk(closed, `upload blob ${digest} to ${repository}`);
    await closed.body?.cancel();
    return digest;
  }

  /**
   * The referrers of a manifest through the OCI 1.1 referrers API, following `Link` pages up to
   * `maxPages`, or undefined when the registry does not serve the API (distribution 2.8 answers
   * 404 text/plain; a registry with the API answers 404 only for a repository it does not have).
   */
  async referrers(
    repository: string,
    digest: string,
    options: { artifactType?: string; maxPages?: number } = {},
  ): Promise<Descriptor[] | undefined> {
    const query = options.artifactType ? `?artifactType=${encodeURIComponent(options.artifactType)}` : '';
    let next: string | undefined = `/v2/${repository}/referrers/${digest}${query}`;
    const found: Descriptor[] = [];
    for (let page = 0; next && page < (options.maxPages ?? 20); page++) {
      const response = await this.request('GET', next, { Accept: manifestMediaTypes.ociIndex });
      if (response.status === 404 || response.status === 405) {
        // A registry with the API names the missing repository (NAME_UNKNOWN); one without it has
        // no such route (distribution 2.8: text/plain `404 page not found`).
        const text = await response.text().catch(() => '');
        if (/"code"\s*:\s*"NAME_UNKNOWN"/.test(text)) return found;
        if (page === 0) return undefined;
        break;
      }
      await ensureOk(response, `list referrers of ${repository}@${digest}`);
      const type = response.headers.get('content-type') ?? '';
      if (!type.includes(manifestMediaTypes.ociIndex)) {
        await response.body?.cancel();
        if (page === 0) return undefined;
        break;
      }
      const index = (await response.json()) as { manifests?: Descriptor[] };
      found.push(...(index.manifests ?? []));
      next = nextLink(response.headers.get('link'));
    }
    return found;
  }

  /** The repository's tags, following `Link` pages up to `maxPages`. */
  async tags(repository: string, maxPages = 20): Promise<string[]> {
    let next: string | undefined = `/v2/${repository}/tags/list?n=1000`;
    const tags: string[] = [];
    for (let page = 0; next && page < maxPages; page++) {
      const response = await this.request('GET', next, {});
      if (response.status === 404) {
        await response.body?.cancel();
        break;
      }
      await ensureOk(response, `list tags of ${repository}`);
      tags.push(...(((await response.json()) as { tags?: string[] | null }).tags ?? []));
      next = nextLink(response.headers.get('link'));
    }
    return tags;
  }

  private request(
    method: string,
    pathOrUrl: string,
    headers: Record<string, string>,
    body?: string | Uint8Array,
  ): Promise<Response> {
    const url = new URL(pathOrUrl, this.baseUrl);
    const path = url.pathname;
    // An upload location may name another host: the registry's credentials go to the registry only.
    const authorization = url.host === new URL(this.baseUrl).host ? this.options.authorization : undefined;
    return withRetry(
      async () => {
        const response = await fetch(url, {
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

export interface PushedManifest {
  digest: string;
  status: number;
  /** Set by a registry that indexed the manifest's subject for its referrers API. */
  ociSubject?: string;
}

export function sha256Digest(data: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** The next page of a paginated answer: `Link: </v2/...?last=x>; rel="next"`. */
export function nextLink(header: string | null): string | undefined {
  const match = header ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(header) : null;
  return match?.[1];
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
