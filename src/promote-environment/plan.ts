import type { Inputs } from './inputs.js';

/**
 * What a promotion does, decided before any change: the mode (retag in place through ECR's API, or
 * copy to another repository or registry through the distribution API) and, per target tag, whether
 * it already points at the digest (skip), points nowhere or elsewhere in a mutable repository (set),
 * or points elsewhere in an immutable one (conflict).
 */
export type Mode = 'retag' | 'copy';

/** Same registry and same repository: a retag. Anything else needs the image's blobs where it goes. */
export function modeOf(inputs: Inputs, sourceHost: string): Mode {
  const sameRegistry = !inputs.targetRegistry || inputs.targetRegistry === sourceHost;
  return sameRegistry && inputs.targetRepository === inputs.repository ? 'retag' : 'copy';
}

export interface TagState {
  tag: string;
  /** The digest the tag points at now; undefined when the tag does not exist. */
  digest?: string;
}

export type TagDecision =
  | { kind: 'skip' }
  | { kind: 'promote'; tags: string[]; moving: TagState[] }
  | { kind: 'conflict'; tag: string; existingDigest: string };

export function decideTags(states: readonly TagState[], digest: string, immutable: boolean): TagDecision {
  const elsewhere = states.filter((s) => s.digest !== undefined && s.digest !== digest);
  if (immutable && elsewhere.length > 0) {
    return { kind: 'conflict', tag: elsewhere[0]!.tag, existingDigest: elsewhere[0]!.digest! };
  }
  const tags = states.filter((s) => s.digest !== digest).map((s) => s.tag);
  return tags.length === 0 ? { kind: 'skip' } : { kind: 'promote', tags, moving: elsewhere };
}

export function conflictMessage(
  repository: string,
  decision: Extract<TagDecision, { kind: 'conflict' }>,
  digest: string,
) {
  return (
    `Tag '${decision.tag}' in immutable repository ${repository} already points at ${decision.existingDigest}, ` +
    `not at ${digest} being promoted, and an immutable tag cannot move. Nothing was changed. ` +
    `Promote under a tag unique to the release (target-tags: v1.2.3), or use a MUTABLE repository for environment tags.`
  );
}
