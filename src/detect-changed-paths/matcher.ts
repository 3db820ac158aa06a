import { ActionFailure } from '../../action-helpers/errors.js';
import type { ChangeStatus, FileChange } from './diff.js';
import type { ChangeType, Group } from './filters.js';
import { compileGlob, GlobError, type Meter } from './glob.js';

/**
 * Matches changed files against every group's globs in time linear in the number of changed files.
 *
 * Each distinct glob is compiled once (picomatch, dot files included) and filed under its static
 * prefix: `services/api/**` under `services/api`. A file is tested only against the globs filed under
 * one of its own folders (`services`, `services/api`, `services/api/src`, ...) plus the few with no
 * static prefix (`**\/*.md`), so 1,000 groups cost a handful of map look-ups per file, not 1,000
 * tests. `prefix/**` needs no test at all once the file is under the prefix. Exclusions are tested
 * only for a group a file would otherwise count for, and at most once per file.
 */
interface Rule {
  glob: string;
  test: (path: string) => boolean;
  /** Groups that include this glob. */
  groups: number[];
  /** Memo for exclusions: the evaluation serial and the result. */
  serial: number;
  result: boolean;
}

export interface GroupMatch {
  /** Changed files that count for the group (the path at head; for a file moved out, its old path). */
  files: string[];
  /** The first include glob that matched, and the file it matched: the "why" of the summary. */
  rule?: string;
  example?: string;
}

// Characters that make a path segment a pattern for picomatch rather than a literal name.
const globChars = /[*?[\]{}()!+@\\]/;

/**
 * The literal folders a glob starts with, and the rest: `services/api/**` is `services/api` + `**`.
 * A file can only match if it is under the prefix, so the prefix files the glob in the index.
 * `rest` is empty for a literal path (no glob character at all).
 */
export function staticPrefix(glob: string): { base: string; rest: string } {
  if (!globChars.test(glob)) return { base: glob, rest: '' };
  const segments = glob.split('/');
  let n = 0;
  while (n < segments.length - 1 && !globChars.test(segments[n]!)) n++;
  return { base: segments.slice(0, n).join('/'), rest: segments.slice(n).join('/') };
}

export function changeTypeOf(status: ChangeStatus): ChangeType {
  switch (status) {
    case 'added':
    case 'copied':
      return 'added';
    case 'deleted':
      return 'deleted';
    case 'renamed':
      return 'renamed';
    default:
      return 'modified';
  }
}

export class GroupMatcher {
  private readonly buckets = new Map<string, Rule[]>();
  private readonly exact = new Map<string, Rule[]>();
  private readonly everywhere: Rule[] = [];
  private readonly excludes: Rule[][];
  private readonly maxDepth: number;
  /** Lengths of the exact keys: most paths skip the look-up (and hashing the whole path) on one test. */
  private readonly exactLengths = new Set<number>();
  /** git lists paths in order, so neighbours share their folder: the buckets of the last one. */
  private lastFolder = '\0';
  private lastBuckets: Rule[][] = [];
  /**
   * For the last folder, when every glob filed above it is a `prefix/**` and none of their groups has
   * exclusions: the groups each of its files counts for, with no test at all, and by which glob.
   */
  private lastSimple?: { groups: number[]; rules: Rule[] };
  private serial = 0;
  /** Per group: the serial of the file evaluation that last made it a candidate, and by which rule. */
  private readonly candidateSerial: Int32Array;
  private readonly candidateRule: (Rule | undefined)[];

  /** Steps of glob matching so far, against a budget for the whole run (see glob.ts). */
  readonly meter: Meter;

