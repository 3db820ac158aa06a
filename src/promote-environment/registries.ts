import * as core from '@actions/core';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { connectAws, type AwsSession } from '../../action-helpers/aws.js';
import { ecrCredentials, ecrRegistry } from '../../action-helpers/ecr-auth.js';
import { ActionFailure } from '../../action-helpers/errors.js';
import { EvidenceStore, kmsSigner, type EvidenceSigner } from '../../action-helpers/evidence.js';
import { RegistryClient } from '../../action-helpers/registry-api.js';
import type { RegistrySide } from '../../action-helpers/registry-copy.js';
import { ecrHostParts, type Inputs } from './inputs.js';

/**
 * The two ends of a promotion: the source registry (the account's ECR, or the stand-in registry of
 * the `registry` input) and the target (the same, or `target-registry` reached with a second AWS
 * session: `target-role-to-assume` in `target-region`). A loopback target stands in for another
 * account's ECR and gets no credentials, as the `registry` input's does.
 */
export interface RegistryEnd {
  host: string;
  repository: string;
  client: RegistryClient;
  /** ECR of this end; undefined for a stand-in target, which has no ECR API of its own. */
  ecr?: ECRClient;
  /** The account of a target in another account (ECR API calls name it). */
  registryId?: string;
  authorization?: string;
  evidence: EvidenceStore;
}

export interface Ends {
  source: RegistryEnd;
  target: RegistryEnd;
  /** Only records signed by this key count; undefined when evidence-signing-key is not set. */
  verifier?: EvidenceSigner;
  /** The source's evidence without the verifier: to tell "unsigned" from "absent". */
  unverified: EvidenceStore;
}

export async function connectEnds(inputs: Inputs, session: AwsSession): Promise<Ends> {
  const signer = inputs.evidenceSigningKey ? kmsSigner(session, inputs.evidenceSigningKey) : undefined;
  const storeOptions = { signer, verifier: signer };
  const source = await ecrRegistry(session, inputs.registry);
  const sourceEnd: RegistryEnd = {
    host: source.host,
    repository: inputs.repository,
    client: source.client,
    ecr: session.client(ECRClient),
    authorization: basic(source.credentials),
    evidence: new EvidenceStore(source.client, inputs.repository, storeOptions),
  };
  const unverified = new EvidenceStore(source.client, inputs.repository, { onDropped: () => undefined });
  if (!inputs.targetRegistry || inputs.targetRegistry === source.host) {
    const sameRepository = inputs.targetRepository === inputs.repository;
    const target: RegistryEnd = sameRepository
      ? sourceEnd
      : {
          ...sourceEnd,
          repository: inputs.targetRepository,
          evidence: new EvidenceStore(source.client, inputs.targetRepository, storeOptions),
        };
    return { source: sourceEnd, target, verifier: signer, unverified };
  }
  const target = await connectTarget(inputs, inputs.targetRegistry, storeOptions);
  return { source: sourceEnd, target, verifier: signer, unverified };
}

async function connectTarget(
  inputs: Inputs,
  host: string,
  storeOptions: { signer?: EvidenceSigner; verifier?: EvidenceSigner },
): Promise<RegistryEnd> {
  const ecrHost = ecrHostParts(host);
  if (!ecrHost) {
    // A stand-in for another account's registry (local stack): no credentials, no ECR API.
    const client = new RegistryClient(host);
    return {
      host,
      repository: inputs.targetRepository,
      client,
      evidence: new EvidenceStore(client, inputs.targetRepository, storeOptions),
    };
  }
  const targetSession = await connectAws({
    ...inputs.aws,
    region: inputs.targetRegion ?? ecrHost.region,
    roleToAssume: inputs.targetRoleToAssume ?? inputs.aws.roleToAssume,
    allowedAccountIds: [],
  });
  // An ECR token is good for every registry the principal may use, not only its own account's.
  const authorization = basic(await ecrCredentials(targetSession));
  const client = new RegistryClient(host, { authorization });
  return {
    host,
    repository: inputs.targetRepository,
    client,
    ecr: targetSession.client(ECRClient),
    registryId: ecrHost.account,
    authorization,
    evidence: new EvidenceStore(client, inputs.targetRepository, storeOptions),
  };
}

function basic(credentials: { username: string; password: string } | undefined): string | undefined {
  if (!credentials) return undefined;
  const value = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  core.setSecret(value);
  return `Basic ${value}`;
}

export function sideOf(end: RegistryEnd): RegistrySide {
  return { host: end.host, repository: end.repository, authorization: end.authorization };
}

/** Whether the end's repository refuses to move tags; a registry without ECR's API has no such setting. */
export async function isImmutable(end: RegistryEnd): Promise<boolean> {
  if (!end.ecr) return false;
  try {
    const response = await end.ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: [end.repository], registryId: end.registryId }),
    );
    // IMMUTABLE_WITH_EXCLUSION counts as immutable: refusing to move a tag is the safe reading.
    return (response.repositories?.[0]?.imageTagMutability ?? 'MUTABLE').startsWith('IMMUTABLE');
  } catch (err) {
    if ((err as Error).name === 'RepositoryNotFoundException') {
      throw new ActionFailure(
        `ECR repository '${end.repository}' does not exist at ${end.host}. Create it (build-push-ecr's create-repository, or Terraform) before promoting into it. Nothing was changed.`,
        'repository-not-found',
      );
    }
    throw err;
  }
}
