import { imageSize, platformManifests, type StoredManifest } from '../../action-helpers/registry-api.js';
import { setOutputs, writeSummary } from '../../action-helpers/outputs.js';
import type { Decision } from './idempotency.js';
import type { Inputs } from './inputs.js';

export function conflictMessage(inputs: Inputs, conflict: Extract<Decision, { kind: 'conflict' }>): string {
  const built = conflict.existingRevision ? `built from ${conflict.existingRevision}` : 'with no revision label';
  const ours = inputs.revision ? `commit ${inputs.revision}` : 'an unknown commit (GITHUB_SHA is not set)';
  return (
    `Tag '${conflict.tag}' in immutable repository ${inputs.repository} already points at ${conflict.existingDigest} (${built}); ` +
    `this run builds ${ours}, a different image, and ECR will not move an immutable tag. Nothing was built or pushed. ` +
    `Use a tag unique to the commit (the default, the commit SHA), or a MUTABLE repository.`
  );
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return 'n/a';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export interface Result {
  inputs: Inputs;
  registryHost: string;
  imageName: string;
  /** What the registry holds under the tags; absent when nothing was pushed. */
  manifest?: StoredManifest;
  skipped: boolean;
  buildSeconds: number;
  builder: string;
  /** What the caller should know about how it was built (e.g. a cache that was not written). */
  notes?: readonly string[];
}

export async function reportResult(result: Result): Promise<void> {
  const { inputs, manifest } = result;
  const imageUri = manifest ? `${result.imageName}@${manifest.digest}` : undefined;
  setOutputs({
    'image-uri': imageUri ?? '',
    digest: manifest?.digest ?? '',
    tags: inputs.tags,
    registry: result.registryHost,
    skipped: result.skipped,
    'build-seconds': result.buildSeconds,
  });
  const platforms = manifest ? platformManifests(manifest) : [];
  const size =
    manifest && platforms.length === 0
      ? formatBytes(imageSize(manifest))
      : platforms.length > 0
        ? `${platforms.length} platform${platforms.length === 1 ? '' : 's'}`
        : 'n/a';
  await writeSummary({
    heading: result.skipped
      ? 'Image already in ECR: build skipped'
      : inputs.push
        ? 'Image built and pushed to ECR'
        : 'Image built (not pushed)',
    lines: result.notes,
    table: {
      header: ['Image', 'Digest', 'Tags', 'Size', 'Builder', 'Duration'],
      rows: [
        [
          result.imageName,
          manifest?.digest ?? 'not pushed',
          inputs.tags.join(', '),
          size,
          result.builder,
          result.skipped ? 'skipped' : `${result.buildSeconds}s`,
        ],
      ],
    },
  });
}
