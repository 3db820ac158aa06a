import * as core from '@actions/core';
import type { Outputs, SummaryContent } from '../../action-helpers/outputs.js';
import { imageSize, platformManifests, type StoredManifest } from '../../action-helpers/registry-api.js';
import type { Failure } from '../../action-helpers/run.js';
import type { Inputs } from './inputs.js';
import { planLines, type Plan } from './plan.js';

/** What a run knows: its inputs, its plan once made, and what it has done so far. */
export interface Outcome {
  inputs: Inputs;
  plan?: Plan;
  /** What was changed, in order, one sentence each. */
  done: string[];
  /** What the registry holds under the tags, once built, found or retagged. */
  manifest?: StoredManifest;
  /** true when nothing was built (the image was there), false when it was built. */
  skipped?: boolean;
  buildSeconds?: number;
  failure?: Failure;
}

export function outputsOf(outcome: Outcome): Outputs {
  const { plan, manifest } = outcome;
  return {
    'image-uri': manifest && plan ? `${plan.imageName}@${manifest.digest}` : undefined,
    digest: manifest?.digest,
    tags: outcome.inputs.tags,
    registry: plan?.registryHost,
    decision: plan?.decision.kind,
    skipped: outcome.skipped,
    'build-seconds': outcome.skipped ? 0 : outcome.buildSeconds,
  };
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return 'n/a';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function sizeOf(manifest: StoredManifest | undefined): string {
  if (!manifest) return 'n/a';
  const platforms = platformManifests(manifest).length;
  if (platforms > 0) return `${platforms} platform${platforms === 1 ? '' : 's'}`;
  return formatBytes(imageSize(manifest));
}

function headingOf(outcome: Outcome): string {
  const { inputs, plan, failure } = outcome;
  if (failure) return `Build and push failed (${failure.reason})`;
  if (inputs.dryRun) return `Dry run: would ${plan?.decision.kind ?? 'build'}, nothing was changed`;
  if (outcome.skipped)
    return plan?.decision.kind === 'retag' ? 'Image already in ECR: tags added' : 'Image already in ECR: build skipped';
  return inputs.push ? 'Image built and pushed to ECR' : 'Image built (not pushed)';
}

export function summaryOf(outcome: Outcome): SummaryContent {
  const { inputs, plan, manifest, failure } = outcome;
  const lines = [...outcome.done, ...(plan?.notes ?? [])];
  if (failure)
    lines.push(outcome.done.length ? `Then it failed: ${failure.message}` : `Nothing was changed: ${failure.message}`);
  const duration = outcome.skipped
    ? 'skipped'
    : outcome.buildSeconds !== undefined
      ? `${outcome.buildSeconds}s`
      : 'n/a';
  return {
    heading: headingOf(outcome),
    lines,
    table: plan && {
      header: ['Image', 'Digest', 'Tags', 'Size', 'Builder', 'Duration'],
      rows: [
        [
          plan.imageName,
          manifest?.digest ?? 'not pushed',
          inputs.tags.join(', '),
          sizeOf(manifest),
          plan.builderName,
          duration,
        ],
      ],
    },
    details: plan && inputs.dryRun ? { summary: 'The plan', text: planLines(inputs, plan).join('\n') } : undefined,
  };
}

/** The plan in the log: what will happen, and the notes a caller should see. */
export function logPlan(inputs: Inputs, plan: Plan): void {
  for (const line of planLines(inputs, plan)) core.info(line);
  for (const note of plan.notes) core.notice(note);
}
