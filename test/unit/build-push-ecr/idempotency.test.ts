import { describe, expect, test } from '@jest/globals';
import type { StoredManifest } from '../../../action-helpers/registry-api.js';
import { decide, type TagState } from '../../../src/build-push-ecr/idempotency.js';

const manifest = (n: number): StoredManifest => ({
  digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  body: '{}',
});
const A = manifest(1);
const B = manifest(2);
const at = (tag: string, m?: StoredManifest, revision?: string): TagState =>
  m ? { tag, image: { manifest: m, revision } } : { tag };

describe('decide', () => {
  test.each([
    { name: 'nothing there: build', states: [at('c1')], immutable: true, expected: { kind: 'build' } },
    {
      name: 'every tag on one image of this commit: skip',
      states: [at('c1', A, 'c1'), at('v1', A, 'c1')],
      immutable: true,
      expected: { kind: 'skip', manifest: A },
    },
    {
      name: 'some tags missing, the others on this commit: retag',
      states: [at('c1', A, 'c1'), at('v1')],
      immutable: true,
      expected: { kind: 'retag', manifest: A, missingTags: ['v1'] },
    },
    {
      name: 'immutable tag from another commit: conflict',
      states: [at('stable', A, 'old')],
      immutable: true,
      expected: { kind: 'conflict', tag: 'stable', existingDigest: A.digest, existingRevision: 'old' },
    },
    {
      name: 'immutable tag with no revision label: conflict',
      states: [at('stable', A)],
      immutable: true,
      expected: { kind: 'conflict', tag: 'stable', existingDigest: A.digest, existingRevision: undefined },
    },
    {
      name: 'the conflicting tag is named, not the matching one',
      states: [at('c1', A, 'c1'), at('stable', B, 'old')],
      immutable: true,
      expected: { kind: 'conflict', tag: 'stable', existingDigest: B.digest, existingRevision: 'old' },
    },
    {
      name: 'tags of this commit on two images (mutable): build',
      states: [at('c1', A, 'c1'), at('v1', B, 'c1')],
      immutable: false,
      expected: { kind: 'build' },
    },
    {
      name: 'mutable tag from another commit: build (the tag moves)',
      states: [at('latest', A, 'old')],
      immutable: false,
      expected: { kind: 'build' },
    },
  ])('$name', ({ states, immutable, expected }) => {
    expect(decide(states, 'c1', immutable)).toEqual(expected);
  });

  test('without a known revision nothing is ever skipped', () => {
    expect(decide([at('x', A, undefined)], undefined, false)).toEqual({ kind: 'build' });
    expect(decide([at('x', A, 'c1')], undefined, true)).toMatchObject({ kind: 'conflict' });
  });
});
