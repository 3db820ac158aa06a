import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { getAwsInputs, type AwsInputs } from '../../action-helpers/aws.js';
import { InputError } from '../../action-helpers/errors.js';
import { ecrRepositoryName, imageTag, type Format, kmsKeyId, registryHost } from '../../action-helpers/formats.js';
import {
  getBoolean,
  getDuration,
  getEnum,
  getKeyValueList,
  getList,
  getPath,
  getString,
  splitList,
  type KeyValue,
} from '../../action-helpers/inputs.js';
import { cacheScope, type CacheScope } from './cache-scope.js';

export type { KeyValue };

export const builders = ['docker', 'codebuild'] as const;
export const mutabilities = ['IMMUTABLE', 'MUTABLE'] as const;
export const codebuildSources = ['s3', 'repository'] as const;
/** docker build --network for RUN steps: the builder's default, none (hermetic), host (the runner's services). */
export const networks = ['default', 'none', 'host'] as const;

export const revisionLabel = 'org.opencontainers.image.revision';

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
  /** Absolute, inside the workspace. */
  context: string;
  /** The Dockerfile's absolute path; undefined means Dockerfile in the context. */
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
  /** Which cache tags this run reads and writes, by how far its ref is trusted. */
  cacheScope: CacheScope;
  builder: (typeof builders)[number];
  buildTimeoutMs: number;
  codebuild: CodeBuildInputs;
  createRepository: boolean;
  imageTagMutability: (typeof mutabilities)[number];
  scanOnPush: boolean;
  /** The lifecycle policy document (JSON text), read from the file the input names. */
  lifecyclePolicy?: string;
  kmsKey?: string;
  /** KMS key that signs (and must have signed) the build records the skip decision trusts. */
  evidenceSigningKey?: string;
  /** host[:port] that replaces the ECR registry host for pushes and lookups (local stack, act). */
  registry?: string;
  /** Validate, decide and print the plan; change nothing. */
  dryRun: boolean;
  /** The commit the image is built from, when known: what makes a re-run recognisable. */
  revision?: string;
  aws: AwsInputs;
}

const buildArgKey: Format = { accepted: 'a build argument name', test: (v) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) };
const labelKey: Format = {
  accepted: 'a label key of letters, digits, . _ / -',
  test: (v) => /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(v),
};
const secretId = /^[A-Za-z0-9_.-]+$/;

