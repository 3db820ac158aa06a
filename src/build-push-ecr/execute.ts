import { ECRClient } from '@aws-sdk/client-ecr';
import type { AwsSession } from '../../action-helpers/aws.js';
import type { EcrRegistry } from '../../action-helpers/ecr-auth.js';
import { putImageTags } from '../../action-helpers/ecr-images.js';
import { ActionFailure } from '../../action-helpers/errors.js';
import type { StoredManifest } from '../../action-helpers/registry-api.js';
import { dockerBuild, type DockerSession } from './docker-builder.js';
import type { Inputs } from './inputs.js';
import type { Plan, Work } from './plan.js';
import { recordBuild, revisionOf } from './provenance.js';
import type { Outcome } from './report.js';
import { ensureRepository } from './repository.js';

export interface Connections {
  session: AwsSession;
  registry: EcrRegistry;
  docker?: DockerSession;
}

/** Carries out the plan, noting in `outcome` what is done as it goes. */
export async function execute(
  inputs: Inputs,
  plan: Plan,
  connections: Connections,
  outcome: Outcome,
  signal: AbortSignal,
): Promise<void> {
  const { session, registry } = connections;
  const ecr = session.client(ECRClient);
  if (inputs.push) outcome.done.push(...(await ensureRepository(ecr, inputs, plan.createRepository)));
  const { decision } = plan;
  if (decision.kind !== 'build') {
    if (decision.kind === 'retag') {
      for (const tag of decision.missingTags)
        await registry.client.putManifest(inputs.repository, tag, decision.manifest);
      outcome.done.push(`Added ${decision.missingTags.join(', ')} to ${decision.manifest.digest}.`);
    }
    await recordInEcr(inputs, ecr, decision.manifest);
    outcome.manifest = decision.manifest;
    outcome.skipped = true;
    return;
  }
  const started = Date.now();
  const work = plan.work!;
  const pushedDigest =
    work.kind === 'docker'
      ? await buildWithDocker(inputs, work, connections, signal)
      : // Loaded only for CodeBuild: its clients (S3, CodeBuild, CloudWatch Logs) are most of the bundle's start-up.
        await (await import('./codebuild-build.js')).buildWithCodeBuild(inputs, plan, work, session, outcome, signal);
  outcome.buildSeconds = Math.round((Date.now() - started) / 100) / 10;
  outcome.skipped = false;
  outcome.done.push(`Built with ${plan.builderName} in ${outcome.buildSeconds}s.`);
  if (!inputs.push) return;
  const manifest = await pushedManifest(inputs, plan, registry, work, pushedDigest);
  outcome.manifest = manifest;
  outcome.done.push(`Pushed ${inputs.tags.join(', ')} as ${manifest.digest}.`);
  // Independent writes after the push (ECR's API, the registry): side by side.
  const [, record] = await Promise.all([
    recordInEcr(inputs, ecr, manifest),
    recordBuild(registry.client, inputs, session, manifest),
  ]);
  if (record) outcome.done.push(`Wrote the build record ${record} for ${manifest.digest}.`);
}

/** With `registry`, ECR's API cannot see the stand-in registry: the tags are recorded in ECR too (PutImage). */
async function recordInEcr(inputs: Inputs, ecr: ECRClient, manifest: StoredManifest): Promise<void> {
  if (inputs.registry) await putImageTags(ecr, inputs.repository, manifest, inputs.tags);
}

async function buildWithDocker(
  inputs: Inputs,
  work: Extract<Work, { kind: 'docker' }>,
  { registry, docker }: Connections,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (work.login && registry.credentials) await docker!.login(registry.credentials, signal);
  return dockerBuild(work, inputs, docker!, signal);
}

/** The manifest the first tag names after the build, checked to be this build's. */
async function pushedManifest(
  inputs: Inputs,
  plan: Plan,
  registry: EcrRegistry,
  work: Work,
  pushedDigest: string | undefined,
): Promise<StoredManifest> {
  const tag = inputs.tags[0]!;
  const manifest = await registry.client.manifest(inputs.repository, tag);
  if (!manifest) {
    throw new ActionFailure(`The build finished but ${plan.imageName}:${tag} is not in the registry.`, 'image-missing');
  }
  if (pushedDigest && pushedDigest !== manifest.digest) {
    throw new ActionFailure(
      `${plan.imageName}:${tag} points at ${manifest.digest}, not at ${pushedDigest} that this build pushed: another job moved the tag meanwhile.`,
      'tag-conflict',
    );
  }
  if (work.kind === 'codebuild' && inputs.revision) {
    // CodeBuild reports only a status: the revision label it was told to set shows this build pushed it.
    const revision = await revisionOf(registry.client, inputs.repository, manifest);
    if (revision !== inputs.revision) {
      throw new ActionFailure(
        `CodeBuild succeeded, but ${plan.imageName}:${tag} (${manifest.digest}) was built from ${revision ?? 'an unknown commit'}, not ${inputs.revision}.`,
        'image-missing',
      );
    }
  }
  return manifest;
}
