import { describe, expect, test } from '@jest/globals';
import { ActionFailure } from '../../../action-helpers/errors.js';
import {
  buildxArgs,
  cacheExportSkipped,
  checkBuilderSupports,
  classicBuildArgs,
  classicPushArgs,
  secretEnv,
  secretEnvName,
  type BuildTarget,
} from '../../../src/build-push-ecr/docker-args.js';
import type { BuildxBuilder } from '../../../src/build-push-ecr/buildx-builder.js';
import type { Inputs } from '../../../src/build-push-ecr/inputs.js';
import { inputsWith } from './fixtures.js';

const target: BuildTarget = {
  imageName: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api',
  metadataFile: '/tmp/m.json',
  iidFile: '/tmp/iid',
};
const image = target.imageName;
const cacheTo = `type=registry,ref=${image}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`;
const containerBuilder: BuildxBuilder = {
  name: 'builder-1',
  driver: 'docker-container',
  cacheExport: true,
  multiPlatform: true,
};
const dockerDriver: BuildxBuilder = { name: 'default', driver: 'docker', cacheExport: false, multiPlatform: false };

describe('buildxArgs', () => {
  test.each([
    {
      name: 'defaults: registry cache in ECR with the flags ECR needs, push, metadata',
      inputs: inputsWith(),
      expected: [
        'buildx',
        'build',
        '--label',
        'org.opencontainers.image.revision=abc123',
        '--tag',
        `${image}:abc123`,
        '--cache-from',
        `type=registry,ref=${image}:buildcache`,
        '--cache-to',
        cacheTo,
        '--metadata-file',
        '/tmp/m.json',
        '--push',
        '.',
      ],
    },
    {
      name: 'every option',
      inputs: inputsWith({
        dockerfile: 'docker/Dockerfile',
        tags: ['abc123', 'v1.2'],
        buildArgs: [{ key: 'A', value: 'x=y, $(z)' }],
        labels: [],
        target: 'runtime',
        platforms: ['linux/amd64', 'linux/arm64'],
        network: 'host',
        cacheTag: 'cache',
        cacheScope: { read: ['cache'], write: 'cache', trust: 'default branch main' },
        context: 'svc',
      }),
      expected: [
        'buildx',
        'build',
        '--file',
        'docker/Dockerfile',
        '--build-arg',
        'A=x=y, $(z)',
        '--target',
        'runtime',
        '--network',
        'host',
        '--tag',
        `${image}:abc123`,
        '--tag',
        `${image}:v1.2`,
        '--platform',
        'linux/amd64,linux/arm64',
        '--cache-from',
        `type=registry,ref=${image}:cache`,
        '--cache-to',
        `type=registry,ref=${image}:cache,mode=max,image-manifest=true,oci-mediatypes=true`,
        '--metadata-file',
        '/tmp/m.json',
        '--push',
        'svc',
      ],
    },
    {
      name: 'no-cache: the cache is written but not read',
      inputs: inputsWith({ noCache: true, labels: [] }),
      expected: [
        'buildx',
        'build',
        '--no-cache',
        '--tag',
        `${image}:abc123`,
        '--cache-to',
        cacheTo,
        '--metadata-file',
        '/tmp/m.json',
        '--push',
        '.',
      ],
    },
    {
      name: 'push false: builds with the cache, writes nothing to the registry',
      inputs: inputsWith({ push: false, labels: [] }),
      expected: [
        'buildx',
        'build',
        '--tag',
        `${image}:abc123`,
        '--cache-from',
        `type=registry,ref=${image}:buildcache`,
        '--metadata-file',
        '/tmp/m.json',
        '.',
      ],
    },
    {
      name: 'cache false',
      inputs: inputsWith({ cache: false, labels: [] }),
      expected: ['buildx', 'build', '--tag', `${image}:abc123`, '--metadata-file', '/tmp/m.json', '--push', '.'],
    },
  ])('$name', ({ inputs, expected }) => {
    expect(buildxArgs(inputs, target, containerBuilder)).toEqual(expected);
  });

  test('a builder that cannot export a cache (the docker driver) reads the registry cache but is not asked to write it', () => {
    expect(buildxArgs(inputsWith({ labels: [] }), target, dockerDriver)).toEqual([
      'buildx',
      'build',
      '--tag',
      `${image}:abc123`,
      '--cache-from',
      `type=registry,ref=${image}:buildcache`,
      '--metadata-file',
      '/tmp/m.json',
      '--push',
      '.',
    ]);
  });

  test('a pull request reads its own cache, then the shared one, and writes only its own', () => {
    const inputs = inputsWith({
      labels: [],
      cacheScope: { read: ['buildcache-pr-7', 'buildcache'], write: 'buildcache-pr-7', trust: 'pull request 7' },
    });
    const args = buildxArgs(inputs, target, containerBuilder);
    expect(args.filter((_, i) => args[i - 1] === '--cache-from')).toEqual([
      `type=registry,ref=${image}:buildcache-pr-7`,
      `type=registry,ref=${image}:buildcache`,
    ]);
    expect(args.filter((_, i) => args[i - 1] === '--cache-to')).toEqual([
      `type=registry,ref=${image}:buildcache-pr-7,mode=max,image-manifest=true,oci-mediatypes=true`,
    ]);
  });

  test('secrets travel as env references: the values are in no argument, only in the environment', () => {
    const inputs = inputsWith({
      secrets: [
        { key: 'npm.token', value: 'hunter2' },
        { key: 'gh', value: 'p@ss' },
      ],
    });
    const args = buildxArgs(inputs, target, containerBuilder);
    expect(args).toEqual(expect.arrayContaining(['--secret', `id=npm.token,env=${secretEnvName('npm.token')}`]));
    expect(args.join(' ')).not.toMatch(/hunter2|p@ss/);
    expect(args).not.toContain('--build-arg');
    expect(secretEnv(inputs)).toEqual({ BUILD_PUSH_ECR_SECRET_NPM_TOKEN: 'hunter2', BUILD_PUSH_ECR_SECRET_GH: 'p@ss' });
  });
});

