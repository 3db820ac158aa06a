import type { Failure } from '../../action-helpers/run.js';
import type { Outputs, SummaryContent, SummaryRow } from '../../action-helpers/outputs.js';
import { severities, type Counts, type Finding } from './findings.js';
import type { Inputs } from './inputs.js';
import { atOrAbove, type Verdict } from './policy.js';

/** What the run learnt, in the order it learns it; outputs and the summary are written from it. */
export interface Outcome {
  inputs: Inputs;
  image?: { reference: string; digest: string };
  policySha256?: string;
  /** Where the findings came from: 'ecr-basic', 'trivy:reports/image.json', ... */
  sources?: string[];
  verdict?: Verdict;
  /** A verdict recorded earlier and reused (max-age): no scan was waited for. */
  reused?: { passed: boolean; counts: Counts; createdAt: string; artifactDigest: string; sources: string[] };
  /** The evidence record of this verdict: written now, or already there from an identical run. */
  evidence?: { artifactDigest: string; written: boolean; signedBy?: string };
  /** What a dry run stopped short of, or another thing the reader should know. */
  notes: string[];
  sarifPath?: string;
  failure?: Failure;
}

/** Whether the gate passes (the verdict's, or the one reused); undefined when there is none. */
export function passedOf(outcome: Outcome): boolean | undefined {
  if (outcome.reused) return outcome.reused.passed;
  if (!outcome.verdict) return undefined;
  return outcome.verdict.passed;
}

function countsOf(outcome: Outcome): Counts | undefined {
  return outcome.reused?.counts ?? outcome.verdict?.counts;
}

export function outputsOf(outcome: Outcome): Outputs {
  const counts = countsOf(outcome);
  const passed = passedOf(outcome);
  return {
    passed: passed === undefined ? undefined : String(passed),
    critical: counts?.critical,
    high: counts?.high,
    medium: counts?.medium,
    low: counts?.low,
    unknown: counts?.unknown,
    total: counts?.total,
    digest: outcome.image?.digest,
    'sarif-path': outcome.sarifPath,
    reused: outcome.image ? String(outcome.reused !== undefined) : undefined,
    'evidence-digest': outcome.evidence?.artifactDigest,
  };
}

/** Rows of the findings table at most; the SARIF log has them all. */
export const maxFindingRows = 200;

export function summaryOf(outcome: Outcome): SummaryContent {
  const { inputs, verdict } = outcome;
  const passed = passedOf(outcome);
  const counts = countsOf(outcome);
  const dry = inputs.dryRun ? 'Dry run: ' : '';
  const heading = outcome.failure
    ? `${dry}Image not passed: ${outcome.failure.reason}`
    : passed === undefined
      ? `${dry}No verdict`
      : `${dry}Image ${passed ? 'passed' : 'failed'} the vulnerability gate`;
  const policy = `fail-on ${inputs.policy.failOn}, ignore-unfixed ${inputs.policy.ignoreUnfixed}${inputs.ignoreFile ? `, exceptions from ${inputs.ignoreFile}` : ''}`;
  const lines = [
    `Image: ${outcome.image?.reference ?? inputs.image.text}`,
    `Policy: ${policy}${outcome.policySha256 ? ` (sha256 ${outcome.policySha256.slice(0, 12)})` : ''}`,
    ...(outcome.sources ? [`Sources: ${outcome.sources.join(', ') || 'none'}`] : []),
    ...(outcome.reused
      ? [
          `Verdict reused from evidence ${outcome.reused.artifactDigest}, recorded ${outcome.reused.createdAt} (max-age): no scan was waited for, and the SARIF log lists no findings.`,
        ]
      : []),
    ...(outcome.evidence
      ? [
          `Evidence: ${outcome.evidence.written ? 'recorded' : 'already recorded'} as ${outcome.evidence.artifactDigest}${outcome.evidence.signedBy ? `, signed by ${outcome.evidence.signedBy}` : ''}`,
        ]
      : []),
    ...outcome.notes,
    ...(outcome.failure ? [`Why: ${outcome.failure.message}`] : []),
  ];
  const tables: NonNullable<SummaryContent['tables']>[number][] = [];
  if (verdict) {
    const shown = verdict.counted.filter((f) => atOrAbove(f.severity, inputs.display));
    if (shown.length > 0) {
      const more =
        shown.length > maxFindingRows ? ` (first ${maxFindingRows} of ${shown.length}; all in the SARIF log)` : '';
      tables.push({
        caption: `Findings at or above ${inputs.display}${more}`,
        header: ['Severity', 'Advisory', 'Package', 'Installed', 'Fixed in', 'Title', 'Source'],
        rows: shown.slice(0, maxFindingRows).map(findingRow),
      });
    }
    if (verdict.excepted.length > 0) {
      tables.push({
        caption: 'Exceptions used',
        header: ['Advisory', 'Package', 'Severity', 'Exception (line)', 'Expires', 'Reason'],
        rows: verdict.excepted
          .slice(0, maxFindingRows)
          .map(({ finding, rule }) => [
            finding.id,
            [finding.package, finding.version].filter(Boolean).join(' '),
            finding.severity,
            `${rule.id} (${rule.line})`,
            rule.expires,
            rule.reason,
          ]),
      });
    }
    if (verdict.expired.length > 0) {
      tables.push({
        caption: 'Expired exceptions (no longer applied)',
        header: ['Exception', 'Package', 'Expired after', 'Findings it would cover', 'Line'],
        rows: verdict.expired.map(({ rule, matches }) => [
          rule.id,
          rule.package ?? 'any',
          rule.expires,
          matches,
          rule.line,
        ]),
      });
    }
    if (verdict.stale.length > 0) {
      tables.push({
        caption: `Stale exceptions (matched nothing)${inputs.policy.failOnStaleIgnores ? ': they fail the gate (fail-on-stale-ignores)' : ''}`,
        header: ['Exception', 'Package', 'Version', 'Expires', 'Line'],
        rows: verdict.stale.map((r) => [r.id, r.package ?? 'any', r.version ?? 'any', r.expires, r.line]),
      });
    }
    if (verdict.unfixed.length > 0) {
      lines.push(`${verdict.unfixed.length} finding(s) without a fixed version left out (ignore-unfixed).`);
    }
  }
  return {
    heading,
    lines,
    table: counts
      ? {
          header: ['', ...severities, 'total'],
          rows: [['after exceptions', ...severities.map((s) => counts[s]), counts.total]],
        }
      : undefined,
    tables,
  };
}

function findingRow(f: Finding): SummaryRow {
  return [
    f.severity,
    f.aliases.length > 0 ? `${f.id} (${f.aliases.join(', ')})` : f.id,
    f.package ?? '',
    f.version ?? '',
    f.fixedVersion ?? (f.fixState === 'not-fixed' ? 'no fix' : ''),
    f.title ?? '',
    f.source,
  ];
}
