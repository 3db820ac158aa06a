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

export interface RepositoryState {
  immutable: boolean;
  created: boolean;
}

/** The CreateRepository request for the repository-management inputs. */
export function createRepositoryRequest(inputs: Inputs): CreateRepositoryCommandInput {
  return {
    repositoryName: inputs.repository,
    imageTagMutability: inputs.imageTagMutability,
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

/**
 * Finds the repository, or creates it when the caller opted in with create-repository. An existing
 * repository keeps its settings (changing them under other pipelines would surprise); only the
 * lifecycle policy, which is idempotent to put, is applied to it too.
 */
export async function ensureRepository(ecr: ECRClient, inputs: Inputs, region: string): Promise<RepositoryState> {
  let repository = await describe(ecr, inputs.repository);
  let created = false;
  if (!repository) {
    if (!inputs.createRepository) {
      throw new ActionFailure(
        `ECR repository '${inputs.repository}' does not exist in ${region}. Create it, or set create-repository: true to let this action create it. Nothing was built.`,
        'repository-not-found',
      );
    }
    try {
      repository = (await ecr.send(new CreateRepositoryCommand(createRepositoryRequest(inputs)))).repository;
      created = true;
      core.info(`Created ECR repository ${inputs.repository} (${inputs.imageTagMutability} tags).`);
    } catch (err) {
      // A parallel job created it first: use theirs.
      if ((err as Error).name !== 'RepositoryAlreadyExistsException') throw err;
      repository = await describe(ecr, inputs.repository);
    }
  } else if (inputs.createRepository && repository.imageTagMutability !== inputs.imageTagMutability) {
    core.warning(
      `ECR repository ${inputs.repository} exists with ${repository.imageTagMutability} tags; image-tag-mutability ${inputs.imageTagMutability} applies only to repositories this action creates.`,
    );
  }
  if (inputs.createRepository && inputs.lifecyclePolicy) {
    await ecr.send(
      new PutLifecyclePolicyCommand({ repositoryName: inputs.repository, lifecyclePolicyText: inputs.lifecyclePolicy }),
    );
  }
  // IMMUTABLE_WITH_EXCLUSION counts as immutable: refusing to move a tag is the safe reading.
  return { immutable: (repository?.imageTagMutability ?? 'MUTABLE').startsWith('IMMUTABLE'), created };
}
