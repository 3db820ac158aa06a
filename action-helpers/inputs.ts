import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { InputError } from './errors.js';
import type { Format } from './formats.js';

/**
 * Typed readers for action inputs. Each reads one input, validates it and returns a typed value, or
 * throws an InputError naming the input and what is accepted. Actions read every input in their
 * inputs.ts before doing anything, so a bad value can never leave work half-done.
 */

interface StringOptions {
  required?: boolean;
  default?: string;
  format?: Format;
}

export function getString(name: string, options: StringOptions & ({ required: true } | { default: string })): string;
export function getString(name: string, options?: StringOptions): string | undefined;
export function getString(name: string, options: StringOptions = {}): string | undefined {
  const raw = core.getInput(name);
  if (raw === '') {
    if (options.required)
      throw new InputError(name, 'a value is required', options.format?.accepted ?? 'any non-empty value');
    return options.default;
  }
  if (options.format && !options.format.test(raw)) throw invalid(name, raw, options.format.accepted);
  return raw;
}

/** A secret input: masked in the log before anything can print it, and never echoed in an error. */
export function getSecret(name: string, options: { required?: boolean } = {}): string | undefined {
  const raw = core.getInput(name);
  if (raw === '') {
    if (options.required) throw new InputError(name, 'a value is required', 'a non-empty secret');
    return undefined;
  }
  core.setSecret(raw);
  return raw;
}

export function getBoolean(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).toLowerCase();
  if (raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw invalid(name, raw, 'true or false');
}