const platform: Format = {
  accepted: 'platforms such as linux/amd64 or linux/arm64/v8',
  test: (v) => /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(v),
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
const iamRole: Format = {
  accepted: 'an IAM role ARN CodeBuild can assume',
  test: (v) => /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(v),
};
const codebuildImage: Format = {
  accepted: 'a build image such as aws/codebuild/standard:7.0 or an ECR image URI',
  test: (v) => /^[A-Za-z0-9][\w.:/@-]{0,254}$/.test(v),
};

/** The environment variable a BuildKit secret's value travels in: never argv, never a build arg. */
export function secretEnvName(id: string): string {
  return `BUILD_PUSH_ECR_SECRET_${id.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()}`;
}

/**
 * `id=value` lines. Not getKeyValueList: its errors quote the line, and here the value is a secret.
 * Each value is masked before anything else happens. Two ids that name one environment variable
 * (`a.b`, `a_b`, `A-B`) would silently replace each other's value: refused.
 */
function readSecrets(): KeyValue[] {
  const accepted = 'id=value lines, the id of letters, digits, _ . - (ids must differ beyond case and punctuation)';
  const lines = splitList(core.getInput('secrets'), false);
  for (const line of lines) if (line.includes('=')) core.setSecret(line.slice(line.indexOf('=') + 1));
  const byVariable = new Map<string, string>();
  return lines.map((line) => {
    const at = line.indexOf('=');
    const key = at > 0 ? line.slice(0, at).trim() : '';
    if (!secretId.test(key)) {
      throw new InputError(
        'secrets',
        `an item has no valid id before '='${key ? ` (${JSON.stringify(key)})` : ''}`,
        accepted,
      );
    }
    const variable = secretEnvName(key);
    const other = byVariable.get(variable);
    if (other !== undefined) {
      throw new InputError('secrets', `ids ${JSON.stringify(other)} and ${JSON.stringify(key)} collide`, accepted);
    }
    byVariable.set(variable, key);
    return { key, value: line.slice(at + 1) };
  });
}

function readLifecyclePolicy(): string | undefined {
  const policyFile = getPath('lifecycle-policy', { kind: 'file' });
  if (policyFile === undefined) return undefined;
  const text = readFileSync(policyFile, 'utf8');
  let rules: unknown;
  try {
    rules = (JSON.parse(text) as { rules?: unknown }).rules;
  } catch {
    rules = undefined;
  }
  if (!Array.isArray(rules) || rules.length === 0) {
    throw new InputError(
      'lifecycle-policy',
      `${JSON.stringify(core.getInput('lifecycle-policy'))} is not a lifecycle policy`,
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
  const secrets = readSecrets();
  const repository = getString('repository', { required: true, format: ecrRepositoryName });
  const context = getPath('context', { kind: 'directory', default: '.' });
  const dockerfile = getPath('dockerfile', { kind: 'file' });
  if (dockerfile === undefined && !statSync(path.join(context, 'Dockerfile'), { throwIfNoEntry: false })?.isFile()) {
    throw new InputError('dockerfile', 'the context has no Dockerfile', 'a Dockerfile of the workspace');
  }
  const revision = process.env.GITHUB_SHA || undefined;
  const tags = getList('tags', { format: imageTag });
  if (tags.length === 0) {
    if (!revision) throw new InputError('tags', 'a value is required when GITHUB_SHA is not set', imageTag.accepted);
    tags.push(revision);
  }
  const userLabels = getKeyValueList('labels', { keyFormat: labelKey });
  if (userLabels.some((l) => l.key === revisionLabel)) {
    throw new InputError('labels', `${revisionLabel} is set by the action from GITHUB_SHA`, 'other labels');
  }
  const cacheTag = getString('cache-tag', { default: 'buildcache', format: imageTag });
  const cacheTagged = tags.find((tag) => tag.startsWith(cacheTag));
  if (cacheTagged) {
    // Cache tags stay mutable in an immutable repository (an exclusion filter): an image tag there could move.
    throw new InputError(
      'tags',
      `${JSON.stringify(cacheTagged)} starts with the cache tag ${cacheTag}`,
      'tags that do not start with cache-tag',
    );
  }

  const builder = getEnum('builder', builders, 'docker');
  const codebuild: CodeBuildInputs = {
    project: getString('codebuild-project', { format: codebuildProject }),
    source: getEnum('codebuild-source', codebuildSources, 's3'),
    bucket: getString('codebuild-bucket', { format: s3Bucket }),
    serviceRole: getString('codebuild-service-role', { format: iamRole }),
    image: getString('codebuild-image', { default: 'aws/codebuild/standard:7.0', format: codebuildImage }),
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
    dockerfile,
    tags: [...new Set(tags)],
    buildArgs: getKeyValueList('build-args', { keyFormat: buildArgKey }),
    secrets,
    labels: [...ociLabels(revision, now), ...userLabels],
    target: getString('target', { format: dockerTarget }),
    platforms: getList('platforms', { format: platform }),
    network: getEnum('network', networks, 'default'),
    push: getBoolean('push', true),
    noCache: getBoolean('no-cache', false),
    cache: getBoolean('cache', true),
    cacheTag,
    cacheScope: cacheScope(cacheTag, process.env),
    builder,
    buildTimeoutMs: getDuration('build-timeout', 60 * 60_000, { maxMs: 8 * 3_600_000 }),
    codebuild,
    createRepository: getBoolean('create-repository', false),
    imageTagMutability: getEnum('image-tag-mutability', mutabilities, 'IMMUTABLE'),
    scanOnPush: getBoolean('scan-on-push', true),
    lifecyclePolicy: readLifecyclePolicy(),
    kmsKey: getString('kms-key', { format: kmsKeyId }),
    evidenceSigningKey: getString('evidence-signing-key', { format: kmsKeyId }),
    registry: getString('registry', { format: registryHost }),
    dryRun: getBoolean('dry-run', false),
    revision,
    aws: getAwsInputs(),
  };
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
      iamRole.accepted,
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
