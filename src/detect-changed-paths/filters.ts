import { ActionFailure } from '../../action-helpers/errors.js';
import { compileGlob, GlobError } from './glob.js';
import { parseSimpleYaml, type SimpleEntry } from './simple-yaml.js';

/**
 * The `filters` input: a YAML mapping of group name to globs, in the short form
 *
 *   api: [services/api/**, '!**\/*.md']
 *
 * or the rich form, where a group carries metadata for the job matrix:
 *
 *   api:
 *     paths: [services/api/**]
 *     change-types: [added, modified]
 *     depends-on: [shared]
 *     ecr-repository: team/api
 *
 * Lists may nest (YAML anchors: `- *shared`); they are flattened. Errors name the line.
 */
export type ChangeType = 'added' | 'modified' | 'deleted' | 'renamed';
export const changeTypes: readonly ChangeType[] = ['added', 'modified', 'deleted', 'renamed'];

export interface Group {
  name: string;
  /**
   * Globs a file must match one of (normalised: no leading ./, a trailing / means the folder). A group
   * written with exclusions only includes `**`: everything except them.
   */
  includes: string[];
  /** Globs (without the leading !) a file must match none of. */
  excludes: string[];
  /** Only these kinds of change count; undefined means every kind. */
  changeTypes?: ReadonlySet<ChangeType>;
  dependsOn: string[];
  /** Free fields of the rich form, passed through to the matrix. */
  metadata: Record<string, unknown>;
}

export interface Filters {
  groups: Group[];
  /** Problems that do not stop the action (a glob that can never match). */
  warnings: string[];
}

/** Output names the action sets itself: a group may not take them. */
export const fixedOutputs = ['changes', 'matrix', 'any-changed', 'base', 'head', 'failure-reason', 'missing-base'];
const groupNamePattern = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;
/** YAML anchors may repeat a list; past this many items in all, the filters are refused. */
export const maxItems = 100_000;
const ownKeys = new Set(['paths', 'change-types', 'depends-on']);

/** `source` names where the text came from in messages: "filters" or "filters file .github/filters.yml". */
export async function parseFilters(text: string, source = 'filters'): Promise<Filters> {
  const entries = parseSimpleYaml(text) ?? (await parseWithLibrary(text, source));
  if (entries.length === 0) throw new ActionFailure(`${source}: no groups are defined`, 'invalid-input');
  const warnings: string[] = [];
  const groups: Group[] = [];
  const lines = new Map<string, string>();
  for (const { key: name, value, line } of entries) {
    const at = line ? ` (line ${line})` : '';
    if (!groupNamePattern.test(name)) {
      throw new ActionFailure(
        `${source}: group name ${JSON.stringify(name.length > 80 ? `${name.slice(0, 77)}...` : name)}${at} is not valid: it becomes an output name, so use up to 100 letters, digits, - and _, starting with a letter or _`,
        'invalid-input',
      );
    }
    lines.set(name, at);
    const group = readGroup(name, value, `${source}: group '${name}'${at}`);
    for (const w of group.warnings) warnings.push(`${source}: group '${name}'${at}: ${w}`);
    groups.push(group.group);
  }

  const names = new Set(groups.map((g) => g.name));
  for (const g of groups) {
    for (const dep of g.dependsOn) {
      if (!names.has(dep)) {
        throw new ActionFailure(
          `${source}: group '${g.name}'${lines.get(g.name)} depends on '${dep}', which is not a group (groups: ${[...names].join(', ')})`,
          'invalid-input',
        );
      }
    }
  }
  checkOutputNames(groups, source);
  return { groups, warnings };
}

