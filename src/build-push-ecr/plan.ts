import type { EnvironmentVariable } from '@aws-sdk/client-codebuild';
import { ActionFailure } from '../../action-helpers/errors.js';
import type { BuildxBuilder } from './buildx-builder.js';
import type { ContextZip } from './context-zip.js';
import { buildEnvironment, defaultProjectName } from './codebuild-plan.js';
import {
  buildxArgs,
  cacheExportSkipped,
  checkBuilderSupports,
  classicBuildArgs,
  classicPushArgs,
  type DockerBuilder,
} from './docker-args.js';
import { decide, type Decision, type TagState } from './idempotency.js';
import type { Inputs } from './inputs.js';
import { isImmutable, type RepositoryState } from './repository.js';

/** What exists before anything changes: read by survey.ts, the input of the pure plan. */
export interface Found {
  registryHost: string;
  /** The runner's Docker, with builder docker. */
  docker?: { builder: DockerBuilder; buildx?: BuildxBuilder };
  /** The repository, with push (builds without push look nothing up). */
  repository?: RepositoryState;
  /** Each target tag in the registry, with the commit its image is proven built from. */
  tags: TagState[];
  /** The step's own Docker config folder: where buildx writes its metadata, the classic builder its image id. */
  workDir: string;
  /** The context zipped for CodeBuild (codebuild-source s3), and its content-addressed key. */
  contextZip?: ContextZip & { key: string };
}

export type Work =
  | {
      kind: 'docker';
      builder: DockerBuilder;
      /** docker login first (ECR credentials; none for a stand-in registry). */
      login: boolean;
      build: string[];
      /** `docker push` per tag, for the classic builder (buildx pushes by itself). */
      pushes: string[][];
      metadataFile: string;
    }
  | {
      kind: 'codebuild';
      project: string;
      environment: EnvironmentVariable[];
      /** The zip to upload (codebuild-source s3). */
      contextZip?: ContextZip & { key: string };
    };

export interface Plan {
  registryHost: string;
  /** host[:port]/repository, without a tag. */
  imageName: string;
  builderName: string;
  createRepository: boolean;
  /** skip, retag or build; a conflict is refused here, before anything happens. */
  decision: Exclude<Decision, { kind: 'conflict' }>;
  /** How the image is built, when it is. */
  work?: Work;
  /** What the caller should know about how it is built (e.g. a cache that is not written). */
  notes: string[];
}

export function planOf(inputs: Inputs, found: Found): Plan {
  const imageName = `${found.registryHost}/${inputs.repository}`;
  const { docker } = found;
  if (docker) checkBuilderSupports(inputs, docker.builder, docker.buildx);
  const decision = found.repository
    ? decide(found.tags, inputs.revision, isImmutable(found.repository, inputs))
    : ({ kind: 'build' } as const);
  if (decision.kind === 'conflict') throw new ActionFailure(conflictMessage(inputs, decision), 'tag-conflict');
  const notes: string[] = [];
  const plan: Plan = {
    registryHost: found.registryHost,
    imageName,
    builderName: builderName(docker),
    createRepository: found.repository?.exists === false,
    decision,
    notes,
  };
  if (decision.kind !== 'build') return plan;
  if (!docker) {
    const project = inputs.codebuild.project ?? defaultProjectName(inputs.repository);
    plan.work = {
      kind: 'codebuild',
      project,
      environment: buildEnvironment(inputs, found.registryHost),
      contextZip: found.contextZip,
    };
    return plan;
  }
  const target = {
    imageName,
    metadataFile: `${found.workDir}/metadata.json`,
    iidFile: `${found.workDir}/iid`,
  };
  const { buildx } = docker;
  const cacheNote = buildx && cacheExportSkipped(inputs, buildx, imageName);
  if (cacheNote) notes.push(cacheNote);
  plan.work = {
    kind: 'docker',
    builder: docker.builder,
    // buildx reads its registry cache even without push; the classic builder needs no login to build.
    login: !inputs.registry && (inputs.push || Boolean(buildx)),
    build: buildx ? buildxArgs(inputs, target, buildx) : classicBuildArgs(inputs, target),
    pushes: !buildx && inputs.push ? inputs.tags.map((tag) => classicPushArgs(imageName, tag)) : [],
    metadataFile: target.metadataFile,
  };
  return plan;
}

function builderName(docker: Found['docker']): string {
  if (!docker) return 'codebuild';
  return docker.buildx ? `docker (buildx, ${docker.buildx.driver} driver)` : `docker (${docker.builder})`;
}

export function conflictMessage(inputs: Inputs, conflict: Extract<Decision, { kind: 'conflict' }>): string {
  const built = conflict.existingRevision
    ? `built from ${conflict.existingRevision}`
    : 'with no build record of this action for it';
  const ours = inputs.revision ? `commit ${inputs.revision}` : 'an unknown commit (GITHUB_SHA is not set)';
  return (
    `Tag '${conflict.tag}' in immutable repository ${inputs.repository} already points at ${conflict.existingDigest} (${built}); ` +
    `this run builds ${ours}, a different image, and ECR will not move an immutable tag. Nothing was built or pushed. ` +
    `Use a tag unique to the commit (the default, the commit SHA), or a MUTABLE repository.`
  );
}

/** The plan in words and argv, for the log and a dry run's summary. */
export function planLines(inputs: Inputs, plan: Plan): string[] {
  const lines: string[] = [];
  if (plan.createRepository)
    lines.push(`Create ECR repository ${inputs.repository} (${inputs.imageTagMutability} tags).`);
  if (inputs.createRepository && inputs.lifecyclePolicy)
    lines.push(`Apply the lifecycle policy to ${inputs.repository}.`);
  const { decision, work } = plan;
  if (decision.kind === 'skip') {
    lines.push(`Skip: ${plan.imageName} already holds ${inputs.tags.join(', ')} built from ${inputs.revision}.`);
  } else if (decision.kind === 'retag') {
    lines.push(
      `Retag: add ${decision.missingTags.join(', ')} to ${decision.manifest.digest}, built from ${inputs.revision}.`,
    );
  } else if (work?.kind === 'docker') {
    lines.push(`Build with ${plan.builderName}${inputs.push ? ` and push ${inputs.tags.join(', ')}` : ' (no push)'}:`);
    if (work.login) lines.push(`docker login ${plan.registryHost} (password on stdin)`);
    for (const argv of [work.build, ...work.pushes]) lines.push(`docker ${argv.join(' ')}`);
  } else if (work?.kind === 'codebuild') {
    lines.push(`Build with CodeBuild project ${work.project} (${inputs.codebuild.source} source):`);
    const zip = work.contextZip;
    if (zip)
      lines.push(
        `context: ${zip.files} files, ${zip.zip.byteLength} bytes zipped, s3://${inputs.codebuild.bucket}/${zip.key}`,
      );
    for (const variable of work.environment) lines.push(`${variable.name}=${JSON.stringify(variable.value)}`);
  }
  return lines;
}
