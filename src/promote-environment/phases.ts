import * as core from '@actions/core';
import type { AwsSession } from '../../action-helpers/aws.js';
import { ActionFailure } from '../../action-helpers/errors.js';
import { runContext } from '../../action-helpers/evidence.js';
import type { StoredManifest } from '../../action-helpers/registry-api.js';
import { neutralise } from '../../action-helpers/workflow-commands.js';
import { evaluateGates, firstFailure } from './gates.js';
import { client, openPullRequest, recordGithubDeployment } from './github-api.js';
import type { ImageSetting } from './gitops-edit.js';
import { promoteInGit } from './gitops.js';
import type { Inputs } from './inputs.js';
import { conflictMessage, decideTags, modeOf, type Mode } from './plan.js';
import { copyToTarget, gatherEvidence, readTagStates, recordPromotion, resolveSource, retag } from './promote.js';
import { connectEnds, isImmutable, type Ends } from './registries.js';
import type { Outcome } from './report.js';

/** What the Plan phase settled: where the image is, how it moves, and which tags it still needs. */
export interface Plan {
  ends: Ends;
  source: StoredManifest;
  mode: Mode;
  tagsToSet: string[];
}

/** Resolves the source, evaluates every gate and decides the tags: no change is made here. */
export async function planOf(inputs: Inputs, session: AwsSession, outcome: Outcome, now = new Date()): Promise<Plan> {
  const ends = await connectEnds(inputs, session);
  const source = await resolveSource(ends.source, inputs.source);
  const digest = source.digest;
  outcome.digest = digest;
  outcome.sourceImage = `${ends.source.host}/${ends.source.repository}@${digest}`;
  outcome.targetImage = `${ends.target.host}/${ends.target.repository}@${digest}`;
  const mode = modeOf(inputs, ends.source.host);
  outcome.mode = mode;

  const evidence = await gatherEvidence(ends, digest);
  outcome.gates = evaluateGates(
    {
      requireScan: inputs.requireScan,
      requireDeployment: inputs.requireDeployment,
      sourceEnvironment: inputs.sourceEnvironment,
      maxScanAgeMs: inputs.maxScanAgeMs,
      minSoakTimeMs: inputs.minSoakTimeMs,
      signingKey: inputs.evidenceSigningKey,
    },
    outcome.sourceImage,
    evidence,
    now,
  );
  // Details quote records read from the registry: untrusted text, printed inert.
  for (const gate of outcome.gates) core.info(neutralise(`gate ${gate.gate}: ${gate.status} - ${gate.detail}`));
  const failed = firstFailure(outcome.gates);
  if (failed) {
    const looked = failed.evidence.length > 0 ? failed.evidence.join(', ') : `the evidence of ${outcome.sourceImage}`;
    throw new ActionFailure(
      `Gate '${failed.gate}' failed: ${failed.detail}. Evidence looked at: ${looked}. Nothing was promoted.`,
      failed.reason ?? 'internal',
    );
  }

  // A retag in ECR reads ECR's tags; with a stand-in registry the images (and tags) live there.
  const useEcrApi = mode === 'retag' && !inputs.registry;
  const immutable = await isImmutable(ends.target);
  const states = await readTagStates(ends.target, inputs.targetTags, useEcrApi);
  const decision = decideTags(states, digest, immutable);
  if (decision.kind === 'conflict') {
    throw new ActionFailure(conflictMessage(ends.target.repository, decision, digest), 'tag-conflict');
  }
  outcome.tagsAlreadyThere = states.filter((s) => s.digest === digest).map((s) => s.tag);
  outcome.tagsSet = decision.kind === 'promote' ? decision.tags : [];
  return { ends, source, mode, tagsToSet: outcome.tagsSet };
}

