import type { Outputs, SummaryContent } from '../../action-helpers/outputs.js';
import { commentBodyLimit, commentMarker } from '../../action-helpers/pr-comment.js';
import type { Failure } from '../../action-helpers/run.js';
import type { Binary } from './binary.js';
import { bundleFiles } from './bundle.js';
import type { LockInfo } from './diagnostics.js';
import { variableLeaves, type InlineVariables, type Inputs } from './inputs.js';
import type { PlanCounts, PlanSummary } from './plan-json.js';
import { runUrl } from '../../action-helpers/run.js';

/** What a plan says, as the report needs it. */
export interface PlanFacts {
  hasChanges: boolean;
  summary: PlanSummary;
  text: string;
}

/** What the run learnt so far, for the outputs, the summary and the comment, whichever way it ends. */
export interface Outcome {
  inputs: Inputs;
  binary?: Binary;
  commit?: string;
  awsAccount?: string | null;
  plan?: PlanFacts;
  bundleDir?: string;
  planJson?: string;
  planSha256?: string;
  /** The plan store address the bundle was written to or read from. */
  storedAt?: string;
  /** A line saying how the run went, e.g. "Applied: 1 to add, ...". */
  status?: string;
  /** What else the summary says, e.g. how a plan reviewed on another commit was applied. */
  notes?: string[];
  /** Why apply refused the bundle, one line each. */
  differences?: string[];
  applied?: boolean;
  outputs?: Record<string, unknown>;
  commentId?: number;
  lock?: LockInfo;
  failure?: Failure;
}

export function outputsOf(outcome: Outcome): Outputs {
  const plan = outcome.plan;
  const counts = Object.fromEntries(countNames.map((name) => [`${name}-count`, plan?.summary.counts[name]]));
  return {
    'has-changes': plan?.hasChanges,
    ...counts,
    'plan-bundle': outcome.bundleDir,
    'plan-json': outcome.planJson,
    'plan-sha256': outcome.planSha256,
    outputs: outcome.outputs,
    applied:
      outcome.inputs.command === 'apply' || outcome.inputs.command === 'plan-apply'
        ? Boolean(outcome.applied)
        : undefined,
    'comment-id': outcome.commentId,
    'lock-info': outcome.lock ? { ...outcome.lock, created: outcome.lock.created?.toISOString() } : undefined,
  };
}

/** The status line: what the run did, or for a failed run what it did and why it failed. */
export function statusOf(outcome: Outcome): string {
  if (!outcome.failure) return outcome.status ?? '';
  const message = withoutVariables(outcome.failure.message, outcome.inputs.variables);
  return `${outcome.status ? `${outcome.status} ` : ''}Failed (${outcome.failure.reason}): ${message}`;
}

/**
 * A diagnostic may quote the inline variables file. The log masks its values; the summary and the
 * comment are not masked by the runner, so the values are taken out here.
 */
function withoutVariables(text: string, variables: InlineVariables | undefined): string {
  if (!variables) return text;
  const leaves = variableLeaves(variables).sort((a, b) => b.length - a.length);
  return leaves.reduce((result, leaf) => result.split(leaf).join('***'), text);
}

export function summaryOf(outcome: Outcome): SummaryContent {
  const { inputs, plan, binary, commit } = outcome;
  return {
    heading: `terraform-plan-apply ${inputs.command}${inputs.dryRun ? ' (dry run)' : ''}: ${inputs.workingDirectoryLabel} in ${inputs.environment}`,
    lines: [
      statusOf(outcome),
      ...(outcome.notes ?? []),
      ...(outcome.differences ?? []).map((difference) => `Differs from the plan: ${difference}`),
      `Workspace ${inputs.workspace}${binary ? `, ${binary.name} ${binary.version}` : ''}${commit ? `, commit ${commit}` : ''}${outcome.awsAccount ? `, AWS account ${outcome.awsAccount}` : ''}.`,
      ...(plan && plan.summary.destructive.length > 0
        ? [`Destroys or replaces: ${listed(plan.summary.destructive)}`]
        : []),
      ...(outcome.bundleDir ? [`Plan bundle: ${outcome.bundleDir}`] : []),
      ...(outcome.planSha256 ? [`Plan sha256: ${outcome.planSha256}`] : []),
      ...(outcome.storedAt ? [`Plan store: ${outcome.storedAt}`] : []),
    ],
    table: plan ? { header: countNames, rows: [countNames.map((name) => plan.summary.counts[name])] } : undefined,
    details: plan ? { summary: 'Plan', text: plan.text } : undefined,
  };
}

