import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Group } from './filters.js';
import type { GroupMatch } from './matcher.js';

/** What the action found, in the shape the outputs and the summary are written from. */
export interface Outcome {
  groups: readonly Group[];
  matches: readonly GroupMatch[];
  changed: readonly boolean[];
  /** For a group changed through depends-on: the dependency that changed. */
  via: readonly (string | undefined)[];
  base: string;
  head: string;
  /** How the base was chosen: "push", "pull_request #12 (base main)", ... */
  source: string;
  /** Set when no base was found and every group counts as changed: why. */
  missingBase?: string;
  /** Set when nothing can have changed (a deleted branch): why. */
  nothing?: string;
  /** Changed files in the comparison, all groups together. */
  totalChanges: number;
}

export function changedNames(o: Outcome): string[] {
  return o.groups.filter((_, i) => o.changed[i]).map((g) => g.name);
}

/** The matrix: one entry per changed group, with the group's free fields. */
export function matrixOf(o: Outcome): { include: Record<string, unknown>[] } {
  return {
    include: o.groups.flatMap((g, i) => (o.changed[i] ? [{ group: g.name, ...g.metadata }] : [])),
  };
}

/** The outputs that do not depend on list-files, in the order they are written. */
export function mainOutputs(o: Outcome): Record<string, string> {
  const names = changedNames(o);
  const outputs: Record<string, string> = {
    changes: JSON.stringify(names),
    matrix: JSON.stringify(matrixOf(o)),
    'any-changed': String(names.length > 0),
    base: o.base,
    head: o.head,
    'missing-base': String(o.missingBase !== undefined),
  };
  o.groups.forEach((g, i) => {
    outputs[g.name] = String(o.changed[i]);
    outputs[`${g.name}-count`] = String(o.matches[i]!.files.length);
  });
  return outputs;
}

/** Why a group changed, in words for the summary table. */
export function whyOf(o: Outcome, i: number): string {
  const m = o.matches[i]!;
  if (o.missingBase !== undefined) return 'no base: every group counts (on-missing-base: all)';
  if (m.rule !== undefined) {
    const more = m.files.length > 1 ? ` and ${m.files.length - 1} more` : '';
    return `${m.rule} matched ${m.example}${more}`;
  }
  if (o.changed[i] && o.via[i]) return `depends on ${o.via[i]}, which changed`;
  return '-';
}

/**
 * Rows of the summary table. With more than `limit` groups, only the changed ones are listed (up to
 * `maxRows`): a table of a thousand unchanged groups helps nobody and the summary has a size limit.
 */
export function summaryRows(o: Outcome, limit = 200, maxRows = 1000): { rows: string[][]; hidden: number } {
  const row = (i: number): string[] => [
    o.groups[i]!.name,
    o.changed[i] ? 'yes' : 'no',
    String(o.matches[i]!.files.length),
    whyOf(o, i),
  ];
  const indices = o.groups.map((_, i) => i);
  const shown = indices.length <= limit ? indices : indices.filter((i) => o.changed[i]).slice(0, maxRows);
  return { rows: shown.map(row), hidden: indices.length - shown.length };
}

/**
 * One JSON file per group (the list of its paths) in `dir`, always, as `<group>-files-path`; with
 * list-files json, the same list as the `<group>-files` output too, unless it is over `maxBytes`, or
 * the lists as outputs would add up to more than `maxTotalBytes` (GitHub caps a job's outputs at
 * 50 MB: a thousand groups sharing one large list would pass it).
 */
export function fileListOutputs(
  o: Outcome,
  mode: 'json' | 'file',
  dir: string,
  maxBytes: number,
  maxTotalBytes = 20 * maxBytes,
): { outputs: Record<string, string>; tooLarge: string[] } {
  const outputs: Record<string, string> = {};
  const tooLarge: string[] = [];
  let total = 0;
  o.groups.forEach((g, i) => {
    const json = JSON.stringify(o.matches[i]!.files);
    const path = join(dir, `${g.name}.json`);
    writeFileSync(path, json);
    outputs[`${g.name}-files-path`] = path;
    if (mode === 'json') {
      const bytes = Buffer.byteLength(json);
      if (bytes <= maxBytes && total + bytes <= maxTotalBytes) {
        outputs[`${g.name}-files`] = json;
        total += bytes;
      } else {
        tooLarge.push(g.name);
      }
    }
  });
  return { outputs, tooLarge };
}