/** Moves the tags (or the image), records the promotion, then the GitHub and GitOps views. */
export async function deploy(plan: Plan, inputs: Inputs, outcome: Outcome, signal: AbortSignal): Promise<void> {
  const { ends, source } = plan;
  const digest = source.digest;
  const targetName = `${ends.target.host}/${ends.target.repository}`;
  if (inputs.dryRun) {
    outcome.wouldDo = dryRunSteps(plan, inputs, targetName);
    for (const step of outcome.wouldDo) core.info(`[dry-run] would ${step}`);
    return;
  }
  if (plan.mode === 'retag') {
    if (plan.tagsToSet.length > 0) await retag(ends.target, source, plan.tagsToSet, Boolean(inputs.registry));
  } else {
    // Run on every attempt: a finished copy costs one HEAD, and records written since are brought over.
    outcome.copy = await copyToTarget(ends, digest, plan.tagsToSet, signal);
  }
  outcome.promotionRecord = await recordPromotion(ends.target, digest, {
    from: inputs.sourceEnvironment,
    to: inputs.targetEnvironment,
    tags: inputs.targetTags,
    sourceImage: outcome.sourceImage!,
    targetImage: outcome.targetImage!,
  });
  if (inputs.githubToken && inputs.githubDeployment) {
    outcome.deploymentId = await recordGithubDeployment(client(inputs.githubToken, signal, 'github-token'), {
      environment: inputs.targetEnvironment,
      ref: process.env.GITHUB_SHA || 'HEAD',
      digest,
      image: outcome.targetImage!,
      sourceEnvironment: inputs.sourceEnvironment,
    });
  }
  if (inputs.gitops) await updateGitops(inputs, outcome, targetName, digest, signal);
}

async function updateGitops(
  inputs: Inputs,
  outcome: Outcome,
  targetName: string,
  digest: string,
  signal: AbortSignal,
): Promise<void> {
  const gitops = inputs.gitops!;
  const headBranch =
    gitops.mode === 'push'
      ? gitops.branch
      : `promote/${inputs.targetEnvironment}/${inputs.targetRepository.replace(/\//g, '-')}-${digest.slice(7, 19)}`;
  const result = await promoteInGit(
    gitops,
    imageSetting(inputs, targetName, digest),
    commitMessage(inputs, outcome),
    headBranch,
    signal,
  );
  outcome.gitops = result;
  if (gitops.mode === 'pull-request' && result.changed && gitops.remote.kind === 'github') {
    const { owner, repo } = gitops.remote;
    outcome.gitops.pullRequest = await openPullRequest(client(gitops.token!, signal, 'gitops-token'), {
      owner,
      repo,
      head: headBranch,
      base: gitops.branch,
      title: `Promote ${inputs.targetRepository} to ${inputs.targetEnvironment} (${digest.slice(0, 19)})`,
      body: commitMessage(inputs, outcome),
    });
  }
}

export function imageSetting(inputs: Inputs, targetName: string, digest: string): ImageSetting {
  const gitops = inputs.gitops!;
  return gitops.format === 'kustomize'
    ? { format: 'kustomize', name: gitops.imageName ?? targetName, newName: targetName, digest }
    : {
        format: 'helm',
        repositoryKey: gitops.helmRepositoryKey,
        repository: targetName,
        digestKey: gitops.helmDigestKey,
        digest,
      };
}

export function commitMessage(inputs: Inputs, outcome: Outcome): string {
  const run = runContext().url;
  return [
    `Promote ${inputs.targetRepository} from ${inputs.sourceEnvironment} to ${inputs.targetEnvironment}`,
    '',
    `Source: ${outcome.sourceImage}`,
    `Target: ${outcome.targetImage}`,
    `Tags: ${inputs.targetTags.join(', ')}`,
    ...(run ? [`Run: ${run}`] : []),
  ].join('\n');
}

function dryRunSteps(plan: Plan, inputs: Inputs, targetName: string): string[] {
  const steps: string[] = [];
  if (plan.mode === 'retag') {
    steps.push(
      plan.tagsToSet.length > 0
        ? `tag ${targetName} ${plan.tagsToSet.join(', ')} -> ${plan.source.digest} (ECR PutImage, same bytes)`
        : `leave the tags as they are (all already name ${plan.source.digest})`,
    );
  } else {
    steps.push(
      `copy ${plan.source.digest} and its evidence to ${targetName}, tags ${plan.tagsToSet.join(', ') || 'none new'}`,
    );
  }
  steps.push(`record the promotion ${inputs.sourceEnvironment} -> ${inputs.targetEnvironment} as evidence`);
  if (inputs.githubToken && inputs.githubDeployment)
    steps.push(`create a GitHub deployment of ${inputs.targetEnvironment}`);
  if (inputs.gitops) {
    steps.push(
      `set ${inputs.gitops.path} on ${inputs.gitops.branch} to ${targetName}@${plan.source.digest} (${inputs.gitops.mode})`,
    );
  }
  return steps;
}
