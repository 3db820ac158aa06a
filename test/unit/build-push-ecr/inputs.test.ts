import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError } from '../../../action-helpers/errors.js';
import { readInputs } from '../../../src/build-push-ecr/inputs.js';

const app = path.join(process.cwd(), 'test/fixtures/build-push-ecr/app');
const sha = '0123456789abcdef0123456789abcdef01234567';
const scratch = mkdtempSync(path.join(tmpdir(), 'bpe-inputs-'));
const notAPolicy = path.join(scratch, 'policy.json');
writeFileSync(notAPolicy, '{"rules": []}');

/** The InputError `fn` throws (fails the test when it throws nothing, or anything else). */
function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('no error was thrown');
}

function setInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
}

beforeEach(() => {
  Object.assign(process.env, {
    GITHUB_SHA: sha,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/shop',
    AWS_REGION: 'eu-west-1',
  });
});

afterEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  delete process.env.GITHUB_SHA;
});

describe('readInputs', () => {
  test('defaults: the commit SHA as tag, OCI labels, docker builder, immutable repositories', () => {
    setInputs({ repository: 'team/api', context: app });
    const inputs = readInputs(new Date('2026-01-02T03:04:05Z'));
    expect(inputs).toMatchObject({
      repository: 'team/api',
      context: app,
      dockerfile: undefined,
      tags: [sha],
      builder: 'docker',
      push: true,
      cache: true,
      cacheTag: 'buildcache',
      imageTagMutability: 'IMMUTABLE',
      scanOnPush: true,
      createRepository: false,
      revision: sha,
      buildTimeoutMs: 3_600_000,
      network: 'default',
    });
    expect(inputs.labels).toEqual([
      { key: 'org.opencontainers.image.created', value: '2026-01-02T03:04:05.000Z' },
      { key: 'org.opencontainers.image.source', value: 'https://github.com/acme/shop' },
      { key: 'org.opencontainers.image.revision', value: sha },
    ]);
  });

  test('lists: tags by comma or line (deduplicated), build args and labels by line, values kept whole', () => {
    setInputs({
      repository: 'team/api',
      context: app,
      tags: 'v1, latest\nv1',
      'build-args': 'A=1,2\nB= spaced =x',
      labels: 'team=payments',
      secrets: 'npm=tok=en',
    });
    const inputs = readInputs();
    expect(inputs.tags).toEqual(['v1', 'latest']);
    expect(inputs.buildArgs).toEqual([
      { key: 'A', value: '1,2' },
      { key: 'B', value: 'spaced =x' },
    ]);
    expect(inputs.labels.at(-1)).toEqual({ key: 'team', value: 'payments' });
    expect(inputs.secrets).toEqual([{ key: 'npm', value: 'tok=en' }]);
  });

  test.each([
    { inputs: { repository: 'Team/API' }, input: 'repository' },
    { inputs: { context: '/no/such/dir' }, input: 'context' },
    { inputs: { dockerfile: 'nope/Dockerfile' }, input: 'dockerfile' },
    { inputs: { tags: 'ok, bad tag' }, input: 'tags' },
    { inputs: { tags: '-rf' }, input: 'tags' },
    { inputs: { 'build-args': '1A=x' }, input: 'build-args' },
    { inputs: { 'build-args': 'no equals sign' }, input: 'build-args' },
    { inputs: { labels: 'org.opencontainers.image.revision=fake' }, input: 'labels' },
    { inputs: { builder: 'podman' }, input: 'builder' },
    { inputs: { platforms: 'amd64' }, input: 'platforms' },
    { inputs: { 'image-tag-mutability': 'sometimes' }, input: 'image-tag-mutability' },
    { inputs: { 'lifecycle-policy': notAPolicy }, input: 'lifecycle-policy' },
    { inputs: { registry: 'http://127.0.0.1:5050' }, input: 'registry' },
    { inputs: { 'build-timeout': '10y' }, input: 'build-timeout' },
    { inputs: { 'kms-key': 'my key' }, input: 'kms-key' },
    { inputs: { push: 'yes' }, input: 'push' },
    { inputs: { network: 'bridge; rm -rf /' }, input: 'network' },
    {
      inputs: { builder: 'codebuild', 'codebuild-project': 'p1', 'codebuild-bucket': 'b-1', network: 'none' },
      input: 'network',
    },
    {
      inputs: { builder: 'codebuild', 'codebuild-service-role': 'arn:aws:iam::123456789012:role/cb' },
      input: 'codebuild-bucket',
    },
    { inputs: { builder: 'codebuild', 'codebuild-bucket': 'ctx-bucket' }, input: 'codebuild-service-role' },
    { inputs: { builder: 'codebuild', 'codebuild-source': 'repository' }, input: 'codebuild-project' },
    {
      inputs: { builder: 'codebuild', 'codebuild-project': 'p1', 'codebuild-bucket': 'b-1', secrets: 'a=b' },
      input: 'secrets',
    },
    {
      inputs: {
        builder: 'codebuild',
        'codebuild-project': 'p1',
        'codebuild-bucket': 'b-1',
        dockerfile: path.join(app, '../failing/Dockerfile'),
      },
      input: 'dockerfile',
    },
  ] as { inputs: Record<string, string>; input: string }[])(
    'a bad $input is refused, naming the input and what is accepted',
    ({ inputs, input }) => {
      setInputs({ repository: 'team/api', context: app, ...inputs });
      const error = inputErrorOf(() => readInputs());
      expect(error.input).toBe(input);
      expect(error.message).toMatch(new RegExp(`^Input '${input}': .+ Accepted: .+\\.$`));
    },
  );

  test('a malformed secret line is refused without echoing its value', () => {
    setInputs({ repository: 'team/api', context: app, secrets: 'hunter2-no-id' });
    expect(() => readInputs()).toThrow(InputError);
    try {
      readInputs();
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  test.each([
    ['a.b', 'a_b'],
    ['npm', 'NPM'],
    ['A-B', 'a.b'],
    ['x', 'x'],
  ])('secret ids %s and %s would share one variable: refused, values never shown', (first, second) => {
    setInputs({ repository: 'team/api', context: app, secrets: `${first}=value-one\n${second}=value-two` });
    expect(inputErrorOf(() => readInputs()).message).toBe(
      `Input 'secrets': ids ${JSON.stringify(first)} and ${JSON.stringify(second)} collide. Accepted: id=value lines, the id of letters, digits, _ . - (ids must differ beyond case and punctuation).`,
    );
  });

  test('ids that stay apart after normalisation are all kept', () => {
    setInputs({ repository: 'team/api', context: app, secrets: 'a.b=1\nab=2\na_b_c=3' });
    expect(readInputs().secrets.map((s) => s.key)).toEqual(['a.b', 'ab', 'a_b_c']);
  });

  test('a tag under the cache tag is refused: it would be mutable in an immutable repository', () => {
    setInputs({ repository: 'team/api', context: app, tags: 'v1\nbuildcache-v1' });
    expect(() => readInputs()).toThrow(
      'Input \'tags\': "buildcache-v1" starts with the cache tag buildcache. Accepted: tags that do not start with cache-tag.',
    );
  });

  test('dry-run and evidence-signing-key are read', () => {
    setInputs({ repository: 'team/api', context: app, 'dry-run': 'true', 'evidence-signing-key': 'alias/evidence' });
    expect(readInputs()).toMatchObject({ dryRun: true, evidenceSigningKey: 'alias/evidence' });
  });

  test('without GITHUB_SHA the tags are required', () => {
    delete process.env.GITHUB_SHA;
    setInputs({ repository: 'team/api', context: app });
    expect(() => readInputs()).toThrow("Input 'tags': a value is required when GITHUB_SHA is not set");
  });
});
