import { join } from 'node:path';
import { ActionFailure } from '../../action-helpers/errors.js';
import type { Outputs, SummaryContent } from '../../action-helpers/outputs.js';
import type { Failure } from '../../action-helpers/run.js';
import type { Comparison } from './comparison.js';
import type { Inputs } from './inputs.js';
import type { GroupMatch } from './matcher.js';

/** What the run learnt, filled in as it goes; the outputs and the summary are written from it. */
export interface Outcome {
  inputs: Inputs;
  /** The commits compared and the changes between them, once git has answered. */
  comparison?: Comparison;
  /** Which groups changed, once the changes are sorted into groups. */
  groups?: GroupResult;
  /** With list-files: where the lists were written, and which are outputs too. */
  fileLists?: FileLists;
  failure?: Failure;
}

export interface GroupResult {
  matches: readonly GroupMatch[];
  changed: readonly boolean[];
  /** For a group changed through depends-on: the dependency that changed. */
  via: readonly (string | undefined)[];
}

export interface FileLists {
  dir: string;
  /** Per group, the JSON list when it is also the `<group>-files` output. */
  inline: readonly (string | undefined)[];
  /** Groups whose list is too large for an output: in its file only. */
  tooLarge: readonly string[];
}

/**
 * GitHub refuses a step output over 1 MB, and caps a job's outputs at 50 MB in all. The action keeps
 * its outputs to 20 MB: past that, thousands of groups or a huge matrix fail the step with this limit
 * named rather than an error from the runner, and file lists stay in their files.
 */
export const outputLimits = { perOutput: 1_000_000, total: 20_000_000 };

export function changedNames(o: Outcome): string[] {
  const { groups } = o.inputs.filters;
  return o.groups ? groups.filter((_, i) => o.groups!.changed[i]).map((g) => g.name) : [];
}

/** The matrix: one entry per changed group, with the group's free fields. */
export function matrixOf(o: Outcome): { include: Record<string, unknown>[] } {
  const { groups } = o.inputs.filters;
  return {
    include: groups.flatMap((g, i) => (o.groups?.changed[i] ? [{ group: g.name, ...g.metadata }] : [])),
  };
}

/**
 * Every declared output (undefined until known), then per group `<group>`, `<group>-count`, and with
 * list-files `<group>-files-path` and `<group>-files`. A null prototype, so that a group named
 * `__proto__` is an output like any other.
 */
export function outputsOf(o: Outcome): Outputs {
  const outputs: Outputs = Object.create(null) as Outputs;
  const c = o.comparison;
  const known = o.groups !== undefined;
  const names = changedNames(o);
  Object.assign(outputs, {
    changes: known ? JSON.stringify(names) : undefined,
    matrix: known ? JSON.stringify(matrixOf(o)) : undefined,
    'any-changed': known ? String(names.length > 0) : undefined,
    base: known ? c?.base : undefined,
    head: known ? c?.head : undefined,
    'missing-base': known ? String(c?.missingBase !== undefined) : undefined,
  });
  if (!o.groups) return outputs;
  const { matches, changed } = o.groups;
  o.inputs.filters.groups.forEach((g, i) => {
    outputs[g.name] = String(changed[i]);
    outputs[`${g.name}-count`] = String(matches[i]!.files.length);
    if (o.fileLists) {
      outputs[`${g.name}-files-path`] = join(o.fileLists.dir, `${g.name}.json`);
      outputs[`${g.name}-files`] = o.fileLists.inline[i];
    }
  });
  return outputs;
}

/** Bytes of a set of outputs as the runner stores them: names and values. */
export function sizeOf(outputs: Outputs): number {
  let total = 0;
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) total += Buffer.byteLength(name) + Buffer.byteLength(String(value));
  }
  return total;
}

/** Refuses outputs past the limits, naming the limit and the largest output. */
export function checkOutputSizes(outputs: Outputs): void {
  let largest = ['', 0] as [string, number];
  for (const [name, value] of Object.entries(outputs)) {
    const bytes = value === undefined ? 0 : Buffer.byteLength(String(value));
    if (bytes > largest[1]) largest = [name, bytes];
  }
  const mb = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;
  if (largest[1] > outputLimits.perOutput) {
    throw new ActionFailure(
      `The ${largest[0]} output would be ${mb(largest[1])}, over the limit of ${mb(outputLimits.perOutput)} for one output: use fewer or smaller groups, or fewer matrix fields.`,
      'outputs-too-large',
    );
  }
  const total = sizeOf(outputs);
  if (total > outputLimits.total) {
    throw new ActionFailure(
      `The outputs would take ${mb(total)} (${Object.keys(outputs).length} outputs), over the limit of ${mb(outputLimits.total)} for all of them: use fewer groups.`,
      'outputs-too-large',
    );
  }
}

