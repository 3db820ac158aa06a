import type { Inputs } from '../../../src/build-push-ecr/inputs.js';

/** A complete Inputs value with the defaults action.yml gives, for the plan functions' tests. */
export function inputsWith(overrides: Partial<Inputs> = {}): Inputs {
  return {
    repository: 'team/api',
    context: '.',
    tags: ['abc123'],
    buildArgs: [],
    secrets: [],
    labels: [{ key: 'org.opencontainers.image.revision', value: 'abc123' }],
    platforms: [],
    network: 'default',
    push: true,
    noCache: false,
    cache: true,
    cacheTag: 'buildcache',
    cacheScope: { read: ['buildcache'], write: 'buildcache', trust: 'no GitHub ref (a local run)' },
    builder: 'docker',
    buildTimeoutMs: 3_600_000,
    codebuild: {
      source: 's3',
      bucket: 'ctx-bucket',
      image: 'aws/codebuild/standard:7.0',
      computeType: 'BUILD_GENERAL1_SMALL',
    },
    createRepository: false,
    imageTagMutability: 'IMMUTABLE',
    scanOnPush: true,
    dryRun: false,
    revision: 'abc123',
    aws: {
      region: 'eu-west-1',
      roleSessionName: 'GitHubActions-1',
      roleDurationSeconds: 3600,
      audience: 'sts.amazonaws.com',
      allowedAccountIds: [],
    },
    ...overrides,
  };
}
