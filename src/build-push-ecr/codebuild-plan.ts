import { createHash } from 'node:crypto';
import path from 'node:path';
import type {
  ComputeType,
  CreateProjectCommandInput,
  EnvironmentVariable,
  StartBuildCommandInput,
} from '@aws-sdk/client-codebuild';
import type { Inputs } from './inputs.js';

/**
 * The CodeBuild side as data: the project the action creates when none is named, the build it
 * starts, and the buildspec every build runs. Each value the caller gave reaches the build as an
 * environment variable that the buildspec only ever expands inside double quotes, so it stays data.
 */

export const buildspec = `version: 0.2
env:
  shell: bash
phases:
  pre_build:
    commands:
      - aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$BPE_REGISTRY"
  build:
    commands:
      - |
        set -euo pipefail
        args=()
        while IFS= read -r tag; do [ -z "$tag" ] || args+=(--tag "$BPE_REGISTRY/$BPE_REPOSITORY:$tag"); done <<<"$BPE_TAGS"
        while IFS= read -r arg; do [ -z "$arg" ] || args+=(--build-arg "$arg"); done <<<"$BPE_BUILD_ARGS"
        while IFS= read -r label; do [ -z "$label" ] || args+=(--label "$label"); done <<<"$BPE_LABELS"
        [ -z "$BPE_TARGET" ] || args+=(--target "$BPE_TARGET")
        [ -z "$BPE_PLATFORM" ] || args+=(--platform "$BPE_PLATFORM")
        [ "$BPE_NO_CACHE" != true ] || args+=(--no-cache)
        docker build --file "$BPE_DOCKERFILE" "\${args[@]}" .
        while IFS= read -r tag; do [ -z "$tag" ] || docker push "$BPE_REGISTRY/$BPE_REPOSITORY:$tag"; done <<<"$BPE_TAGS"
`;

/** The project the action creates (and reuses) for a repository when codebuild-project is not set. */
export function defaultProjectName(repository: string): string {
  return `build-push-ecr-${repository.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 150);
}

export function logGroupName(project: string): string {
  return `/aws/codebuild/${project}`;
}

/** Content-addressed, so the same context is uploaded once however often a job re-runs. */
export function sourceKey(repository: string, zip: Uint8Array): string {
  return `build-push-ecr/${repository}/${createHash('sha256').update(zip).digest('hex')}.zip`;
}

export function createProjectRequest(
  inputs: Inputs,
  project: string,
  sourceLocation: string,
): CreateProjectCommandInput {
  return {
    name: project,
    description: `Builds and pushes ${inputs.repository} for build-push-ecr`,
    source: { type: 'S3', location: sourceLocation, buildspec },
    artifacts: { type: 'NO_ARTIFACTS' },
    environment: {
      type: 'LINUX_CONTAINER',
      image: inputs.codebuild.image,
      computeType: inputs.codebuild.computeType as ComputeType,
      // Docker-in-Docker needs it; the build runs the caller's Dockerfile and nothing else.
      privilegedMode: true,
    },
    serviceRole: inputs.codebuild.serviceRole,
    timeoutInMinutes: Math.max(5, Math.min(480, Math.ceil(inputs.buildTimeoutMs / 60_000))),
    logsConfig: { cloudWatchLogs: { status: 'ENABLED', groupName: logGroupName(project) } },
    tags: [{ key: 'managed-by', value: 'build-push-ecr' }],
  };
}

export function buildEnvironment(inputs: Inputs, registryHost: string): EnvironmentVariable[] {
  const dockerfile = path.relative(inputs.context, inputs.dockerfile ?? path.join(inputs.context, 'Dockerfile'));
  const vars: Record<string, string> = {
    BPE_REGISTRY: registryHost,
    BPE_REPOSITORY: inputs.repository,
    BPE_TAGS: inputs.tags.join('\n'),
    BPE_BUILD_ARGS: inputs.buildArgs.map(({ key, value }) => `${key}=${value}`).join('\n'),
    BPE_LABELS: inputs.labels.map(({ key, value }) => `${key}=${value}`).join('\n'),
    BPE_TARGET: inputs.target ?? '',
    BPE_PLATFORM: inputs.platforms[0] ?? '',
    BPE_NO_CACHE: String(inputs.noCache),
    BPE_DOCKERFILE: dockerfile.split(path.sep).join('/'),
  };
  return Object.entries(vars).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' }));
}

export interface SourceChoice {
  /** The uploaded context zip, for codebuild-source s3: bucket/key and the exact object version. */
  s3?: { location: string; versionId: string };
  /** One per action run (a random UUID). */
  idempotencyToken: string;
}

export function startBuildRequest(
  inputs: Inputs,
  project: string,
  registryHost: string,
  source: SourceChoice,
): StartBuildCommandInput {
  const request: StartBuildCommandInput = {
    projectName: project,
    buildspecOverride: buildspec,
    environmentVariablesOverride: buildEnvironment(inputs, registryHost),
    privilegedModeOverride: true,
    timeoutInMinutesOverride: Math.max(5, Math.min(480, Math.ceil(inputs.buildTimeoutMs / 60_000))),
    // The SDK retries a StartBuild whose response was lost with the same token: one build, not two.
    idempotencyToken: source.idempotencyToken,
  };
  if (source.s3) {
    request.sourceTypeOverride = 'S3';
    request.sourceLocationOverride = source.s3.location;
    // For an S3 source, the object version the build downloads.
    request.sourceVersion = source.s3.versionId;
  } else {
    request.sourceVersion = inputs.revision;
  }
  return request;
}
