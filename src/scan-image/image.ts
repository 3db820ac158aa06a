import type { AwsSession } from '../../action-helpers/aws.js';
import { ecrRegistry, ecrRegistryHost } from '../../action-helpers/ecr-auth.js';
import { ActionFailure } from '../../action-helpers/errors.js';
import {
  platformManifests,
  RegistryClient,
  RegistryError,
  type StoredManifest,
} from '../../action-helpers/registry-api.js';
import type { ImageInput } from './inputs.js';
import type { ParsedReport } from './report-reader.js';

/** The image the verdict is about: always a digest, in the registry that holds it (and its evidence). */
export interface TargetImage {
  host: string;
  repository: string;
  digest: string;
  /** host/repository@digest */
  reference: string;
  manifest: StoredManifest;
  registry: RegistryClient;
  /** The ECR registry (account) for the ECR API, when not the caller's own. */
  registryId?: string;
}

/**
 * Finds the registry (the `registry` stand-in, the ECR host the reference names, or the account's
 * own ECR registry) and resolves the tag or digest there. An image that is not there fails
 * `image-not-found` before anything else is read.
 */
export async function resolveImage(session: AwsSession, image: ImageInput, standIn?: string): Promise<TargetImage> {
  const own = await ecrRegistry(session, standIn);
  let registry = own.client;
  let host = own.host;
  if (!standIn && image.registryId) {
    const wanted = ecrRegistryHost(image.registryId, session.region);
    if (wanted !== own.host && own.credentials) {
      // An ECR token is good for every registry the principal may read, other accounts' included.
      const basic = Buffer.from(`${own.credentials.username}:${own.credentials.password}`).toString('base64');
      registry = new RegistryClient(wanted, { authorization: `Basic ${basic}` });
      host = wanted;
    }
  }
  const reference = image.digest ?? image.tag!;
  const manifest = await registry.manifest(image.repository, reference).catch((err: unknown) => {
    // The registry refusing the credentials is the caller's to fix, not a bug.
    if (err instanceof RegistryError && (err.status === 401 || err.status === 403)) {
      throw new ActionFailure(
        `${host} refused to read ${image.repository}:${reference} (HTTP ${err.status}): the credentials may not pull from it.`,
        'aws-access-denied',
        { cause: err },
      );
    }
    throw err;
  });
  if (!manifest) {
    throw new ActionFailure(
      `${host}/${image.repository} holds no image ${image.digest ? `with digest ${image.digest}` : `tagged ${image.tag}`}; nothing was scanned.`,
      'image-not-found',
    );
  }
  return {
    host,
    repository: image.repository,
    digest: manifest.digest,
    reference: `${host}/${image.repository}@${manifest.digest}`,
    manifest,
    registry,
    registryId: standIn ? undefined : image.registryId,
  };
}

/** The digests a report about this image may name: the image's, and each platform's of an index. */
export function manifestDigestsOf(image: Pick<TargetImage, 'digest' | 'manifest'>): string[] {
  return [image.digest, ...platformManifests(image.manifest).map((m) => m.digest)];
}

/** The config digests of the image (of each platform of an index): what Trivy and Grype call its image ID. */
export async function configDigestsOf(image: TargetImage): Promise<string[]> {
  if (image.manifest.config) return [image.manifest.config.digest];
  const configs: string[] = [];
  for (const platform of platformManifests(image.manifest)) {
    const manifest = await image.registry.manifest(image.repository, platform.digest);
    if (manifest?.config) configs.push(manifest.config.digest);
  }
  return configs;
}

/**
 * Why a report cannot be about this image, or undefined. A report naming manifest digests must name
 * one of the image's; one naming only an image ID (config digest) must name the image's. A report
 * naming neither (a scan of a local build before its push) is accepted: it says nothing against it.
 */
export function reportMismatch(
  report: Pick<ParsedReport, 'manifestDigests' | 'configDigests'>,
  manifestDigests: readonly string[],
  configDigests: readonly string[] | undefined,
): string | undefined {
  if (report.manifestDigests.length > 0) {
    if (report.manifestDigests.some((d) => manifestDigests.includes(d))) return undefined;
    return `names ${report.manifestDigests.join(', ')}, not this image (${manifestDigests.join(', ')})`;
  }
  if (report.configDigests.length > 0 && configDigests) {
    if (report.configDigests.some((d) => configDigests.includes(d))) return undefined;
    return `names image ID ${report.configDigests.join(', ')}, not this image's (${configDigests.join(', ')})`;
  }
  return undefined;
}
