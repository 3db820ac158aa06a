import * as core from '@actions/core';
import { getImageManifest, putImageTags } from '../../action-helpers/ecr-images.js';
import { ActionFailure } from '../../action-helpers/errors.js';
import type { FoundEvidence, PromotionEvidence } from '../../action-helpers/evidence.js';
import type { StoredManifest } from '../../action-helpers/registry-api.js';
import { copyImage, CopyError, describeStats, type CopyStats } from '../../action-helpers/registry-copy.js';
import type { EvidenceFound } from './gates.js';
import type { TagState } from './plan.js';
import { sideOf, type Ends, type RegistryEnd } from './registries.js';

/** The source image as the registry holds it; the first gate: the digest exists. */
export async function resolveSource(end: RegistryEnd, source: string): Promise<StoredManifest> {
  const manifest = await end.client.manifest(end.repository, source);
  if (!manifest || (source.startsWith('sha256:') && manifest.digest !== source)) {
    throw new ActionFailure(
      `${end.host}/${end.repository}${source.startsWith('sha256:') ? '@' : ':'}${source} is not in the registry: nothing to promote.`,
      'image-not-found',
    );
  }
  return manifest;
}

/** The scan and deployment records of the digest that count, and (with a key) how many do not. */
export async function gatherEvidence(ends: Ends, digest: string): Promise<EvidenceFound> {
  const [scans, deployments] = await Promise.all([
    ends.source.evidence.list(digest, 'scan'),
    ends.source.evidence.list(digest, 'deployment'),
  ]);
  const unsigned = { scan: 0, deployment: 0 };
  if (ends.verifier) {
    const [allScans, allDeployments] = await Promise.all([
      ends.unverified.list(digest, 'scan'),
      ends.unverified.list(digest, 'deployment'),
    ]);
    unsigned.scan = allScans.length - scans.length;
    unsigned.deployment = allDeployments.length - deployments.length;
  }
  return { scans, deployments, unsigned };
}

/**
 * Where each target tag points now. A retag in ECR asks ECR's API; a copy, or a stand-in registry,
 * asks the registry the images are pulled from.
 */
export async function readTagStates(
  end: RegistryEnd,
  tags: readonly string[],
  useEcrApi: boolean,
): Promise<TagState[]> {
  return Promise.all(
    tags.map(async (tag) => {
      if (useEcrApi && end.ecr) {
        return { tag, digest: (await getImageManifest(end.ecr, end.repository, { tag }))?.digest };
      }
      return { tag, digest: (await end.client.manifest(end.repository, tag))?.digest };
    }),
  );
}

/**
 * Same registry, same repository: PutImage with the exact manifest bytes and media type, so the
 * digest is the same and no layer moves. With a stand-in registry the tags are also written there,
 * where images are pulled from. Each tag is read back: PutImage answers an immutable tag that
 * already exists with ImageAlreadyExistsException (which putImageTags takes as "already there"),
 * so only the read-back proves the tag now names this digest.
 */
export async function retag(
  end: RegistryEnd,
  manifest: StoredManifest,
  tags: readonly string[],
  standIn: boolean,
): Promise<void> {
  if (end.ecr) await putImageTags(end.ecr, end.repository, manifest, tags);
  if (standIn) for (const tag of tags) await end.client.putManifest(end.repository, tag, manifest);
  const after = await readTagStates(end, tags, !standIn);
  const wrong = after.find((s) => s.digest !== manifest.digest);
  if (wrong) {
    throw new ActionFailure(
      `After tagging, ${end.repository}:${wrong.tag} points at ${wrong.digest ?? 'nothing'}, not ${manifest.digest}: the tag is immutable or another run moved it.`,
      'tag-conflict',
    );
  }
}

export interface CopyResult {
  stats: CopyStats;
  evidenceCopied: number;
}

/** Another repository or registry: the image blob by blob, then its evidence records. */
export async function copyToTarget(
  ends: Ends,
  digest: string,
  tags: readonly string[],
  signal: AbortSignal,
): Promise<CopyResult> {
  let stats: CopyStats;
  try {
    stats = await copyImage(sideOf(ends.source), sideOf(ends.target), digest, tags, { signal });
  } catch (err) {
    if (err instanceof CopyError && err.kind === 'digest-mismatch') {
      throw new ActionFailure(err.message, 'digest-mismatch', { cause: err });
    }
    if (err instanceof CopyError) throw new ActionFailure(err.message, 'copy-failed', { cause: err });
    throw err;
  }
  core.info(`Copied ${digest} to ${ends.target.host}/${ends.target.repository}: ${describeStats(stats)}.`);
  const evidenceCopied = await ends.source.evidence.copy(digest, ends.target.evidence);
  core.info(`Copied ${evidenceCopied} evidence record(s) with the image.`);
  return { stats, evidenceCopied };
}

/** Records the promotion on the target; a re-run finds its record and writes no second one. */
export async function recordPromotion(
  target: RegistryEnd,
  digest: string,
  data: PromotionEvidence,
): Promise<{ artifactDigest: string; written: boolean }> {
  const existing = await target.evidence.list(digest, 'promotion');
  const same = existing.find((e) => samePromotion(e, data));
  if (same) return { artifactDigest: same.artifactDigest, written: false };
  const written = await target.evidence.write('promotion', digest, data);
  return { artifactDigest: written.artifactDigest, written: true };
}

function samePromotion(found: FoundEvidence<'promotion'>, data: PromotionEvidence): boolean {
  const d = found.record.data;
  return (
    d.from === data.from &&
    d.to === data.to &&
    d.targetImage === data.targetImage &&
    [...d.tags].sort().join(',') === [...data.tags].sort().join(',')
  );
}
