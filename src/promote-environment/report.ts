import type { Outputs, SummaryContent, SummaryRow } from '../../action-helpers/outputs.js';
import type { CopyStats } from '../../action-helpers/registry-copy.js';
import type { Failure } from '../../action-helpers/run.js';
import type { GateResult } from './gates.js';
import type { GitopsResult } from './gitops.js';
import type { Inputs } from './inputs.js';
import type { Mode } from './plan.js';

/** What the run learnt so far; filled in phase by phase, published whichever way the run ends. */
export interface Outcome {
  inputs: Inputs;
  sourceImage?: string;
  digest?: string;
  mode?: Mode;
  /** The image where it was promoted to, by digest. */
  targetImage?: string;
  gates?: GateResult[];
  /** Target tags that already named the digest before this run. */
  tagsAlreadyThere?: string[];
  /** Target tags this run set (or would set, in a dry run). */
  tagsSet?: string[];
  copy?: { stats: CopyStats; evidenceCopied: number };
  promotionRecord?: { artifactDigest: string; written: boolean };
  deploymentId?: number;
  gitops?: GitopsResult & { pullRequest?: { number: number; url: string } };
  /** Steps a dry run would have taken. */
  wouldDo?: string[];
  failure?: Failure;
}

export function outputsOf(outcome: Outcome): Outputs {
  const { inputs } = outcome;
  const done = outcome.failure === undefined && !inputs.dryRun && outcome.tagsSet !== undefined;
  return {
    digest: outcome.digest,
    'image-uri': outcome.targetImage,
    'promoted-tags': done ? inputs.targetTags : undefined,
    skipped: done ? skipped(outcome) : undefined,
    gates: outcome.gates?.map((g) => ({ gate: g.gate, status: g.status, detail: g.detail, evidence: g.evidence })),
    'evidence-record': outcome.promotionRecord?.artifactDigest,
    'deployment-id': outcome.deploymentId,
    'gitops-commit': outcome.gitops?.commit,
    'gitops-pull-request': outcome.gitops?.pullRequest?.url,
  };
}

/** Nothing changed anywhere: every tag, the record and the GitOps reference were already there. */
function skipped(outcome: Outcome): boolean {
  return (
    (outcome.tagsSet?.length ?? 0) === 0 &&
    !outcome.promotionRecord?.written &&
    (outcome.copy?.stats.manifestsPut ?? 0) === 0 &&
    !outcome.gitops?.changed
  );
}

export function summaryOf(outcome: Outcome): SummaryContent {
  const { inputs } = outcome;
  const route = `${inputs.sourceEnvironment} → ${inputs.targetEnvironment}`;
  const heading = outcome.failure
    ? `Promotion ${route} failed: ${outcome.failure.reason}`
    : inputs.dryRun
      ? `Dry run: promotion ${route} would proceed`
      : skipped(outcome)
        ? `Promotion ${route}: already done, nothing changed`
        : `Promoted ${route}`;
  const lines: string[] = [];
  if (outcome.failure) lines.push(outcome.failure.message);
  for (const step of outcome.wouldDo ?? []) lines.push(`Would ${step}.`);
  const copy = outcome.copy;
  if (copy) {
    const s = copy.stats;
    lines.push(
      `Copy: ${s.blobsCopied} blob(s) copied (${s.bytesCopied} bytes), ${s.blobsMounted} mounted, ${s.blobsSkipped} already there; ` +
        `${s.manifestsPut} manifest(s) written, ${s.manifestsSkipped} already there; ${copy.evidenceCopied} evidence record(s) copied.`,
    );
  }
  const rows: SummaryRow[] = [
    ['From', `${inputs.sourceEnvironment}: ${outcome.sourceImage ?? `${inputs.repository}:${inputs.source}`}`],
    ['To', `${inputs.targetEnvironment}: ${outcome.targetImage ?? inputs.targetRepository}`],
    ['Digest', outcome.digest ?? 'not resolved'],
    ['Tags', tagsCell(outcome)],
    [
      'Mode',
      outcome.mode === 'retag'
        ? 'retag in place (ECR PutImage)'
        : outcome.mode === 'copy'
          ? 'copy (registry API)'
          : '-',
    ],
  ];
  if (outcome.promotionRecord) {
    rows.push([
      'Evidence',
      `promotion ${outcome.promotionRecord.artifactDigest}${outcome.promotionRecord.written ? '' : ' (already recorded)'}`,
    ]);
  }
  if (outcome.deploymentId !== undefined) rows.push(['GitHub deployment', String(outcome.deploymentId)]);
  if (outcome.gitops) {
    const g = outcome.gitops;
    rows.push([
      'GitOps',
      `${inputs.gitops?.path} on ${g.branch}: ${g.changed ? `commit ${g.commit}` : `already at the digest (${g.commit})`}${g.pullRequest ? `, pull request ${g.pullRequest.url}` : ''}`,
    ]);
  }
  return {
    heading,
    lines,
    table: { header: ['', ''], rows },
    tables: outcome.gates
      ? [
          {
            caption: 'Gates',
            header: ['Gate', 'Result', 'Detail', 'Evidence'],
            rows: outcome.gates.map((g) => [g.gate, g.status, g.detail, g.evidence.join(', ') || '-']),
          },
        ]
      : undefined,
  };
}

function tagsCell(outcome: Outcome): string {
  const set = outcome.tagsSet ?? [];
  const there = outcome.tagsAlreadyThere ?? [];
  if (outcome.tagsSet === undefined) return outcome.inputs.targetTags.join(', ');
  const parts = [];
  if (set.length > 0) parts.push(`${outcome.inputs.dryRun ? 'would set' : 'set'} ${set.join(', ')}`);
  if (there.length > 0) parts.push(`already there: ${there.join(', ')}`);
  return parts.join('; ');
}