/**
 * Which file lists are outputs too: each at most the per-output limit, all of them within the room the
 * other outputs leave. Lists are in the order of the filters; a list that does not fit stays in its file.
 */
export function inlineLists(
  lists: readonly string[],
  mode: 'json' | 'file',
  room: number,
  names: readonly string[],
): { inline: (string | undefined)[]; tooLarge: string[] } {
  const tooLarge: string[] = [];
  let left = room;
  const inline = lists.map((json, i) => {
    if (mode !== 'json') return undefined;
    const bytes = Buffer.byteLength(json) + Buffer.byteLength(names[i]!) + 6;
    if (bytes <= outputLimits.perOutput && bytes <= left) {
      left -= bytes;
      return json;
    }
    tooLarge.push(names[i]!);
    return undefined;
  });
  return { inline, tooLarge };
}

/** Why a group changed, in words for the summary table. */
export function whyOf(o: Outcome, i: number): string {
  const m = o.groups!.matches[i]!;
  if (o.comparison?.missingBase !== undefined) return 'no base: every group counts (on-missing-base: all)';
  if (m.rule !== undefined) {
    const more = m.files.length > 1 ? ` and ${m.files.length - 1} more` : '';
    return `${m.rule} matched ${m.example}${more}`;
  }
  if (o.groups!.changed[i] && o.groups!.via[i]) return `depends on ${o.groups!.via[i]}, which changed`;
  return '-';
}

/**
 * Rows of the summary table. With more than `limit` groups, only the changed ones are listed (up to
 * `maxRows`): a table of a thousand unchanged groups helps nobody and the summary has a size limit.
 */
export function summaryRows(o: Outcome, limit = 200, maxRows = 1000): { rows: string[][]; hidden: number } {
  const { groups } = o.inputs.filters;
  const result = o.groups;
  if (!result) return { rows: [], hidden: 0 };
  const row = (i: number): string[] => [
    groups[i]!.name,
    result.changed[i] ? 'yes' : 'no',
    String(result.matches[i]!.files.length),
    whyOf(o, i),
  ];
  const indices = groups.map((_, i) => i);
  const shown = indices.length <= limit ? indices : indices.filter((i) => result.changed[i]).slice(0, maxRows);
  return { rows: shown.map(row), hidden: indices.length - shown.length };
}

/** One line for the log: what was compared and which groups changed. */
export function logLineOf(o: Outcome): string {
  const c = o.comparison!;
  const names = changedNames(o);
  return (
    `${c.changes.length} changed file(s) between ${c.base || '(no base)'} and ${c.head || '(no head)'} [${c.source}]; ` +
    `${names.length} of ${o.inputs.filters.groups.length} group(s) changed${names.length > 0 ? `: ${preview(names)}` : ''}`
  );
}

export function summaryOf(o: Outcome): SummaryContent {
  const c = o.comparison;
  const lines: string[] = [];
  if (c?.nothing) lines.push(c.nothing);
  else if (c?.missingBase)
    lines.push(`No base: ${c.missingBase}. Every group counts as changed (on-missing-base: all).`);
  else if (c)
    lines.push(
      `${c.changes.length} changed file(s), ${c.base.slice(0, 12)}..${c.head.slice(0, 12)}, base from ${c.source}.`,
    );
  const { rows, hidden } = summaryRows(o);
  if (hidden > 0) {
    const changedHidden = changedNames(o).length - rows.filter((r) => r[1] === 'yes').length;
    lines.push(
      `${hidden} group(s) not listed${changedHidden > 0 ? ` (${changedHidden} of them changed: see the changes output)` : ', none of them changed'}.`,
    );
  }
  if (o.fileLists && o.fileLists.tooLarge.length > 0) lines.push(tooLargeWarning(o.fileLists.tooLarge));
  for (const w of o.inputs.filters.warnings) lines.push(`Warning: ${w}`);
  const groupCount = o.inputs.filters.groups.length;
  if (o.failure) {
    lines.unshift(
      c
        ? `Failed (${o.failure.reason}) after comparing the commits: ${o.failure.message}`
        : `Failed (${o.failure.reason}) before any change was listed: ${o.failure.message}`,
    );
    return { heading: `Changed paths: failed, ${groupCount} group(s) not decided`, lines };
  }
  return {
    heading: `Changed paths: ${changedNames(o).length} of ${groupCount} group(s)`,
    lines,
    table: { header: ['group', 'changed', 'files', 'why'], rows },
  };
}

export function tooLargeWarning(names: readonly string[]): string {
  return `The file lists of ${preview(names)} are too large for step outputs (over ${outputLimits.perOutput / 1_000_000} MB each, or ${outputLimits.total / 1_000_000} MB in all): read them from <group>-files-path instead.`;
}

export function preview(names: readonly string[], max = 20): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
