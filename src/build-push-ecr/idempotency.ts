import type { RegistryClient, StoredManifest } from '../../action-helpers/registry-api.js';

/**
 * What a re-run must do, decided from what the registry already holds under the target tags and
 * the commit each image is proven to be built from (see provenance.ts), never from a tag's name:
 * tags such as `latest` or `v1.2` say nothing about the commit.
 */
export interface TagState {
  tag: string;
  /** Absent when the registry has no such tag. `revision`: the proven commit, if any. */
  image?: { manifest: StoredManifest; revision?: string };
}

export type Decision =
  | { kind: 'skip'; manifest: StoredManifest }
  | { kind: 'retag'; manifest: StoredManifest; missingTags: string[] }
  | { kind: 'conflict'; tag: string; existingDigest: string; existingRevision?: string }
  | { kind: 'build' };

export function decide(states: readonly TagState[], revision: string | undefined, immutable: boolean): Decision {
  const present = states.filter((s) => s.image);
  const missingTags = states.filter((s) => !s.image).map((s) => s.tag);
  const digests = new Set(present.map((s) => s.image!.manifest.digest));
  const sameCommit = (s: TagState) => revision !== undefined && s.image?.revision === revision;

  if (present.length > 0 && digests.size === 1 && present.every(sameCommit)) {
    const manifest = present[0]!.image!.manifest;
    return missingTags.length === 0 ? { kind: 'skip', manifest } : { kind: 'retag', manifest, missingTags };
  }
  if (immutable) {
    // Any tag that already exists would have to move: ECR refuses that, so say it before building.
    const first = present.find((s) => !sameCommit(s)) ?? present[0];
    if (first) {
      return {
        kind: 'conflict',
        tag: first.tag,
        existingDigest: first.image!.manifest.digest,
        existingRevision: first.image!.revision,
      };
    }
  }
  return { kind: 'build' };
}

/** Reads each target tag from the registry, with the commit its image is proven built from. */
export async function readTagStates(
  client: RegistryClient,
  repository: string,
  tags: readonly string[],
  builtFrom: (manifest: StoredManifest) => Promise<string | undefined>,
): Promise<TagState[]> {
  const revisions = new Map<string, Promise<string | undefined>>();
  return Promise.all(
    tags.map(async (tag): Promise<TagState> => {
      const manifest = await client.manifest(repository, tag);
      if (!manifest) return { tag };
      let revision = revisions.get(manifest.digest);
      if (!revision) {
        revision = builtFrom(manifest);
        revisions.set(manifest.digest, revision);
      }
      return { tag, image: { manifest, revision: await revision } };
    }),
  );
}