  constructor(
    private readonly groups: readonly Group[],
    budget = 1_000_000_000,
  ) {
    const meter: Meter = { steps: 0, budget };
    this.meter = meter;
    const compile = (glob: string) => lazily(glob, meter);
    const rules = new Map<string, Rule>();
    const ruleFor = (glob: string): Rule => {
      let rule = rules.get(glob);
      if (!rule) {
        rule = { glob, test: compile(glob), groups: [], serial: -1, result: false };
        rules.set(glob, rule);
      }
      return rule;
    };
    let maxDepth = 0;
    groups.forEach((group, index) => {
      for (const glob of group.includes) {
        const rule = ruleFor(glob);
        if (rule.groups.length === 0) {
          const { base, rest } = staticPrefix(glob);
          if (rest === '') {
            push(this.exact, glob, rule);
          } else if (base === '') {
            this.everywhere.push(rule);
          } else {
            push(this.buckets, base, rule);
            maxDepth = Math.max(maxDepth, base.split('/').length);
            if (rest === '**') {
              // Everything under the prefix matches `prefix/**`, and so does `prefix` itself (as in
              // picomatch): nothing to run.
              push(this.exact, base, rule);
              rule.test = always;
            }
          }
        }
        if (!rule.groups.includes(index)) rule.groups.push(index);
      }
    });
    // Exclusions are tested directly (no index): only for groups a file already counts for.
    this.excludes = groups.map((group) =>
      group.excludes.map((glob) => ({ glob, test: compile(glob), groups: [], serial: -1, result: false })),
    );
    this.maxDepth = maxDepth;
    for (const key of this.exact.keys()) this.exactLengths.add(key.length);
    this.candidateSerial = new Int32Array(groups.length).fill(-1);
    this.candidateRule = new Array<Rule | undefined>(groups.length);
  }

  /** Every include glob with no static prefix, which is tested against every file. */
  get unindexedGlobs(): string[] {
    return this.everywhere.map((r) => r.glob);
  }

  /**
   * Groups a path counts for. `into` receives group indices (each once per call); returns how many.
   * A rule that matched is remembered in candidateRule for the summary.
   */
  private groupsOf(path: string, into: number[]): number {
    const serial = ++this.serial;
    const candidates = into.length;
    if (this.exactLengths.has(path.length)) {
      const exact = this.exact.get(path);
      if (exact) this.visit(exact, path, serial, into, true);
    }
    if (this.everywhere.length > 0) this.visit(this.everywhere, path, serial, into, false);
    this.enterFolder(path);
    for (const rules of this.lastBuckets) this.visit(rules, path, serial, into, false);
    if (into.length === candidates) return 0;
    // Drop candidates an exclusion rules out.
    let kept = candidates;
    for (let i = candidates; i < into.length; i++) {
      const g = into[i]!;
      if (this.excludes[g]!.length === 0 || !this.excluded(g, path, serial)) into[kept++] = g;
    }
    into.length = kept;
    return kept - candidates;
  }

  /** Makes the path's folder the current one (usually it already is: git lists paths in order). */
  private enterFolder(path: string): void {
    const cut = path.lastIndexOf('/') + 1;
    const last = this.lastFolder;
    if (cut === last.length && path.startsWith(last)) return;
    const folder = path.slice(0, cut);
    this.lastFolder = folder;
    this.lastBuckets = this.bucketsOf(folder);
    this.lastSimple = this.simpleOf(this.lastBuckets);
  }

  private simpleOf(buckets: readonly Rule[][]): { groups: number[]; rules: Rule[] } | undefined {
    const groups: number[] = [];
    const rules: Rule[] = [];
    const seen = new Set<number>();
    for (const bucket of buckets) {
      for (const rule of bucket) {
        if (rule.test !== always) return undefined;
        for (const g of rule.groups) {
          if (this.excludes[g]!.length > 0) return undefined;
          if (seen.has(g)) continue;
          seen.add(g);
          groups.push(g);
          rules.push(rule);
        }
      }
    }
    return { groups, rules };
  }

  /** The buckets filed under the folder `folder` (ending in /) or any folder above it. */
  private bucketsOf(folder: string): Rule[][] {
    const found: Rule[][] = [];
    let depth = 0;
    for (
      let slash = folder.indexOf('/');
      slash !== -1 && depth < this.maxDepth;
      slash = folder.indexOf('/', slash + 1)
    ) {
      depth++;
      const rules = this.buckets.get(folder.slice(0, slash));
      if (rules) found.push(rules);
    }
    return found;
  }

