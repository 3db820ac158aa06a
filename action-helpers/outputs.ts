import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import * as core from '@actions/core';
import { messageOf } from './errors.js';

export type OutputValue = string | number | boolean | object | undefined;
export type Outputs = Record<string, OutputValue>;

/**
 * Sets every output with one write. Non-string values become JSON, so a caller can always
 * `fromJSON()` an output that holds a list or an object; undefined values are left unset.
 *
 * core.setOutput opens, appends to and closes GITHUB_OUTPUT once per output: 20 ms for the 2,000
 * outputs of 1,000 groups in detect-changed-paths, a tenth of its whole run. This writes the same
 * `name<<delimiter` blocks core writes (prepareKeyValueMessage in @actions/core's file-command.js: a
 * random `ghadelimiter_<uuid>`, refused if a name or value contains it) in a single append. Without
 * GITHUB_OUTPUT (an old runner) it leaves everything to core.setOutput.
 */
export function setOutputs(outputs: Outputs): void {
  const entries = Object.entries(outputs)
    .filter((entry): entry is [string, Exclude<OutputValue, undefined>] => entry[1] !== undefined)
    .map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)] as const);
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    for (const [name, value] of entries) core.setOutput(name, value);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const blocks: string[] = [];
  for (const [name, value] of entries) {
    if (name.includes(delimiter) || value.includes(delimiter)) {
      throw new Error(`output ${JSON.stringify(name)} contains the delimiter ${delimiter}`);
    }
    blocks.push(`${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`);
  }
  appendFileSync(file, blocks.join(''), { encoding: 'utf8' });
}

export type SummaryRow = readonly (string | number | boolean)[];

export interface SummaryContent {
  heading: string;
  /** Lines of prose under the heading (markdown is not interpreted: they are escaped). */
  lines?: readonly string[];
  table?: { header: readonly string[]; rows: readonly SummaryRow[] };
  /** More tables, each under its own caption (e.g. findings, gates, workloads). */
  tables?: readonly { caption: string; header: readonly string[]; rows: readonly SummaryRow[] }[];
  /** Collapsed preformatted text, e.g. a plan or the tail of a log. */
  details?: { summary: string; text: string };
}

/** GitHub refuses a step summary over 1 MiB; keep well below, cutting before escaping grows it. */
const maxSummaryBytes = 900 * 1024;

/**
 * Writes the job summary. Off GitHub (act without a summary file, a local run) there is no summary
 * file, and the summary goes to the log instead of failing the step.
 */
export async function writeSummary(content: SummaryContent): Promise<void> {
  const s = core.summary.emptyBuffer().addHeading(escapeHtml(content.heading), 3);
  for (const line of content.lines ?? []) s.addRaw(escapeHtml(line), true).addBreak();
  const tables = [...(content.table ? [{ caption: '', ...content.table }] : []), ...(content.tables ?? [])];
  for (const table of tables) {
    if (table.caption) s.addRaw(`<p><b>${escapeHtml(table.caption)}</b></p>`, true);
    s.addTable([
      table.header.map((data) => ({ data: escapeHtml(data), header: true })),
      ...table.rows.map((row) => row.map((cell) => escapeHtml(String(cell)))),
    ]);
  }
  if (content.details) {
    const room = Math.max(0, maxSummaryBytes - Buffer.byteLength(s.stringify()) - 1024);
    s.addDetails(
      escapeHtml(content.details.summary),
      `<pre>${escapeHtml(cutToBytes(content.details.text, room))}</pre>`,
    );
  }
  if (process.env.GITHUB_STEP_SUMMARY) {
    await s.write();
  } else {
    core.info(s.stringify());
    s.emptyBuffer();
  }
}

/** Cuts text so that even fully escaped (6 bytes a character at worst) it fits in `bytes`. */
function cutToBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text) * 6 <= bytes) return text;
  const keep = Math.floor(bytes / 6);
  return `${text.slice(0, keep)}\n... (cut: the summary has a size limit)`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Publishes a run's outputs and job summary, once, from main.ts's `finally`, whether the run
 * succeeded or failed. A summary that cannot be written is a warning, never a second failure
 * that would hide the first.
 */
export async function publish(outputs: Outputs, summary: SummaryContent): Promise<void> {
  setOutputs(outputs);
  await writeSummary(summary).catch((err: unknown) =>
    core.warning(`Could not write the job summary: ${messageOf(err)}`),
  );
}
