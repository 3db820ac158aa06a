import { createHash } from 'node:crypto';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { InputError } from '../../action-helpers/errors.js';
import { canonicalId, countOf, rank, type Counts, type Finding, type Severity } from './findings.js';

/**
 * The gate's policy and its verdict: which severities fail (`fail-on`), whether findings without a
 * fix count (`ignore-unfixed`), and the exceptions of the ignore file, each for an advisory (by id
 * or alias), optionally one package and version, until a date.
 */
export const thresholds = ['critical', 'high', 'medium', 'low', 'any', 'none'] as const;
export type Threshold = (typeof thresholds)[number];

export interface IgnoreRule {
  id: string;
  package?: string;
  version?: string;
  reason: string;
  /** YYYY-MM-DD: the exception applies through that day (UTC). */
  expires: string;
  /** Line of the entry in the ignore file, for messages. */
  line: number;
}

export interface Policy {
  failOn: Threshold;
  ignoreUnfixed: boolean;
  ignores: IgnoreRule[];
  /** Exceptions that matched nothing fail the gate. */
  failOnStaleIgnores: boolean;
}

/** Whether a severity is at or above a threshold: `any` takes every severity, `none` none. */
export function atOrAbove(severity: Severity, threshold: Threshold): boolean {
  if (threshold === 'none') return false;
  if (threshold === 'any') return true;
  return rank(severity) <= rank(threshold);
}

/**
 * What identifies the policy in evidence: a verdict is reused only under the same hash. The
 * exceptions' reasons and lines are left out: rewording or moving one does not change a verdict.
 */