  private visit(rules: readonly Rule[], path: string, serial: number, into: number[], skipTest: boolean): void {
    const candidateSerial = this.candidateSerial;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      if (!skipTest && !rule.test(path)) continue;
      const groups = rule.groups;
      for (let k = 0; k < groups.length; k++) {
        const g = groups[k]!;
        if (candidateSerial[g] === serial) continue;
        candidateSerial[g] = serial;
        this.candidateRule[g] = rule;
        into.push(g);
      }
    }
  }

  private excluded(group: number, path: string, serial: number): boolean {
    for (const rule of this.excludes[group]!) {
      if (rule.serial !== serial) {
        rule.serial = serial;
        rule.result = rule.test(path);
      }
      if (rule.result) return true;
    }
    return false;
  }

  /** Sorts changes into groups: one entry per group, in the order of the filters. */
  match(changes: readonly FileChange[]): GroupMatch[] {
    try {
      return this.matchAll(changes);
    } catch (err) {
      if (!(err instanceof GlobError)) throw err;
      throw new ActionFailure(
        `filters: matching the globs against ${changes.length} changed file(s) took more than ${this.meter.budget} steps: use fewer globs without a fixed folder in front (such as **/x*y*z), or simpler ones`,
        'invalid-input',
      );
    }
  }

  private matchAll(changes: readonly FileChange[]): GroupMatch[] {
    const results: GroupMatch[] = this.groups.map(() => ({ files: [] }));
    const seenForChange = new Int32Array(this.groups.length).fill(-1);
    const found: number[] = [];
    const types = this.groups.map((g) => g.changeTypes);
    const anyTypeFilter = types.some((t) => t !== undefined);
    // The usual case - `prefix/**` globs, no change types - needs no per-file test (see lastSimple).
    const fast = this.everywhere.length === 0 && !anyTypeFilter;
    for (let c = 0; c < changes.length; c++) {
      const change = changes[c]!;
      if (fast && change.previousPath === undefined && !this.exactLengths.has(change.path.length)) {
        this.enterFolder(change.path);
        const simple = this.lastSimple;
        if (simple) {
          for (let k = 0; k < simple.groups.length; k++) {
            const result = results[simple.groups[k]!]!;
            result.files.push(change.path);
            if (result.rule === undefined) {
              result.rule = simple.rules[k]!.glob;
              result.example = change.path;
            }
          }
          continue;
        }
      }
      const type = anyTypeFilter ? changeTypeOf(change.status) : undefined;
      found.length = 0;
      this.record(change.path, c, type, types, results, seenForChange, found);
      if (change.previousPath !== undefined) {
        this.record(change.previousPath, c, type, types, results, seenForChange, found);
      }
    }
    return results;
  }

  private record(
    path: string,
    changeIndex: number,
    type: ChangeType | undefined,
    types: readonly (ReadonlySet<ChangeType> | undefined)[],
    results: GroupMatch[],
    seenForChange: Int32Array,
    found: number[],
  ): void {
    const start = found.length;
    this.groupsOf(path, found);
    for (let i = start; i < found.length; i++) {
      const g = found[i]!;
      if (seenForChange[g] === changeIndex) continue;
      const allowed = types[g];
      if (allowed && type && !allowed.has(type)) continue;
      seenForChange[g] = changeIndex;
      const result = results[g]!;
      // The head path is recorded first, so a path reaching here for a rename's old name is one
      // moved out of the group: it is listed by that old name.
      result.files.push(path);
      if (result.rule === undefined) {
        result.rule = this.candidateRule[g]!.glob;
        result.example = path;
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const always = (): boolean => true;

/** Compiled on first use: a `prefix/**` glob, the usual kind, never needs it. */
function lazily(glob: string, meter: Meter): (path: string) => boolean {
  let matcher: ((path: string) => boolean) | undefined;
  return (path) => (matcher ??= compileGlob(glob, meter))(path);
}

/**
 * Groups that count as changed, their own files first, then through `depends-on` (transitively:
 * a group whose dependency changed has changed). Returns, for each group, why: undefined when it did
 * not change, the glob for a direct change, or the dependency's name.
 */
export function resolveDependencies(
  groups: readonly Group[],
  direct: readonly boolean[],
): { changed: boolean[]; via: (string | undefined)[] } {
  const changed = [...direct];
  const via: (string | undefined)[] = groups.map(() => undefined);
  const index = new Map(groups.map((g, i) => [g.name, i]));
  // Dependents of each group, to walk outward from every directly changed group.
  const dependents: number[][] = groups.map(() => []);
  groups.forEach((g, i) => {
    for (const dep of g.dependsOn) dependents[index.get(dep)!]!.push(i);
  });
  const queue = changed.flatMap((c, i) => (c ? [i] : []));
  for (let q = 0; q < queue.length; q++) {
    const from = queue[q]!;
    for (const d of dependents[from]!) {
      if (changed[d]) continue;
      changed[d] = true;
      via[d] = groups[from]!.name;
      queue.push(d);
    }
  }
  return { changed, via };
}