describe('classic builder', () => {
  test.each([
    {
      name: 'defaults',
      inputs: inputsWith(),
      expected: [
        'build',
        '--label',
        'org.opencontainers.image.revision=abc123',
        '--tag',
        `${image}:abc123`,
        '--iidfile',
        '/tmp/iid',
        '.',
      ],
    },
    {
      name: 'dockerfile, build args, target, one platform, no-cache, two tags',
      inputs: inputsWith({
        dockerfile: 'Dockerfile.prod',
        buildArgs: [{ key: 'V', value: '1' }],
        labels: [],
        target: 'prod',
        platforms: ['linux/arm64'],
        noCache: true,
        tags: ['a', 'b'],
      }),
      expected: [
        'build',
        '--file',
        'Dockerfile.prod',
        '--build-arg',
        'V=1',
        '--target',
        'prod',
        '--no-cache',
        '--tag',
        `${image}:a`,
        '--tag',
        `${image}:b`,
        '--platform',
        'linux/arm64',
        '--iidfile',
        '/tmp/iid',
        '.',
      ],
    },
  ])('$name', ({ inputs, expected }) => {
    expect(classicBuildArgs(inputs, target)).toEqual(expected);
  });

  test('push names one tag', () => {
    expect(classicPushArgs(image, 'v1')).toEqual(['push', `${image}:v1`]);
  });
});

describe('checkBuilderSupports', () => {
  test.each([
    {
      builder: 'classic' as const,
      inputs: inputsWith({ secrets: [{ key: 's', value: 'v' }] }),
      reason: 'secrets-unsupported',
    },
    {
      builder: 'classic' as const,
      inputs: inputsWith({ platforms: ['linux/amd64', 'linux/arm64'] }),
      reason: 'platforms-unsupported',
    },
    { builder: 'classic' as const, inputs: inputsWith({ platforms: ['linux/arm64'] }), reason: undefined },
    {
      builder: 'buildx' as const,
      inputs: inputsWith({ secrets: [{ key: 's', value: 'v' }], platforms: ['linux/amd64', 'linux/arm64'] }),
      reason: undefined,
    },
    {
      builder: 'buildx' as const,
      buildx: containerBuilder,
      inputs: inputsWith({ platforms: ['linux/amd64', 'linux/arm64'] }),
      reason: undefined,
    },
    {
      builder: 'buildx' as const,
      buildx: dockerDriver,
      inputs: inputsWith({ platforms: ['linux/amd64', 'linux/arm64'] }),
      reason: 'platforms-unsupported',
    },
    {
      builder: 'buildx' as const,
      buildx: dockerDriver,
      inputs: inputsWith({ platforms: ['linux/arm64'], secrets: [{ key: 's', value: 'v' }] }),
      reason: undefined,
    },
  ] as { builder: 'buildx' | 'classic'; buildx?: BuildxBuilder; inputs: Inputs; reason?: string }[])(
    '$builder $buildx.driver, reason $reason',
    ({ builder, buildx, inputs, reason }) => {
      if (!reason) return expect(() => checkBuilderSupports(inputs, builder, buildx)).not.toThrow();
      let error: unknown;
      try {
        checkBuilderSupports(inputs, builder, buildx);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ActionFailure);
      expect(error).toMatchObject({ reason });
      expect((error as Error).message).not.toContain('v\n');
    },
  );
});

describe('cacheExportSkipped', () => {
  const ref = `${image}:buildcache`;
  test.each([
    { name: 'a builder that exports caches', inputs: inputsWith(), builder: containerBuilder, says: undefined },
    { name: 'the docker driver', inputs: inputsWith(), builder: dockerDriver, says: 'is read but not written' },
    { name: 'no-cache', inputs: inputsWith({ noCache: true }), builder: dockerDriver, says: 'is not written' },
    { name: 'cache false', inputs: inputsWith({ cache: false }), builder: dockerDriver, says: undefined },
    { name: 'push false (never writes)', inputs: inputsWith({ push: false }), builder: dockerDriver, says: undefined },
  ])('$name', ({ inputs, builder, says }) => {
    const note = cacheExportSkipped(inputs, builder, image);
    if (!says) return expect(note).toBeUndefined();
    expect(note).toContain(`'default' (docker driver) cannot export a build cache, so ${ref} ${says}`);
    expect(note).toContain('docker/setup-buildx-action');
  });
});
