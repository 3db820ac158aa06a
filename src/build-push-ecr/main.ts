import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { ECRClient } from '@aws-sdk/client-ecr';
import { S3Client } from '@aws-sdk/client-s3';
import { connectAws, type AwsSession } from '../../action-helpers/aws.js';
import { ActionFailure } from '../../action-helpers/errors.js';
import { ecrCredentials } from '../../action-helpers/registry.js';
import { imageConfig, RegistryClient, type StoredManifest } from '../../action-helpers/registry-api.js';
import { startBuildRequest, sourceKey } from './codebuild-plan.js';
import { ensureProject, runBuild, uploadContext, zipContext } from './codebuild-run.js';
import { inspectBuildx, type BuildxBuilder } from './buildx-builder.js';
import { cacheExportSkipped, checkBuilderSupports } from './docker-args.js';
import { DockerSession, detectDockerBuilder, dockerBuild } from './docker-builder.js';
import { decide, readTagStates } from './idempotency.js';
import { readInputs, revisionLabel, type Inputs } from './inputs.js';
import { ensureRepository } from './repository.js';
import { putImageTags as recordInEcr } from '../../action-helpers/ecr-images.js';
import { conflictMessage, reportResult } from './report.js';

/** Cancelling the job sends SIGINT/SIGTERM: running builds are stopped rather than left behind. */
function cancelOnSignals(): AbortController {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
  return controller;
}

export async function run(): Promise<void> {
  const inputs = readInputs();
  const cancel = cancelOnSignals();
  const dockerBuilder = inputs.builder === 'docker' ? await detectDockerBuilder(cancel.signal) : undefined;
  const buildx = dockerBuilder === 'buildx' ? await inspectBuildx(cancel.signal) : undefined;
  if (dockerBuilder) checkBuilderSupports(inputs, dockerBuilder, buildx);

  const session = await connectAws(inputs.aws);
  const ecr = session.client(ECRClient);
  const repository = inputs.push ? await ensureRepository(ecr, inputs, inputs.aws.region) : undefined;
  const credentials = await ecrCredentials(session);
  // With `registry`, the ECR token stays with ECR: the stand-in registry gets no credentials.
  const registryHost = inputs.registry ?? credentials.registry;
  const registry = new RegistryClient(registryHost, {
    authorization: inputs.registry
      ? undefined
      : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
  });
  const imageName = `${registryHost}/${inputs.repository}`;
  const builderName = buildx
    ? `docker (buildx, ${buildx.driver} driver)`
    : dockerBuilder
      ? `docker (${dockerBuilder})`
      : 'codebuild';
  const notes: string[] = [];
  const report = (manifest: StoredManifest | undefined, skipped: boolean, buildSeconds: number) =>
    reportResult({ inputs, registryHost, imageName, manifest, skipped, buildSeconds, builder: builderName, notes });

  if (repository) {
    const decision = decide(
      await readTagStates(registry, inputs.repository, inputs.tags),
      inputs.revision,
      repository.immutable,
    );
    switch (decision.kind) {
      case 'skip':
        core.info(
          `${imageName} already holds ${inputs.tags.join(', ')} built from ${inputs.revision}: nothing to build.`,
        );
        if (inputs.registry) await recordInEcr(ecr, inputs.repository, decision.manifest, inputs.tags);
        return report(decision.manifest, true, 0);
      case 'retag':
        core.info(
          `${decision.manifest.digest} was built from ${inputs.revision}; adding tags ${decision.missingTags.join(', ')}.`,
        );
        for (const tag of decision.missingTags) await registry.putManifest(inputs.repository, tag, decision.manifest);
        if (inputs.registry) await recordInEcr(ecr, inputs.repository, decision.manifest, inputs.tags);
        return report(decision.manifest, true, 0);
      case 'conflict':
        throw new ActionFailure(conflictMessage(inputs, decision), 'tag-conflict');
      case 'build':
        break;
    }
  }

  const started = Date.now();
  let pushedDigest: string | undefined;
  if (dockerBuilder) {
    const cacheNote = buildx && cacheExportSkipped(inputs, buildx, `${imageName}:${inputs.cacheTag}`);
    if (cacheNote) {
      core.notice(cacheNote);
      notes.push(cacheNote);
    }
    pushedDigest = await buildWithDocker(inputs, buildx, imageName, credentials, cancel.signal);
  } else {
    await buildWithCodeBuild(inputs, session, registryHost, cancel.signal);
  }
  const buildSeconds = Math.round((Date.now() - started) / 100) / 10;
  if (!inputs.push) return report(undefined, false, buildSeconds);

  const manifest = await registry.manifest(inputs.repository, inputs.tags[0]!);
  if (!manifest)
    throw new ActionFailure(
      `The build finished but ${imageName}:${inputs.tags[0]} is not in the registry.`,
      'image-missing',
    );
  if (pushedDigest && pushedDigest !== manifest.digest) {
    throw new ActionFailure(
      `${imageName}:${inputs.tags[0]} points at ${manifest.digest}, not at ${pushedDigest} that this build pushed: another job moved the tag meanwhile.`,
      'tag-conflict',
    );
  }
  if (!dockerBuilder && inputs.revision) {
    // CodeBuild reports only a status: the image's revision label proves this build pushed it.
    const revision = (await imageConfig(registry, inputs.repository, manifest))?.config?.Labels?.[revisionLabel];
    if (revision !== inputs.revision) {
      throw new ActionFailure(
        `CodeBuild succeeded, but ${imageName}:${inputs.tags[0]} (${manifest.digest}) was built from ${revision ?? 'an unknown commit'}, not ${inputs.revision}.`,
        'image-missing',
      );
    }
  }
  if (inputs.registry) await recordInEcr(ecr, inputs.repository, manifest, inputs.tags);
  return report(manifest, false, buildSeconds);
}

async function buildWithDocker(
  inputs: Inputs,
  buildx: BuildxBuilder | undefined,
  imageName: string,
  credentials: Awaited<ReturnType<typeof ecrCredentials>>,
  signal: AbortSignal,
): Promise<string | undefined> {
  const docker = new DockerSession();
  try {
    // buildx reads its registry cache even without push; the classic builder needs no login to build.
    if (!inputs.registry && (inputs.push || buildx)) await docker.login(credentials);
    return (await dockerBuild(inputs, buildx, imageName, docker, signal)).digest;
  } finally {
    docker.dispose();
  }
}

async function buildWithCodeBuild(
  inputs: Inputs,
  session: AwsSession,
  registryHost: string,
  signal: AbortSignal,
): Promise<void> {
  let s3Location: string | undefined;
  if (inputs.codebuild.source === 's3') {
    const zip = zipContext(inputs.context);
    const key = sourceKey(inputs.repository, zip);
    const uploaded = await uploadContext(session.client(S3Client), inputs.codebuild.bucket!, key, zip);
    s3Location = `${inputs.codebuild.bucket}/${key}`;
    core.info(`${uploaded ? 'Uploaded' : 'Reusing'} the build context s3://${s3Location} (${zip.byteLength} bytes).`);
  }
  const codebuild = session.client(CodeBuildClient);
  const project = await ensureProject(codebuild, inputs, s3Location ?? '');
  const request = startBuildRequest(inputs, project.name, registryHost, { s3Location, idempotencyToken: randomUUID() });
  await runBuild(codebuild, session.client(CloudWatchLogsClient), request, project, {
    timeoutMs: inputs.buildTimeoutMs,
    signal,
  });
}
