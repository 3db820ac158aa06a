import type { ActionContract } from '../../support/contract.js';
import { readInputs, type Inputs } from '../../../src/build-push-ecr/inputs.js';
import { reasons } from '../../../src/build-push-ecr/reasons.js';
import { outputsOf, type Outcome } from '../../../src/build-push-ecr/report.js';
import { inputsWith } from './fixtures.js';

const sha = '0123456789abcdef0123456789abcdef01234567';

export const contract: ActionContract<Inputs, Outcome> = {
  readInputs: () => readInputs(),
  sampleInputs: {
    repository: 'team/api',
    context: 'test/fixtures/build-push-ecr/app',
    dockerfile: 'test/fixtures/build-push-ecr/app/Dockerfile',
    tags: 'v1',
    'build-args': 'A=1',
    secrets: 'npm=token',
    labels: 'team=payments',
    target: 'build',
    platforms: 'linux/amd64',
    network: 'none',
    push: 'true',
    'no-cache': 'false',
    cache: 'true',
    'cache-tag': 'buildcache',
    builder: 'docker',
    'build-timeout': '30m',
    'codebuild-project': 'p1',
    'codebuild-source': 's3',
    'codebuild-bucket': 'ctx-bucket',
    'codebuild-service-role': 'arn:aws:iam::123456789012:role/cb',
    'codebuild-image': 'aws/codebuild/standard:7.0',
    'codebuild-compute-type': 'BUILD_GENERAL1_SMALL',
    'create-repository': 'true',
    'image-tag-mutability': 'IMMUTABLE',
    'scan-on-push': 'true',
    'lifecycle-policy': 'test/fixtures/build-push-ecr/lifecycle-policy.json',
    'kms-key': 'alias/ecr',
    'evidence-signing-key': 'alias/evidence',
    'dry-run': 'true',
    registry: '127.0.0.1:5050',
    'aws-region': 'eu-west-1',
    'role-to-assume': 'arn:aws:iam::123456789012:role/build',
    'role-session-name': 'build',
    'role-duration-seconds': '3600',
    audience: 'sts.amazonaws.com',
    'allowed-account-ids': '123456789012',
  },
  sampleEnv: { GITHUB_WORKSPACE: process.cwd(), GITHUB_SHA: sha },
  outputsOf,
  sampleOutcome: { inputs: inputsWith(), done: [] },
  reasons,
};