export function policyHash(policy: Policy): string {
  const ignores = policy.ignores
    .map((r) => [r.id, r.package ?? '', r.version ?? '', r.expires])
    .sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));
  const canonical = JSON.stringify({
    failOn: policy.failOn,
    ignoreUnfixed: policy.ignoreUnfixed,
    failOnStaleIgnores: policy.failOnStaleIgnores,
    ignores,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export function isExpired(rule: Pick<IgnoreRule, 'expires'>, now: Date): boolean {
  return Date.parse(`${rule.expires}T00:00:00Z`) + 86_400_000 <= now.getTime();
}

const idPattern = /^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9][A-Za-z0-9:._-]*$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const keys = ['id', 'package', 'version', 'reason', 'expires'];
const accepted =
  'a YAML list of exceptions, each with id (CVE-..., GHSA-...), reason, expires (YYYY-MM-DD), and optionally package and version';

/** Parses the ignore file; any problem is an InputError naming the input, the file's line and what is wrong. */
export function parseIgnoreFile(text: string, input: string, shownName: string): IgnoreRule[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const fail = (line: number | undefined, problem: string): never => {
    throw new InputError(input, `${shownName}${line ? ` line ${line}` : ''}: ${problem}`, accepted);
  };
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const error = doc.errors[0];
  if (error) fail(error.linePos?.[0]?.line, error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''));
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return [];
  if (!isSeq(doc.contents)) fail(lineOf(doc.contents), 'the file must be a list (each item starting with "- ")');
  const seq = doc.contents as Extract<typeof doc.contents, { items: unknown[] }>;
  const rules: IgnoreRule[] = [];
  const seen = new Map<string, number>();
  for (const item of seq.items as Node[]) {
    const line = lineOf(item) ?? 0;
    if (!isMap(item)) fail(line, 'an exception must be a mapping such as "id: CVE-2024-1234"');
    const values: Record<string, string> = {};
    for (const pair of (item as Extract<Node, { items: unknown[] }>).items as { key: Node; value: Node | null }[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyLine = lineOf(pair.key) ?? line;
      if (!keys.includes(key)) fail(keyLine, `unknown key ${JSON.stringify(key)} (known: ${keys.join(', ')})`);
      const value = pair.value;
      if (!isScalar(value) || typeof value.value !== 'string') {
        const hint =
          isScalar(value) && typeof value.value === 'number'
            ? ` (quote it: "${String(value.source ?? value.value)}")`
            : '';
        fail(lineOf(value) ?? keyLine, `${key} must be a text value${hint}`);
      }
      values[key] = (value as { value: string }).value.trim();
    }
    const { id, reason, expires } = values;
    if (!id) fail(line, 'id is required');
    if (!idPattern.test(id!))
      fail(line, `id ${JSON.stringify(id)} is not an advisory id such as CVE-2024-1234 or GHSA-xxxx-xxxx-xxxx`);
    if (!reason) fail(line, `reason is required (why ${id} is accepted)`);
    if (!expires) fail(line, 'expires is required (YYYY-MM-DD): every exception ends');
    const date = datePattern.exec(expires!);
    const valid = date && new Date(`${expires}T00:00:00Z`).toISOString().startsWith(expires!);
    if (!valid) fail(line, `expires ${JSON.stringify(expires)} is not a date YYYY-MM-DD`);
    const rule: IgnoreRule = {
      id: canonicalId(id!),
      package: values.package || undefined,
      version: values.version || undefined,
      reason: reason!,
      expires: expires!,
      line,
    };
    const key = [rule.id, rule.package ?? '', rule.version ?? ''].join('\u0000');
    const earlier = seen.get(key);
    if (earlier !== undefined)
      fail(line, `${rule.id} is already excepted on line ${earlier} for the same package and version`);
    seen.set(key, line);
    rules.push(rule);
  }
  return rules;
}

/** Whether an exception covers a finding: the id matches the finding's id or one of its aliases (either way round). */
export function covers(rule: IgnoreRule, finding: Finding): boolean {
  if (rule.package !== undefined && rule.package !== finding.package) return false;
  if (rule.version !== undefined && rule.version !== finding.version) return false;
  return rule.id === finding.id || finding.aliases.includes(rule.id);
}

export interface Verdict {
  passed: boolean;
  /** After exceptions and ignore-unfixed: what the gate counts. */
  counts: Counts;
  /** The counted findings, worst first. */
  counted: Finding[];
  /** Counted findings at or above fail-on. */
  failing: Finding[];
  /** Findings an exception covered, with the exception. */
  excepted: { finding: Finding; rule: IgnoreRule }[];
  /** Findings left out by ignore-unfixed. */
  unfixed: Finding[];
  /** Exceptions past their date (no longer applied), with how many findings they would have covered. */
  expired: { rule: IgnoreRule; matches: number }[];
  /** Exceptions in force that matched no finding. */
  stale: IgnoreRule[];
}

export function evaluate(findings: readonly Finding[], policy: Policy, now: Date): Verdict {
  const inForce = policy.ignores.filter((r) => !isExpired(r, now));
  const expiredRules = policy.ignores.filter((r) => isExpired(r, now));
  const used = new Set<IgnoreRule>();
  const expiredMatches = new Map<IgnoreRule, number>();
  const counted: Finding[] = [];
  const excepted: Verdict['excepted'] = [];
  const unfixed: Finding[] = [];
  for (const finding of findings) {
    for (const rule of expiredRules)
      if (covers(rule, finding)) expiredMatches.set(rule, (expiredMatches.get(rule) ?? 0) + 1);
    const rule = inForce.find((r) => covers(r, finding));
    if (rule) {
      used.add(rule);
      excepted.push({ finding, rule });
    } else if (policy.ignoreUnfixed && finding.fixState === 'not-fixed') {
      unfixed.push(finding);
    } else {
      counted.push(finding);
    }
  }
  counted.sort((a, b) => rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id));
  const failing = counted.filter((f) => atOrAbove(f.severity, policy.failOn));
  const stale = inForce.filter((r) => !used.has(r));
  return {
    passed: failing.length === 0 && !(policy.failOnStaleIgnores && stale.length > 0),
    counts: countOf(counted),
    counted,
    failing,
    excepted,
    unfixed,
    expired: expiredRules.map((rule) => ({ rule, matches: expiredMatches.get(rule) ?? 0 })),
    stale,
  };
}
