import type { Failure } from '../../action-helpers/run.js';
import type { Outputs, SummaryContent } from '../../action-helpers/outputs.js';
import type { Change } from './apply.js';
import { explanationText, type Explanation } from './explain.js';
import type { Inputs } from './inputs.js';
import type { EvidenceWritten } from './record.js';
import type { PreviousRevision } from './rollback.js';

export interface WorkloadReport {
  kind: string;
  name: string;
  namespace: string;
  /** The Deployment revision, or the StatefulSet/DaemonSet controller revision, once known. */
  revision?: string;
  /** container -> image, as applied. */
  images: Record<string, string>;
  ready: boolean;
  /** ready, failed, timeout, stopped (another workload failed first), unchanged... */
  state: string;
  message: string;
}

export type RollbackState = 'rolled-back' | 'first-deploy' | 'nothing-changed' | 'disabled' | 'failed';

export interface Outcome {
  inputs: Inputs;
  cluster?: string;
  planned?: { key: string; change: Change }[];
  /** Something was applied (false: everything already was as the manifests say). */
  changed?: boolean;
  workloads?: WorkloadReport[];
  previous?: PreviousRevision[];
  explanations?: Explanation[];
  rollback?: { state: RollbackState; message: string };
  pruned?: string[];
  evidence?: EvidenceWritten[];
  githubDeployment?: string;
  failure?: Failure;
}

export function outputsOf(outcome: Outcome): Outputs {
  return {
    workloads: outcome.workloads?.map(({ kind, name, namespace, revision, images, ready }) => ({
      kind,
      name,
      namespace,
      revision,
      images,
      ready,
    })),
    'previous-images': outcome.previous?.map((p) => ({
      kind: p.target.kind,
      name: p.target.name,
      namespace: p.target.namespace,
      revision: p.revision,
      images: p.template ? p.images : undefined,
    })),
    'rolled-back': outcome.rollback ? outcome.rollback.state === 'rolled-back' : outcome.workloads ? false : undefined,
    changed: outcome.changed,
    evidence: outcome.evidence
      ?.filter((e) => e.artifactDigest)
      .map(({ image, digest, artifactDigest }) => ({ image, digest, artifact: artifactDigest })),
  };
}

function headingOf(outcome: Outcome): string {
  const { inputs, failure, rollback } = outcome;
  const where = outcome.cluster ? ` to ${outcome.cluster}` : '';
  if (inputs.dryRun !== 'none' && !failure) return `Rollout${where}: ${inputs.dryRun} dry run, nothing changed`;
  if (!failure)
    return outcome.changed === false ? `Rollout${where}: already up to date, nothing applied` : `Rolled out${where}`;
  if (failure.reason === 'evidence-failed' && outcome.workloads?.every((w) => w.ready)) {
    return `Rolled out${where}, but the deployment evidence was not recorded`;
  }
  if (rollback?.state === 'rolled-back') return `Rollout${where} failed and was rolled back`;
  if (rollback?.state === 'failed') return `Rollout${where} failed, and so did the rollback`;
  return `Rollout${where} failed`;
}

export function summaryOf(outcome: Outcome): SummaryContent {
  const { inputs, failure } = outcome;
  const lines: string[] = [];
  if (failure) lines.push(`Failed (${failure.reason}): ${failure.message}`);
  if (outcome.rollback) lines.push(`Rollback: ${outcome.rollback.message}`);
  if (outcome.changed === false && !failure && inputs.dryRun === 'none') {
    lines.push('Every object already matches the manifests (server-side dry run): nothing was applied.');
  }
  if (outcome.pruned && outcome.pruned.length > 0) lines.push(`Pruned: ${outcome.pruned.join(', ')}`);
  if (outcome.evidence) {
    const recorded = outcome.evidence.filter((e) => e.artifactDigest && !e.skipped).length;
    const kept = outcome.evidence.filter((e) => e.skipped).map((e) => `${e.image}: ${e.skipped}`);
    lines.push(`Deployment evidence: ${recorded} record(s) written${kept.length > 0 ? `; ${kept.join('; ')}` : ''}.`);
  } else if (inputs.dryRun === 'none' && outcome.workloads && !inputs.recordEvidence) {
    lines.push('Deployment evidence: not recorded (record-evidence: false).');
  }
  if (outcome.githubDeployment) lines.push(`GitHub deployment: ${outcome.githubDeployment}.`);

  const tables: NonNullable<SummaryContent['tables']>[number][] = [];
  if (outcome.workloads && outcome.workloads.length > 0) {
    tables.push({
      caption: 'Workloads',
      header: ['Workload', 'Namespace', 'Revision', 'Images', 'State', 'Detail'],
      rows: outcome.workloads.map((w) => [
        `${w.kind}/${w.name}`,
        w.namespace,
        w.revision ?? '',
        Object.entries(w.images)
          .map(([c, i]) => `${c}=${i}`)
          .join(' '),
        w.state,
        w.message,
      ]),
    });
  }
  if (outcome.planned && outcome.planned.length > 0) {
    const verb =
      inputs.dryRun === 'none'
        ? { create: 'created', change: 'configured', unchanged: 'unchanged' }
        : { create: 'would be created', change: 'would be configured', unchanged: 'unchanged' };
    tables.push({
      caption: 'Objects',
      header: ['Object', 'Apply'],
      rows: outcome.planned.map((p) => [p.key, verb[p.change]]),
    });
  }
  const explanations = outcome.explanations ?? [];
  return {
    heading: headingOf(outcome),
    lines,
    tables,
    details:
      explanations.length > 0
        ? { summary: 'Why the rollout failed', text: explanations.map(explanationText).join('\n\n') }
        : undefined,
  };
}
