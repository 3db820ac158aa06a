import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { git, isFullSha, isNullSha, type GitResult } from '../../action-helpers/git.js';
import { diffTreeArgs } from './diff.js';

/**
 * The first thing the action does, before the rest of its bundle (the toolkit, the YAML parser, the
 * glob engine) is even loaded: read the event and, when it names both commits (a push, a merge
 * queue) and no input overrides them, start the `git diff-tree` the comparison will need. git then
 * lists the changes on one core while node loads and parses the filters on the other. main.ts uses
 * the result only if it asks for exactly the same comparison, and runs its own diff otherwise.
 * Nothing here throws: any doubt means no early diff.
 */
export interface Early {
  payload: Record<string, unknown>;
  /** Set when the payload could not be read: main reports it properly. */
  payloadError?: string;
  diff?: EarlyDiff;
}

export interface EarlyDiff {
  cwd: string;
  base: string;
  head: string;
  renames: boolean;
  result: Promise<GitResult | undefined>;
}

export function startEarly(env: NodeJS.ProcessEnv = process.env): Early {
  const early: Early = { payload: {} };
  const path = env.GITHUB_EVENT_PATH;
  if (path && existsSync(path)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (parsed !== null && typeof parsed === 'object') early.payload = parsed as Record<string, unknown>;
    } catch (err) {
      early.payloadError = `The event payload ${path} is not valid JSON: ${(err as Error).message}`;
      return early;
    }
  }
  try {
    early.diff = startDiff(env, early.payload);
  } catch {
    early.diff = undefined;
  }
  return early;
}

function startDiff(env: NodeJS.ProcessEnv, payload: Record<string, unknown>): EarlyDiff | undefined {
  if (env.INPUT_BASE?.trim() || env.INPUT_HEAD?.trim() || env['INPUT_SINCE-DEPLOYMENT']?.trim()) return undefined;
  let base: unknown;
  let head: unknown;
  if (env.GITHUB_EVENT_NAME === 'push' && payload.deleted !== true) {
    ({ before: base, after: head } = payload);
  } else if (env.GITHUB_EVENT_NAME === 'merge_group') {
    const group = (payload.merge_group ?? {}) as Record<string, unknown>;
    ({ base_sha: base, head_sha: head } = group);
  }
  if (typeof base !== 'string' || typeof head !== 'string') return undefined;
  if (!isFullSha(base) || !isFullSha(head) || isNullSha(base) || isNullSha(head)) return undefined;
  const cwd = resolve(env.GITHUB_WORKSPACE || process.cwd(), env['INPUT_WORKING-DIRECTORY']?.trim() || '.');
  // readInputs explains a working-directory that is not a folder; git is not started in one.
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) return undefined;
  const renames = mentionsChangeTypes(env.INPUT_FILTERS?.trim() ?? '', cwd);
  const result = git(diffTreeArgs(base, head, renames), { cwd, allowFailure: true }).catch(() => undefined);
  return { cwd, base, head, renames, result };
}

/** A guess at whether a group restricts change types; main.ts checks it against the parsed filters. */
function mentionsChangeTypes(filters: string, cwd: string): boolean {
  if (!/[\n\r]/.test(filters) && filters !== '') {
    const path = isAbsolute(filters) ? filters : resolve(cwd, filters);
    if (existsSync(path) && statSync(path).isFile()) return readFileSync(path, 'utf8').includes('change-types');
  }
  return filters.includes('change-types');
}
