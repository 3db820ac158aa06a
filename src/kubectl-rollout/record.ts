import * as core from '@actions/core';
import type { AwsSession } from '../../action-helpers/aws.js';
import { ecrCredentials } from '../../action-helpers/ecr-auth.js';
import { ActionFailure, messageOf } from '../../action-helpers/errors.js';
import { EvidenceStore, kmsSigner, type DeploymentEvidence } from '../../action-helpers/evidence.js';
import { createDeployment, setDeploymentStatus } from '../../action-helpers/github-deployments.js';
import { currentRepo, githubClient } from '../../action-helpers/github.js';
import { parseImageReference } from '../../action-helpers/image-reference.js';
import { RegistryClient } from '../../action-helpers/registry-api.js';
import type { Inputs } from './inputs.js';

/**
 * What now runs where, recorded on each image digest deployed as a `deployment` evidence record in
 * the registry beside the image (what promote-environment trusts), and, with a GitHub token, as a
 * GitHub deployment with its status (an extra view, never required).
 */

export interface EvidenceWritten {
  image: string;
  digest: string;
  artifactDigest?: string;
  /** Why nothing was written for this image, when nothing was. */
  skipped?: string;
}

const ecrHost = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** The digest-pinned images among `images`, once each. */
export function pinnedImages(
  images: readonly string[],
): { image: string; host: string; repository: string; digest: string }[] {
  const seen = new Map<string, { image: string; host: string; repository: string; digest: string }>();
  for (const image of images) {
    const ref = parseImageReference(image);
    if (!ref?.digest || !ref.registry) continue;
    const key = `${ref.registry}/${ref.repository}@${ref.digest}`;
    if (!seen.has(key)) seen.set(key, { image, host: ref.registry, repository: ref.repository, digest: ref.digest });
  }
  return [...seen.values()];
}

export async function writeEvidence(
  inputs: Inputs,
  session: AwsSession | undefined,
  images: readonly string[],
  data: DeploymentEvidence,
  options: { onlyIfMissing: boolean },
): Promise<EvidenceWritten[]> {
  const written: EvidenceWritten[] = [];
  const skippedTags = images.filter((i) => !parseImageReference(i)?.digest);
  for (const image of [...new Set(skippedTags)])
    written.push({ image, digest: '', skipped: 'a tag, not a digest: no record' });
  const signer = inputs.evidenceSigningKey && session ? kmsSigner(session, inputs.evidenceSigningKey) : undefined;
  let ecrAuthorization: string | undefined;
  for (const pinned of pinnedImages(images)) {
    const host = inputs.registry ?? pinned.host;
    let authorization: string | undefined;
    if (!inputs.registry && ecrHost.test(host)) {
      if (!session) {
        throw new ActionFailure(
          `Evidence for ${pinned.image} goes to ECR, which needs AWS credentials: set aws-region (and role-to-assume), or record-evidence: false.`,
          'evidence-failed',
        );
      }
      if (!ecrAuthorization) {
        const credentials = await ecrCredentials(session);
        ecrAuthorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
        core.setSecret(ecrAuthorization);
      }
      authorization = ecrAuthorization;
    }
    const store = new EvidenceStore(new RegistryClient(host, { authorization }), pinned.repository, { signer });
    try {
      if (options.onlyIfMissing) {
        const existing = (await store.list(pinned.digest, 'deployment')).find((f) =>
          sameDeployment(f.record.data, data),
        );
        if (existing) {
          written.push({
            image: pinned.image,
            digest: pinned.digest,
            artifactDigest: existing.artifactDigest,
            skipped: 'already recorded by an earlier run',
          });
          continue;
        }
      }
      const found = await store.write('deployment', pinned.digest, data);
      core.info(
        `Recorded deployment evidence on ${host}/${pinned.repository}@${pinned.digest}: ${found.artifactDigest}`,
      );
      written.push({ image: pinned.image, digest: pinned.digest, artifactDigest: found.artifactDigest });
    } catch (err) {
      throw new ActionFailure(
        `Could not record deployment evidence for ${pinned.image} in ${store.location}: ${messageOf(err)}`,
        'evidence-failed',
        { cause: err },
      );
    }
  }
  return written;
}

function sameDeployment(a: DeploymentEvidence, b: DeploymentEvidence): boolean {
  return (
    a.environment === b.environment &&
    a.cluster === b.cluster &&
    a.namespace === b.namespace &&
    a.result === b.result &&
    JSON.stringify(a.workloads) === JSON.stringify(b.workloads)
  );
}

/**
 * A GitHub deployment of the commit to the environment (found again on a re-run: same payload), and
 * its final status. Any failure is a warning: GitHub's view is extra, the evidence in the registry is
 * what gates. Returns what happened, for the summary.
 */
export async function githubDeployment(
  inputs: Inputs,
  result: DeploymentEvidence['result'],
  payload: Record<string, unknown>,
  description: string,
): Promise<string> {
  if (!inputs.githubToken) return 'not created (no github-token)';
  const sha = process.env.GITHUB_SHA;
  if (!sha || !process.env.GITHUB_REPOSITORY) return 'not created (GITHUB_REPOSITORY or GITHUB_SHA is not set)';
  try {
    const octokit = githubClient(inputs.githubToken, { timeoutMs: 15_000 });
    const repo = currentRepo();
    const { deployment, created } = await createDeployment(octokit, repo, {
      environment: inputs.environment,
      ref: sha,
      payload,
      description,
    });
    const state = result === 'succeeded' ? 'success' : 'failure';
    await setDeploymentStatus(octokit, repo, deployment.id, { state, description });
    return `deployment ${deployment.id}${created ? '' : ' (found again)'} set to ${state}`;
  } catch (err) {
    core.warning(`Could not record the GitHub deployment: ${messageOf(err)}`);
    return `not created (${messageOf(err)})`;
  }
}
