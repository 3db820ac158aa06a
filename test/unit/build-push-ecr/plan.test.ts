// The pure plan, from raw input strings and what exists: the skip/retag/build decision and the argv.
import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { ActionFailure } from '../../../action-helpers/errors.js';
import type { StoredManifest } from '../../../action-helpers/registry-api.js';
import { readInputs } from '../../../src/build-push-ecr/inputs.js';
import { planLines, planOf, type Found } from '../../../src/build-push-ecr/plan.js';
import { withInputs } from '../../support/inputs.js';

const sha = '0123456789abcdef0123456789abcdef01234567';
const other = 'fedcba9876543210fedcba9876543210fedcba98';
const context = 'test/fixtures/build-push-ecr/app';
const image = (n: number): StoredManifest => ({
  digest: `sha256:${String(n).repeat(64)}`,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  body: '{}',
});

function plan(raw: Record<string, string>, found: Partial<Found> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, { GITHUB_SHA: sha, AWS_REGION: 'eu-west-1', GITHUB_WORKSPACE: process.cwd() });
  delete process.env.GITHUB_REF;
  try {
    const inputs = withInputs({ repository: 'team/api', context, ...raw }, () => readInputs(new Date(0)));
    const full: Found = {
      registryHost: '1.dkr.ecr.eu-west-1.amazonaws.com',
      docker: { builder: 'classic' },
      repository: { exists: true, mutability: 'IMMUTABLE' },
      tags: [],
      workDir: '/tmp/w',
      ...found,
    };
    return { inputs, plan: planOf(inputs, full) };
  } finally {
    process.env = saved;
  }
}

const absoluteContext = path.resolve(context);
const labels = [
  '--label',
  'org.opencontainers.image.created=1970-01-01T00:00:00.000Z',
  '--label',
  `org.opencontainers.image.revision=${sha}`,
];

describe('planOf: the decision', () => {
  test.each([
    { name: 'nothing under the tags: build', tags: [{ tag: sha }], expected: 'build' },
    {
      name: 'the tag on an image with a record of this commit: skip',
      tags: [{ tag: sha, image: { manifest: image(1), revision: sha } }],
      expected: 'skip',
    },
  ])('$name', ({ tags, expected }) => {
    expect(plan({}, { tags }).plan.decision.kind).toBe(expected);
  });

  test('one tag there, one missing: retag with the missing one, no build work', () => {
    const { plan: p } = plan(
      { tags: `${sha}\nv2` },
      { tags: [{ tag: sha, image: { manifest: image(1), revision: sha } }, { tag: 'v2' }] },
    );
    expect(p.decision).toEqual({ kind: 'retag', manifest: image(1), missingTags: ['v2'] });
    expect(p.work).toBeUndefined();
  });

  test('an immutable tag on an image of another commit (or none) is refused before anything happens', () => {
    for (const revision of [other, undefined]) {
      let error: unknown;
      try {
        plan({ tags: 'stable' }, { tags: [{ tag: 'stable', image: { manifest: image(2), revision } }] });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ActionFailure);
      expect(error).toMatchObject({ reason: 'tag-conflict' });
      expect((error as Error).message).toContain(
        revision ? `built from ${other}` : 'with no build record of this action for it',
      );
    }
  });

  test('a missing repository (create-repository) is created and built into; push false looks nothing up', () => {
    expect(plan({ 'create-repository': 'true' }, { repository: { exists: false } }).plan).toMatchObject({
      createRepository: true,
      decision: { kind: 'build' },
    });
    expect(plan({ push: 'false' }, { repository: undefined }).plan).toMatchObject({
      createRepository: false,
      decision: { kind: 'build' },
    });
  });
});

describe('planOf: the argv', () => {
  test('classic builder: docker build, then one docker push per tag; no login with a stand-in registry', () => {
    const { inputs, plan: p } = plan({ tags: 'v1,v2', registry: '127.0.0.1:5050' }, { registryHost: '127.0.0.1:5050' });
    expect(p.work).toEqual({
      kind: 'docker',
      builder: 'classic',
      login: false,
      build: [
        'build',
        ...labels,
        '--tag',
        '127.0.0.1:5050/team/api:v1',
        '--tag',
        '127.0.0.1:5050/team/api:v2',
        '--iidfile',
        '/tmp/w/iid',
        absoluteContext,
      ],
      pushes: [
        ['push', '127.0.0.1:5050/team/api:v1'],
        ['push', '127.0.0.1:5050/team/api:v2'],
      ],
      metadataFile: '/tmp/w/metadata.json',
    });
    // What the log (and a dry run's summary) shows: the same argv.
    expect(planLines(inputs, p)).toEqual([
      'Build with docker (classic) and push v1, v2:',
      `docker build ${labels.join(' ')} --tag 127.0.0.1:5050/team/api:v1 --tag 127.0.0.1:5050/team/api:v2 --iidfile /tmp/w/iid ${absoluteContext}`,
      'docker push 127.0.0.1:5050/team/api:v1',
      'docker push 127.0.0.1:5050/team/api:v2',
    ]);
  });

  test('buildx on the docker driver: logs in to ECR, reads the cache, says it cannot write it', () => {
    const buildx = { name: 'default', driver: 'docker', cacheExport: false, multiPlatform: false };
    const { plan: p } = plan({}, { docker: { builder: 'buildx', buildx } });
    expect(p.builderName).toBe('docker (buildx, docker driver)');
    expect(p.work).toMatchObject({ kind: 'docker', login: true, pushes: [] });
    expect(p.work?.kind === 'docker' && p.work.build).toEqual(
      expect.arrayContaining([
        '--cache-from',
        'type=registry,ref=1.dkr.ecr.eu-west-1.amazonaws.com/team/api:buildcache',
      ]),
    );
    expect(p.notes).toEqual([expect.stringContaining('cannot export a build cache')]);
  });

  test('codebuild: the project and every value as a variable', () => {
    const { plan: p } = plan(
      {
        builder: 'codebuild',
        'codebuild-bucket': 'ctx-bucket',
        'codebuild-service-role': 'arn:aws:iam::123456789012:role/cb',
      },
      { docker: undefined },
    );
    expect(p.builderName).toBe('codebuild');
    expect(p.work).toMatchObject({ kind: 'codebuild', project: 'build-push-ecr-team-api' });
    expect(p.work?.kind === 'codebuild' && p.work.environment).toEqual(
      expect.arrayContaining([{ name: 'BPE_TAGS', value: sha, type: 'PLAINTEXT' }]),
    );
  });

  test('the classic builder refuses secrets before anything happens', () => {
    expect(() => plan({ secrets: 'npm=tok' })).toThrow(expect.objectContaining({ reason: 'secrets-unsupported' }));
  });
});
