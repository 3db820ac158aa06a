import { ECRClient } from '@aws-sdk/client-ecr';
import type { AwsSession } from '../../action-helpers/aws.js';
import { ecrRegistry, type EcrRegistry } from '../../action-helpers/ecr-auth.js';
import { inspectBuildx } from './buildx-builder.js';
import { sourceKey } from './codebuild-plan.js';
import { zipContext } from './context-zip.js';
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
  const builder = docker ? await detectDockerBuilder(signal) : undefined;
  const buildx = builder === 'buildx' ? await inspectBuildx(signal) : undefined;
  const repository = inputs.push ? await findRepository(session.client(ECRClient), inputs) : undefined;
  const registry = await ecrRegistry(session, inputs.registry);
  const tags = repository?.exists
    ? await readTagStates(registry.client, inputs.repository, inputs.tags, builtFrom(registry.client, inputs, session))
    : [];
  const contextZip = inputs.builder === 'codebuild' && inputs.codebuild.source === 's3' ? zipOf(inputs) : undefined;
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

function zipOf(inputs: Inputs): Found['contextZip'] {
  const zipped = zipContext(inputs.context, { dockerfile: inputs.dockerfile });
  return { ...zipped, key: sourceKey(inputs.repository, zipped.zip) };
}
