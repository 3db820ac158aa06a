// outputsOf and summaryOf: pure, from what the run knows, on success, skip, dry run and failure.
import { describe, expect, test } from '@jest/globals';
import type { StoredManifest } from '../../../action-helpers/registry-api.js';
import type { Plan } from '../../../src/build-push-ecr/plan.js';
import { outputsOf, summaryOf, type Outcome } from '../../../src/build-push-ecr/report.js';
import { inputsWith } from './fixtures.js';

const manifest: StoredManifest = {
  digest: `sha256:${'a'.repeat(64)}`,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  body: '{}',
  config: { digest: `sha256:${'c'.repeat(64)}`, size: 1024 },
  layers: [{ digest: `sha256:${'d'.repeat(64)}`, size: 2 * 1024 * 1024 }],
};
const plan: Plan = {
  registryHost: 'reg',
  imageName: 'reg/team/api',
  builderName: 'docker (classic)',
  createRepository: true,
  decision: { kind: 'build' },
  work: { kind: 'docker', builder: 'classic', login: true, build: ['build', '.'], pushes: [], metadataFile: 'm' },
  notes: [],
};

describe('outputsOf', () => {
  test('a build: every output', () => {
    const outcome: Outcome = { inputs: inputsWith(), plan, done: [], manifest, skipped: false, buildSeconds: 12.3 };
    expect(outputsOf(outcome)).toEqual({
      'image-uri': `reg/team/api@${manifest.digest}`,
      digest: manifest.digest,
      tags: ['abc123'],
      registry: 'reg',
      decision: 'build',
      skipped: false,
      'build-seconds': 12.3,
    });
  });

  test('a skip: 0 build seconds; a failure before the plan: only what is known', () => {
    const skip: Outcome = {
      inputs: inputsWith(),
      plan: { ...plan, decision: { kind: 'skip', manifest } },
      done: [],
      manifest,
      skipped: true,
    };
    expect(outputsOf(skip)).toMatchObject({ skipped: true, 'build-seconds': 0, decision: 'skip' });
    const early: Outcome = {
      inputs: inputsWith(),
      done: [],
      failure: { reason: 'aws-credentials', message: 'no', expected: true },
    };
    expect(outputsOf(early)).toEqual({
      'image-uri': undefined,
      digest: undefined,
      tags: ['abc123'],
      registry: undefined,
      decision: undefined,
      skipped: undefined,
      'build-seconds': undefined,
    });
  });
});

describe('summaryOf', () => {
  test('a build: the image, its digest, size, builder and duration', () => {
    const summary = summaryOf({
      inputs: inputsWith(),
      plan,
      done: ['Created ECR repository team/api.'],
      manifest,
      skipped: false,
      buildSeconds: 4,
    });
    expect(summary.heading).toBe('Image built and pushed to ECR');
    expect(summary.table?.rows).toEqual([
      ['reg/team/api', manifest.digest, 'abc123', '2.0 MiB', 'docker (classic)', '4s'],
    ]);
  });

  test('a failed run says what was done, and why it failed', () => {
    const summary = summaryOf({
      inputs: inputsWith(),
      plan,
      done: ['Created ECR repository team/api (IMMUTABLE tags).', 'Built with docker (classic) in 4s.'],
      failure: { reason: 'push-failed', message: 'docker push reg/team/api:abc123 failed: denied', expected: true },
    });
    expect(summary.heading).toBe('Build and push failed (push-failed)');
    expect(summary.lines).toEqual([
      'Created ECR repository team/api (IMMUTABLE tags).',
      'Built with docker (classic) in 4s.',
      'Then it failed: docker push reg/team/api:abc123 failed: denied',
    ]);
    expect(summary.table?.rows[0]?.[1]).toBe('not pushed');
  });

  test('a run that failed before changing anything says so', () => {
    const summary = summaryOf({
      inputs: inputsWith(),
      done: [],
      failure: { reason: 'repository-not-found', message: "ECR repository 'team/api' does not exist", expected: true },
    });
    expect(summary.lines).toEqual(["Nothing was changed: ECR repository 'team/api' does not exist"]);
    expect(summary.table).toBeUndefined();
  });

  test('a dry run: what it would do, the plan in full, and that nothing changed', () => {
    const summary = summaryOf({ inputs: inputsWith({ dryRun: true }), plan, done: [] });
    expect(summary.heading).toBe('Dry run: would build, nothing was changed');
    expect(summary.details?.text).toContain('Create ECR repository team/api (IMMUTABLE tags).');
    expect(summary.details?.text).toContain('docker login reg (password on stdin)\ndocker build .');
  });
});