/** A list of addresses that stays a line: the first hundred, then how many more (the plan has them all). */
function listed(addresses: string[], max = 100): string {
  const more = addresses.length - max;
  return `${addresses.slice(0, max).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** The comment's account of an outcome with a plan. */
export function planReportOf(outcome: Outcome): PlanReport {
  const { inputs, plan } = outcome;
  return {
    workingDirectory: inputs.workingDirectoryLabel,
    environment: inputs.environment,
    workspace: inputs.workspace,
    binary: outcome.binary ? `${outcome.binary.name} ${outcome.binary.version}` : 'unknown binary',
    commit: outcome.commit ?? 'unknown',
    counts: plan?.summary.counts ?? { add: 0, change: 0, destroy: 0, replace: 0, move: 0, import: 0 },
    destructive: plan?.summary.destructive ?? [],
    status: statusOf(outcome),
    planText: plan?.text ?? '(no plan: see the run)',
    fullPlanAt: `the job summary and the plan bundle (${bundleFiles.text})`,
    runUrl: runUrl(),
  };
}

/** What the PR comment and the job summary say about one plan. */
export interface PlanReport {
  workingDirectory: string;
  environment: string;
  workspace: string;
  binary: string;
  commit: string;
  counts: PlanCounts;
  destructive: string[];
  /** A line saying how the run ended, e.g. "Destroy blocked: ...". */
  status: string;
  planText: string;
  /** Where the full plan is when the comment had to shorten it. */
  fullPlanAt: string;
  runUrl?: string;
}

export const countNames: (keyof PlanCounts)[] = ['add', 'change', 'destroy', 'replace', 'move', 'import'];

export function commentKey(workingDirectory: string, environment: string): string {
  return commentMarker(`terraform-plan-apply dir=${workingDirectory} env=${environment}`);
}

export function countsLine(counts: PlanCounts): string {
  return countNames.map((name) => `${counts[name]} to ${name}`).join(', ');
}

/** A fence no line of the text can close early. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/**
 * The comment body, never longer than GitHub accepts: when the plan text does not fit, its head is
 * kept (cut at a line end), and the counts and destroyed addresses above it always stay.
 */
export function commentBody(report: PlanReport, limit = commentBodyLimit): string {
  const marker = commentKey(report.workingDirectory, report.environment);
  const head = [
    marker,
    `### Terraform plan: \`${report.workingDirectory}\` in \`${report.environment}\``,
    '',
    `${report.status}`,
    '',
    `| ${countNames.join(' | ')} |`,
    `|${countNames.map(() => ' ---: |').join('')}`,
    `| ${countNames.map((name) => report.counts[name]).join(' | ')} |`,
    '',
    `Workspace \`${report.workspace}\`, ${report.binary}, commit \`${report.commit}\`.${report.runUrl ? ` [Run](${report.runUrl})` : ''}`,
    ...(report.destructive.length > 0
      ? ['', `**Destroys or replaces:** ${report.destructive.map((a) => `\`${a}\``).join(', ')}`]
      : []),
    '',
  ].join('\n');

  const wrap = (text: string, note: string) => {
    const f = fence(text);
    return `${head}<details><summary>Plan${note}</summary>\n\n${f}text\n${text}\n${f}\n</details>\n`;
  };
  const whole = wrap(report.planText, '');
  if (whole.length <= limit) return whole;

  const notice = (cut: number) => ` (shortened: ${cut} characters cut; the full plan is in ${report.fullPlanAt})`;
  // The notice's own length depends on the number it states; size the budget for the widest number.
  // A margin for a longer fence, should the kept text hold long runs of backticks.
  const budget = limit - wrap('\n...', notice(report.planText.length)).length - 64;
  if (budget <= 0) {
    // Even the head is too long (thousands of destroyed addresses): cut the head itself.
    const tail = `\n\n(shortened; the full plan is in ${report.fullPlanAt})\n`;
    return head.slice(0, limit - tail.length) + tail;
  }
  let kept = report.planText.slice(0, budget);
  const lastNewline = kept.lastIndexOf('\n');
  if (lastNewline > 0) kept = kept.slice(0, lastNewline);
  return wrap(`${kept}\n...`, notice(report.planText.length - kept.length));
}
