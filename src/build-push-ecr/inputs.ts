import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { getAwsInputs, type AwsInputs } from '../../action-helpers/aws.js';
import { InputError } from '../../action-helpers/errors.js';
import { ecrRepositoryName, imageTag, type Format } from '../../action-helpers/formats.js';
import { getBoolean, getDuration, getEnum, getList, getString, splitList } from '../../action-helpers/inputs.js';

export const builders = ['docker', 'codebuild'] as const;
export const mutabilities = ['IMMUTABLE', 'MUTABLE'] as const;
export const codebuildSources = ['s3', 'repository'] as const;
/** docker build --network for RUN steps: the builder's default, none (hermetic), host (the runner's services). */
export const networks = ['default', 'none', 'host'] as const;

export const revisionLabel = 'org.opencontainers.image.revision';

export interface KeyValue {
  key: string;
  value: string;
}

export interface CodeBuildInputs {
  project?: string;
  source: (typeof codebuildSources)[number];
  bucket?: string;
  serviceRole?: string;
  image: string;
  computeType: string;
}

export interface Inputs {
  repository: string;
  context: string;
  /** The Dockerfile's path; undefined means Dockerfile in the context. */
  dockerfile?: string;
  tags: string[];
  buildArgs: KeyValue[];
  /** BuildKit secrets: id and value; the values are masked. */
  secrets: KeyValue[];
  /** Every label the image gets: the OCI source/revision/created ones, then the caller's. */
  labels: KeyValue[];
  target?: string;
  platforms: string[];
  network: (typeof networks)[number];
  push: boolean;
  noCache: boolean;
  cache: boolean;
  cacheTag: string;
  builder: (typeof builders)[number];
  buildTimeoutMs: number;
  codebuild: CodeBuildInputs;
  createRepository: boolean;
  imageTagMutability: (typeof mutabilities)[number];
  scanOnPush: boolean;
  /** The lifecycle policy document (JSON text), read from the file the input names. */
  lifecyclePolicy?: string;
  kmsKey?: string;
  /** host[:port] that replaces the ECR registry host for pushes and lookups (local stack, act). */
  registry?: string;
  /** The commit the image is built from, when known: what makes a re-run recognisable. */
  revision?: string;
  aws: AwsInputs;
}

const keyValueLine = (name: string, keyPattern: RegExp, keyAccepted: string) => (line: string) => {
  const eq = line.indexOf('=');
  const key = eq > 0 ? line.slice(0, eq).trim() : '';
  if (!keyPattern.test(key)) {
    // The value may be secret: only the key (or its absence) is shown.
    throw new InputError(
      name,
      `an item has no valid KEY before '='${key ? ` (${JSON.stringify(key)})` : ''}`,
      `KEY=VALUE lines, KEY being ${keyAccepted}`,
    );
  }
  return { key, value: line.slice(eq + 1) };
};

function getKeyValues(name: string, keyPattern: RegExp, keyAccepted: string): KeyValue[] {
  // Newlines only: values may contain commas.
  return splitList(core.getInput(name), false).map(keyValueLine(name, keyPattern, keyAccepted));
}

const buildArgKey = /^[A-Za-z_][A-Za-z0-9_]*$/;
const labelKey = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const secretId = /^[A-Za-z0-9_.-]+$/;

const platform: Format = {
  accepted: 'platforms such as linux/amd64 or linux/arm64/v8',
  test: (v) => /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(v),
};
const registryHost: Format = {
  accepted: 'a registry host[:port] such as 127.0.0.1:5050 or registry.example.com',
  test: (v) => /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/.test(v),
};
const dockerTarget: Format = { accepted: 'a build stage name', test: (v) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v) };
const codebuildProject: Format = {
  accepted: 'a CodeBuild project name: 2-255 letters, digits, - and _, starting with a letter or digit',
  test: (v) => /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/.test(v),
};
const s3Bucket: Format = {
  accepted: 'an S3 bucket name: 3-63 lowercase letters, digits, . and -',
  test: (v) => /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v),
};
const kmsKey: Format = {
  accepted: 'a KMS key id, alias/<name> or ARN',
  test: (v) => /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+|alias\/[\w/-]+|[a-f0-9-]{36})$/.test(v),
};
const anyLine: Format = { accepted: 'one line of text', test: (v) => !/[\r\n]/.test(v) };

function directory(name: string, value: string): string {
  const stat = statSync(value, { throwIfNoEntry: false });
  if (!stat?.isDirectory())
    throw new InputError(name, `${JSON.stringify(value)} is not a directory`, 'a directory of the checkout');
  return value;
}

function file(name: string, value: string): string {
  const stat = statSync(value, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new InputError(name, `${JSON.stringify(value)} is not a file`, 'a file of the checkout');
  return value;
}

function readLifecyclePolicy(): string | undefined {
  const policyFile = getString('lifecycle-policy');
  if (policyFile === undefined) return undefined;
  const text = readFileSync(file('lifecycle-policy', policyFile), 'utf8');
  let rules: unknown;
  try {
    rules = (JSON.parse(text) as { rules?: unknown }).rules;
  } catch {
    rules = undefined;
  }
  if (!Array.isArray(rules) || rules.length === 0) {
    throw new InputError(
      'lifecycle-policy',
      `${JSON.stringify(policyFile)} is not a lifecycle policy`,
      'a JSON file with a non-empty "rules" array (ECR lifecycle policy)',
    );
  }
  return text;
}

function ociLabels(revision: string | undefined, now: Date): KeyValue[] {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo } = process.env;
  const labels: KeyValue[] = [{ key: 'org.opencontainers.image.created', value: now.toISOString() }];
  if (server && repo) labels.push({ key: 'org.opencontainers.image.source', value: `${server}/${repo}` });
  if (revision) labels.push({ key: revisionLabel, value: revision });
  return labels;
}

