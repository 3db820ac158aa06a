import * as core from '@actions/core';
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  PutLifecyclePolicyCommand,
  type CreateRepositoryCommandInput,
  type ECRClient,
  type Repository,
} from '@aws-sdk/client-ecr';
import { ActionFailure } from '../../action-helpers/errors.js';
import type { Inputs } from './inputs.js';

/** The repository as found: absent (to be created), or there with its tag mutability. */
export type RepositoryState = { exists: false } | { exists: true; mutability: string };

/**
 * The CreateRepository request for the repository-management inputs. An IMMUTABLE repository is
 * created IMMUTABLE_WITH_EXCLUSION, the cache tags (`<cache-tag>*`) excluded: a registry cache is
 * one tag rewritten by every build, which ECR refuses in a plainly immutable repository. Image tags
 * starting with the cache tag are refused as inputs, so no image tag can fall under the exclusion.
 */
export function createRepositoryRequest(inputs: Inputs): CreateRepositoryCommandInput {
  const immutable = inputs.imageTagMutability === 'IMMUTABLE';
  return {
    repositoryName: inputs.repository,
    imageTagMutability: immutable ? 'IMMUTABLE_WITH_EXCLUSION' : 'MUTABLE',
    imageTagMutabilityExclusionFilters: immutable
      ? [{ filterType: 'WILDCARD', filter: `${inputs.cacheTag}*` }]
      : undefined,
    imageScanningConfiguration: { scanOnPush: inputs.scanOnPush },
    encryptionConfiguration: inputs.kmsKey
      ? { encryptionType: 'KMS', kmsKey: inputs.kmsKey }
      : { encryptionType: 'AES256' },
    tags: [{ Key: 'managed-by', Value: 'build-push-ecr' }],
  };
}

async function describe(ecr: ECRClient, name: string): Promise<Repository | undefined> {
  try {
    const response = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    return response.repositories?.[0];
  } catch (err) {
    if ((err as Error).name === 'RepositoryNotFoundException') return undefined;
    throw err;
  }
}

/** Reads the repository; a missing one is an error unless the caller lets the action create it. */
export async function findRepository(ecr: ECRClient, inputs: Inputs): Promise<RepositoryState> {
  const repository = await describe(ecr, inputs.repository);
  if (repository) {
    const mutability = repository.imageTagMutability ?? 'MUTABLE';
    if (inputs.createRepository && !mutability.startsWith(inputs.imageTagMutability)) {
      core.warning(
        `ECR repository ${inputs.repository} exists with ${mutability} tags; image-tag-mutability ${inputs.imageTagMutability} applies only to repositories this action creates.`,
      );
    }
    return { exists: true, mutability };
  }
  if (!inputs.createRepository) {
    throw new ActionFailure(
      `ECR repository '${inputs.repository}' does not exist in ${inputs.aws.region}. Create it, or set create-repository: true to let this action create it. Nothing was built.`,
      'repository-not-found',
    );
  }
  return { exists: false };
}

/** IMMUTABLE_WITH_EXCLUSION counts as immutable for image tags: refusing to move a tag is the safe reading. */
export const isImmutable = (state: RepositoryState, inputs: Inputs): boolean =>
  state.exists ? state.mutability.startsWith('IMMUTABLE') : inputs.imageTagMutability === 'IMMUTABLE';

/** Creates the repository (a parallel job that created it first wins), and puts the lifecycle policy. */
export async function ensureRepository(ecr: ECRClient, inputs: Inputs, create: boolean): Promise<string[]> {
  const done: string[] = [];
  if (create) {
    try {
      await ecr.send(new CreateRepositoryCommand(createRepositoryRequest(inputs)));
      done.push(`Created ECR repository ${inputs.repository} (${inputs.imageTagMutability} tags).`);
    } catch (err) {
      if ((err as Error).name !== 'RepositoryAlreadyExistsException') throw err;
    }
  }
  if (inputs.createRepository && inputs.lifecyclePolicy) {
    await ecr.send(
      new PutLifecyclePolicyCommand({ repositoryName: inputs.repository, lifecyclePolicyText: inputs.lifecyclePolicy }),
    );
    done.push(`Applied the lifecycle policy to ${inputs.repository}.`);
  }
  return done;
}
