import { ECRClient } from '@aws-sdk/client-ecr';
import type { AwsSession } from '../../action-helpers/aws.js';
import { ecrRegistry, type EcrRegistry } from '../../action-helpers/ecr-auth.js';
import { inspectBuildx } from './buildx-builder.js';
import { sourceKey } from './codebuild-plan.js';
import { detectDockerBuilder, type DockerSession } from './docker-builder.js';
import { readTagStates } from './idempotency.js';
import type { Inputs } from './inputs.js';
import type { Found } from './plan.js';
import { builtFrom } from './provenance.js';
import { findRepository } from './repository.js';

/**
 * Reads what exists, changing nothing (a dry run goes this far): the runner's Docker and buildx
 * builder, the repository, and each target tag with the commit its image is proven built from.
 */
export async function survey(
  inputs: Inputs,
  session: AwsSession,
  docker: DockerSession | undefined,
  signal: AbortSignal,
): Promise<{ found: Found; registry: EcrRegistry }> {
  // The Docker probes and the AWS look-ups are independent: run side by side, their fixed costs overlap.
  const dockerFacts = async () => {
    const builder = docker ? await detectDockerBuilder(signal) : undefined;
    return { builder, buildx: builder === 'buildx' ? await inspectBuildx(signal) : undefined };
  };
  const registryFacts = async () => {
    const [repository, registry] = await Promise.all([
      inputs.push ? findRepository(session.client(ECRClient), inputs) : undefined,
      ecrRegistry(session, inputs.registry),
    ]);
    const tags = repository?.exists
      ? await readTagStates(
          registry.client,
          inputs.repository,
          inputs.tags,
          builtFrom(registry.client, inputs, session),
        )
      : [];
    return { repository, registry, tags };
  };
  const [{ builder, buildx }, { repository, registry, tags }] = await Promise.all([dockerFacts(), registryFacts()]);
  const contextZip =
    inputs.builder === 'codebuild' && inputs.codebuild.source === 's3' ? await zipOf(inputs) : undefined;
  const found: Found = {
    registryHost: registry.host,
    docker: builder ? { builder, buildx } : undefined,
    repository,
    tags,
    workDir: docker?.dir ?? '',
    contextZip,
  };
  return { found, registry };
}

async function zipOf(inputs: Inputs): Promise<Found['contextZip']> {
  // Loaded only for CodeBuild, like its clients.
  const { zipContext } = await import('./context-zip.js');
  const zipped = zipContext(inputs.context, { dockerfile: inputs.dockerfile });
  return { ...zipped, key: sourceKey(inputs.repository, zipped.zip) };
}