/** Reads and validates every input; nothing else happens before this returns. */
export function readInputs(now = new Date()): Inputs {
  const repository = getString('repository', { required: true, format: ecrRepositoryName });
  const context = directory('context', getString('context', { default: '.' }));
  const dockerfileInput = getString('dockerfile');
  const dockerfile = file('dockerfile', dockerfileInput ?? path.join(context, 'Dockerfile'));

  const revision = process.env.GITHUB_SHA || undefined;
  const tags = getList('tags', { format: imageTag });
  if (tags.length === 0) {
    if (!revision) throw new InputError('tags', 'a value is required when GITHUB_SHA is not set', imageTag.accepted);
    tags.push(revision);
  }
  const userLabels = getKeyValues('labels', labelKey, 'letters, digits, . _ / -');
  if (userLabels.some((l) => l.key === revisionLabel)) {
    throw new InputError('labels', `${revisionLabel} is set by the action from GITHUB_SHA`, 'other labels');
  }

  const builder = getEnum('builder', builders, 'docker');
  const codebuild: CodeBuildInputs = {
    project: getString('codebuild-project', { format: codebuildProject }),
    source: getEnum('codebuild-source', codebuildSources, 's3'),
    bucket: getString('codebuild-bucket', { format: s3Bucket }),
    serviceRole: getString('codebuild-service-role'),
    image: getString('codebuild-image', { default: 'aws/codebuild/standard:7.0', format: anyLine }),
    computeType: getString('codebuild-compute-type', {
      default: 'BUILD_GENERAL1_SMALL',
      format: {
        accepted: 'a CodeBuild compute type such as BUILD_GENERAL1_MEDIUM',
        test: (v) => /^[A-Z0-9_]+$/.test(v),
      },
    }),
  };

  const inputs: Inputs = {
    repository,
    context,
    dockerfile: dockerfileInput === undefined ? undefined : dockerfile,
    tags: [...new Set(tags)],
    buildArgs: getKeyValues('build-args', buildArgKey, 'a build argument name'),
    secrets: getKeyValues('secrets', secretId, 'a secret id (letters, digits, _ . -)'),
    labels: [...ociLabels(revision, now), ...userLabels],
    target: getString('target', { format: dockerTarget }),
    platforms: getList('platforms', { format: platform }),
    network: getEnum('network', networks, 'default'),
    push: getBoolean('push', true),
    noCache: getBoolean('no-cache', false),
    cache: getBoolean('cache', true),
    cacheTag: getString('cache-tag', { default: 'buildcache', format: imageTag }),
    builder,
    buildTimeoutMs: getDuration('build-timeout', 60 * 60_000, { maxMs: 8 * 3_600_000 }),
    codebuild,
    createRepository: getBoolean('create-repository', false),
    imageTagMutability: getEnum('image-tag-mutability', mutabilities, 'IMMUTABLE'),
    scanOnPush: getBoolean('scan-on-push', true),
    lifecyclePolicy: readLifecyclePolicy(),
    kmsKey: getString('kms-key', { format: kmsKey }),
    registry: getString('registry', { format: registryHost }),
    revision,
    aws: getAwsInputs(),
  };
  for (const secret of inputs.secrets) core.setSecret(secret.value);
  if (builder === 'codebuild') checkCodeBuildInputs(inputs);
  return inputs;
}

function checkCodeBuildInputs(inputs: Inputs): void {
  const { codebuild } = inputs;
  if (inputs.secrets.length > 0) {
    // A CodeBuild environment variable would show a secret to anyone who can read the build.
    throw new InputError(
      'secrets',
      'not supported with builder codebuild',
      'no secrets; give the CodeBuild project Secrets Manager variables instead',
    );
  }
  if (codebuild.source === 's3' && !codebuild.bucket) {
    throw new InputError('codebuild-bucket', 'a value is required with codebuild-source s3', s3Bucket.accepted);
  }
  if (codebuild.source === 'repository' && !codebuild.project) {
    throw new InputError(
      'codebuild-project',
      'a value is required with codebuild-source repository',
      'a project whose source is this repository',
    );
  }
  if (codebuild.source === 'repository' && !inputs.revision) {
    throw new InputError(
      'codebuild-source',
      'repository needs GITHUB_SHA to name the commit',
      's3, or run inside a GitHub Actions job',
    );
  }
  if (!codebuild.project && !codebuild.serviceRole) {
    throw new InputError(
      'codebuild-service-role',
      'a value is required when codebuild-project is not set (the action creates a project)',
      'an IAM role ARN CodeBuild can assume',
    );
  }
  if (inputs.network !== 'default') {
    throw new InputError('network', 'only the docker builder takes it', 'default with builder codebuild');
  }
  if (inputs.platforms.length > 1) {
    throw new InputError(
      'platforms',
      'builder codebuild builds one platform',
      'a single platform, or builder docker with buildx',
    );
  }
  const relative = path.relative(inputs.context, inputs.dockerfile ?? path.join(inputs.context, 'Dockerfile'));
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new InputError(
      'dockerfile',
      'must be inside the context with builder codebuild (only the context is uploaded)',
      'a Dockerfile inside the context',
    );
  }
}