export function getEnum<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
export function getEnum<T extends string>(name: string, allowed: readonly T[]): T | undefined;
export function getEnum<T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined {
  const raw = core.getInput(name);
  if (raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw invalid(name, raw, `one of ${allowed.join(', ')}`);
  return raw as T;
}

export function getInteger(name: string, options: { default: number; min?: number; max?: number }): number {
  const raw = core.getInput(name);
  if (raw === '') return options.default;
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) {
    throw invalid(name, raw, `a whole number from ${min} to ${max}`);
  }
  return value;
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Durations such as 90s, 5m, 1h30m or 250ms; a bare number is seconds. Returns milliseconds. */
export function parseDuration(raw: string): number | undefined {
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const parts = [...raw.matchAll(/(\d+)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== raw) return undefined;
  return parts.reduce((total, [, n, unit]) => total + Number(n) * (durationUnits[unit!] ?? 0), 0);
}

export function getDuration(name: string, fallbackMs: number, limits: { maxMs?: number } = {}): number {
  const raw = core.getInput(name);
  if (raw === '') return fallbackMs;
  const ms = parseDuration(raw);
  const maxMs = limits.maxMs ?? 24 * 3_600_000;
  if (ms === undefined || ms > maxMs) {
    throw invalid(
      name,
      raw,
      `a duration such as 30s, 5m or 1h30m (at most ${maxMs / 1000}s); a bare number is seconds`,
    );
  }
  return ms;
}

interface ListOptions {
  /** Commas also separate items, unless the items may contain commas themselves (globs like {a,b}). */
  commas?: boolean;
  required?: boolean;
  format?: Format;
}

/** Splits a list on newlines (CRLF-safe), and on commas when asked; trims items and drops empty ones. */
export function splitList(raw: string, commas: boolean): string[] {
  return raw
    .split(commas ? /\r?\n|\r|,/ : /\r?\n|\r/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function getList(name: string, options: ListOptions = {}): string[] {
  const items = splitList(core.getInput(name), options.commas ?? true);
  if (items.length === 0 && options.required) {
    throw new InputError(name, 'at least one item is required', listAccepted(options));
  }
  const { format } = options;
  const bad = format && items.find((item) => !format.test(item));
  if (bad !== undefined) throw invalid(name, bad, listAccepted(options));
  return items;
}

function listAccepted(options: ListOptions): string {
  const separator = (options.commas ?? true) ? 'one per line or comma-separated' : 'one per line';
  return `${options.format?.accepted ?? 'values'}, ${separator}`;
}

function invalid(name: string, value: string, accepted: string): InputError {
  return new InputError(name, `${quote(value)} is not valid`, accepted);
}

/** Shows a value safely in one line: control characters escaped, long values cut. */
function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}

/** The folder paths are resolved against: the job's checkout (GITHUB_WORKSPACE), else the current folder. */
export function workspaceRoot(): string {
  return path.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
}

interface PathOptions {
  /** What must be there: a file, a folder, or nothing yet (an output the action will create). */
  kind: 'file' | 'directory' | 'new';
  required?: boolean;
  default?: string;
  /** The input documents that it may point outside the workspace (e.g. RUNNER_TEMP). */
  allowOutsideWorkspace?: boolean;
  /** Folders besides the workspace it may point into (e.g. RUNNER_TEMP). */
  alsoInside?: readonly string[];
  /** Resolve relative paths against this folder (default: the workspace), e.g. a working directory. */
  base?: string;
}

/**
 * A path input, resolved against the workspace to an absolute path. Refused when it escapes the
 * workspace (`..`, an absolute path elsewhere, or a symlink whose target lies outside), unless the
 * input documents otherwise, and when what is there is not what the input needs.
 */
export function getPath(name: string, options: PathOptions & ({ required: true } | { default: string })): string;
export function getPath(name: string, options: PathOptions): string | undefined;
export function getPath(name: string, options: PathOptions): string | undefined {
  return checkedPath(name, core.getInput(name) || options.default, options);
}

/** A list of path inputs (one per line), each checked as getPath checks one. */
export function getPathList(name: string, options: PathOptions): string[] {
  return splitList(core.getInput(name), false).map((raw) => checkedPath(name, raw, options)!);
}

function checkedPath(name: string, raw: string | undefined, options: PathOptions): string | undefined {
  const what = options.kind === 'file' ? 'a file' : options.kind === 'directory' ? 'a folder' : 'a path';
  const elsewhere = options.allowOutsideWorkspace
    ? ' or an absolute path'
    : (options.alsoInside ?? []).map((dir) => ` or in ${dir}`).join('');
  const accepted = `${what} inside the workspace${elsewhere}`;
  if (!raw) {
    if (options.required) throw new InputError(name, 'a value is required', accepted);
    return undefined;
  }
  if (raw.includes('\0') || /[\r\n]/.test(raw)) throw invalid(name, raw, accepted);
  const root = workspaceRoot();
  const resolved = path.resolve(options.base ?? root, raw);
  let real: string;
  try {
    real = realPathOfNearest(resolved);
  } catch (err) {
    throw new InputError(name, `${quote(raw)} cannot be resolved (${(err as NodeJS.ErrnoException).code})`, accepted);
  }
  const roots = [root, ...(options.alsoInside ?? [])].map(realPathOfNearest);
  if (!options.allowOutsideWorkspace && !roots.some((r) => isInside(real, r))) {
    throw new InputError(name, `${quote(raw)} is outside the workspace`, accepted);
  }
  if (options.kind !== 'new') {
    let stats;
    try {
      stats = statSync(resolved);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code})`;
      throw new InputError(name, `${quote(raw)} ${problem}`, accepted);
    }
    if (options.kind === 'file' ? !stats.isFile() : !stats.isDirectory()) {
      throw new InputError(name, `${quote(raw)} is not ${what}`, accepted);
    }
  }
  return resolved;
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
function realPathOfNearest(p: string): string {
  const rest: string[] = [];
  let current = p;
  for (;;) {
    try {
      return path.join(realpathSync(current), ...rest.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP' || code === 'ENAMETOOLONG') throw err;
      const parent = path.dirname(current);
      if (parent === current) return p;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export interface KeyValue {
  key: string;
  value: string;
}

/**
 * `key=value` lines (CRLF-safe; blank lines and `#` comments skipped). The key must match
 * `keyFormat`, the value `valueFormat` when given; a key given twice is refused.
 */
export function getKeyValueList(
  name: string,
  options: { keyFormat: Format; valueFormat?: Format; required?: boolean },
): KeyValue[] {
  const accepted = `lines of key=value, the key ${options.keyFormat.accepted}${options.valueFormat ? `, the value ${options.valueFormat.accepted}` : ''}`;
  const lines = splitList(core.getInput(name), false).filter((line) => !line.startsWith('#'));
  if (lines.length === 0 && options.required) throw new InputError(name, 'at least one line is required', accepted);
  const seen = new Set<string>();
  return lines.map((line) => {
    const at = line.indexOf('=');
    if (at <= 0) throw invalid(name, line, accepted);
    const key = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    if (!options.keyFormat.test(key) || (options.valueFormat && !options.valueFormat.test(value))) {
      throw invalid(name, line, accepted);
    }
    if (seen.has(key)) throw new InputError(name, `${quote(key)} is given twice`, accepted);
    seen.add(key);
    return { key, value };
  });
}
