import * as core from '@actions/core';

/**
 * Outputs and the job summary, written through @actions/core only. Non-string values become JSON,
 * so a caller can always `fromJSON()` an output that holds a list or an object.
 */
export function setOutputs(outputs: Record<string, string | number | boolean | object | undefined>): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value === undefined) continue;
    core.setOutput(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
}

export type SummaryRow = readonly (string | number | boolean)[];

export interface SummaryContent {
  heading: string;
  /** Lines of prose under the heading (markdown is not interpreted: they are escaped). */
  lines?: readonly string[];
  table?: { header: readonly string[]; rows: readonly SummaryRow[] };
  /** Collapsed preformatted text, e.g. a plan or the tail of a log. */
  details?: { summary: string; text: string };
}

/**
 * Writes the job summary. Off GitHub (act without a summary file, a local run) there is no summary
 * file, and the summary goes to the log instead of failing the step.
 */
export async function writeSummary(content: SummaryContent): Promise<void> {
  const s = core.summary.emptyBuffer().addHeading(content.heading, 3);
  for (const line of content.lines ?? []) s.addRaw(escapeHtml(line), true).addBreak();
  if (content.table) {
    s.addTable([
      content.table.header.map((data) => ({ data: escapeHtml(data), header: true })),
      ...content.table.rows.map((row) => row.map((cell) => escapeHtml(String(cell)))),
    ]);
  }
  if (content.details)
    s.addDetails(escapeHtml(content.details.summary), `<pre>${escapeHtml(content.details.text)}</pre>`);
  if (process.env.GITHUB_STEP_SUMMARY) {
    await s.write();
  } else {
    core.info(s.stringify());
    s.emptyBuffer();
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The dry-run convention: with `dry-run: true` an action computes and reports its whole plan but
 * performs no effect. Effects go through here so the two paths cannot drift apart.
 */
export async function effect<T>(
  dryRun: boolean,
  description: string,
  perform: () => Promise<T>,
): Promise<T | undefined> {
  if (dryRun) {
    core.info(`[dry-run] would ${description}`);
    return undefined;
  }
  return perform();
}