/** The full YAML library, for whatever the fast reader leaves (and for every error message). */
async function parseWithLibrary(text: string, source: string): Promise<SimpleEntry[]> {
  const { LineCounter, isMap, isScalar, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const at = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
    const where = at ? ` at line ${at.line}, column ${at.col}` : '';
    const what = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ActionFailure(`${source}: invalid YAML${where}: ${what}`, 'invalid-input');
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return [];
  if (!isMap(root)) {
    const line = root.range ? ` (line ${lineCounter.linePos(root.range[0]).line})` : '';
    throw new ActionFailure(
      `${source}: expected a mapping of group name to globs, such as "api: [services/api/**]"${line}`,
      'invalid-input',
    );
  }
  let json: Record<string, unknown>;
  try {
    json = doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown>;
  } catch (err) {
    // The yaml library's guard against exponential alias expansion ("billion laughs").
    if (!(err instanceof ReferenceError)) throw err;
    throw new ActionFailure(
      `${source}: the YAML anchors and aliases expand to more than ${maxItems} items (or nest too deeply): write the lists out`,
      'invalid-input',
    );
  }
  return root.items.map((pair) => {
    const keyNode = pair.key as { value?: unknown; range?: [number, number, number] } | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    return {
      key,
      value: json[key],
      line: keyNode?.range ? lineCounter.linePos(keyNode.range[0]).line : 0,
    };
  });
}

function readGroup(name: string, value: unknown, where: string): { group: Group; warnings: string[] } {
  let rawPaths: unknown;
  let changeTypeList: ChangeType[] | undefined;
  let dependsOn: string[] = [];
  const metadata: Record<string, unknown> = {};
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const fields = value as Record<string, unknown>;
    if (!('paths' in fields))
      throw new ActionFailure(`${where}: the mapping form needs a 'paths' list`, 'invalid-input');
    rawPaths = fields.paths;
    if (fields['change-types'] !== undefined) {
      const list = flatten(fields['change-types'], where);
      const bad = list.find((t) => typeof t !== 'string' || !(changeTypes as readonly string[]).includes(t));
      if (bad !== undefined || list.length === 0) {
        throw new ActionFailure(
          `${where}: change-types ${JSON.stringify(bad ?? fields['change-types'])} is not valid. Accepted: a list of ${changeTypes.join(', ')}`,
          'invalid-input',
        );
      }
      changeTypeList = list as ChangeType[];
    }
    if (fields['depends-on'] !== undefined) {
      const list = flatten(fields['depends-on'], where);
      const bad = list.find((d) => typeof d !== 'string');
      if (bad !== undefined) throw new ActionFailure(`${where}: depends-on must list group names`, 'invalid-input');
      dependsOn = [...new Set(list as string[])].filter((d) => d !== name);
    }
    for (const [key, v] of Object.entries(fields)) {
      if (ownKeys.has(key)) continue;
      if (key === 'group') {
        throw new ActionFailure(
          `${where}: 'group' is reserved (the matrix sets it to the group's name)`,
          'invalid-input',
        );
      }
      metadata[key] = v;
    }
  } else {
    rawPaths = value;
  }
  const items = flatten(rawPaths, where);
  if (items.length === 0 || items.some((p) => typeof p !== 'string' && typeof p !== 'number')) {
    throw new ActionFailure(`${where}: expected a glob or a list of globs, such as services/api/**`, 'invalid-input');
  }
  const warnings: string[] = [];
  const includes: string[] = [];
  const excludes: string[] = [];
  for (const item of items) {
    const raw = String(item).trim();
    const negated = raw.startsWith('!');
    const pattern = normaliseGlob(negated ? raw.slice(1).trim() : raw);
    if (pattern === '') {
      warnings.push(`${JSON.stringify(raw)} is empty and was ignored`);
      continue;
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(pattern)) {
      throw new ActionFailure(
        `${where}: the glob ${JSON.stringify(raw)} contains a control character (only tabs and line breaks can be part of a name to match)`,
        'invalid-input',
      );
    }
    try {
      compileGlob(pattern);
    } catch (err) {
      if (!(err instanceof GlobError)) throw err;
      throw new ActionFailure(
        `${where}: the glob ${JSON.stringify(raw)} is not valid: ${err.message}`,
        'invalid-input',
      );
    }
    const problem = neverMatches(pattern);
    if (problem) warnings.push(`${JSON.stringify(raw)} can never match: ${problem}`);
    // `api: |` followed by globs on their own lines is one string, not a list.
    if (/[\n\r]/.test(raw) && typeof item === 'string') {
      warnings.push(
        `${JSON.stringify(String(item))} is one glob over several lines: write a list (one "- glob" per line) for several globs`,
      );
    }
    (negated ? excludes : includes).push(pattern);
  }
  // Exclusions only: everything except them, as the peer actions read such a group.
  if (includes.length === 0 && excludes.length > 0) includes.push('**');
  return {
    group: {
      name,
      includes: [...new Set(includes)],
      excludes: [...new Set(excludes)],
      changeTypes: changeTypeList ? new Set(changeTypeList) : undefined,
      dependsOn,
      metadata,
    },
    warnings,
  };
}

/** Nested lists (from anchors) as one list, refused past maxItems so that aliases cannot multiply it. */
function flatten(value: unknown, where: string): unknown[] {
  const out: unknown[] = [];
  const visit = (v: unknown): void => {
    if (v === null || v === undefined) return;
    if (!Array.isArray(v)) {
      if (out.push(v) > maxItems) {
        throw new ActionFailure(`${where}: the list has more than ${maxItems} items`, 'invalid-input');
      }
      return;
    }
    for (const item of v) visit(item);
  };
  visit(value);
  return out;
}

/** `./a/b` is `a/b`; `a/b/` means everything in the folder `a/b`. */
export function normaliseGlob(pattern: string): string {
  let p = pattern;
  while (p.startsWith('./')) p = p.slice(2);
  if (p.endsWith('/') && !p.endsWith('\\/')) p = `${p}**`;
  return p;
}

/** Why a glob can never match a path git reports, or undefined when it can. */
export function neverMatches(pattern: string): string | undefined {
  if (pattern.startsWith('/')) return 'git reports paths relative to the repository root, without a leading /';
  if (pattern.split('/').some((segment) => segment === '..' || segment === '.')) {
    return 'git reports normalised paths, without . or .. segments';
  }
  if (/\\[A-Za-z0-9]/.test(pattern)) {
    return 'folders are separated by /, not \\ (a backslash escapes the next character in a glob)';
  }
  if (pattern.includes('//')) return 'git paths never contain an empty folder name (//)';
  return undefined;
}

function checkOutputNames(groups: readonly Group[], source: string): void {
  // Expressions read outputs case-insensitively, so API and api would be the same output.
  const owner = new Map<string, string>(fixedOutputs.map((o) => [o, 'the action']));
  for (const g of groups) {
    for (const output of [g.name, `${g.name}-count`, `${g.name}-files`, `${g.name}-files-path`]) {
      const taken = owner.get(output.toLowerCase());
      if (taken) {
        throw new ActionFailure(
          `${source}: group '${g.name}' would set output '${output}', which ${taken === 'the action' ? 'the action sets itself' : `group '${taken}' already sets`}; rename the group`,
          'invalid-input',
        );
      }
      owner.set(output.toLowerCase(), g.name);
    }
  }
}
