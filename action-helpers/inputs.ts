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
