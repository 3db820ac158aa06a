import { commentBodyLimit, commentMarker } from '../../action-helpers/pr-comment.js';
import type { PlanCounts } from './plan-json.js';

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
    `Workspace \`${report.workspace}\`, ${report.binary}, commit \`${report.commit}\`.`,
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

/** Job summaries take up to 1 MiB; the plan text is cut well below that. */
export const summaryPlanLimit = 900_000;

export function summaryPlanText(text: string, fullPlanAt: string): string {
  if (text.length <= summaryPlanLimit) return text;
  return `${text.slice(0, summaryPlanLimit)}\n... (shortened; the full plan is in ${fullPlanAt})`;
}
