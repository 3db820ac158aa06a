import {
  canonicalId,
  isAdvisoryAlias,
  rank,
  severityOf,
  severityOfScore,
  type Finding,
  type FixState,
  type Severity,
} from './findings.js';

/**
 * The three report formats, item by item: a Trivy vulnerability, a Grype match, a SARIF result,
 * each onto a Finding. Pure functions over the parsed JSON of one item, so the streaming reader
 * (report-reader.ts) holds one raw item at a time. Field names follow each tool's published JSON:
 * Trivy's types.DetectedVulnerability (SchemaVersion 2), Grype's models.Match, SARIF 2.1.0.
 */

type Json = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
const obj = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function worst(list: readonly Severity[]): Severity {
  return list.reduce<Severity>((w, s) => (rank(s) < rank(w) ? s : w), 'unknown');
}

function aliasesOf(id: string, candidates: readonly unknown[]): string[] {
  const ids = candidates.map(str).filter((c): c is string => c !== undefined && isAdvisoryAlias(c));
  return [...new Set(ids.map(canonicalId))].filter((alias) => alias !== id);
}

// Trivy's VendorSeverity numbers (dbTypes.Severity): 0 unknown, 1 low, 2 medium, 3 high, 4 critical.
const trivySeverityNumbers: Severity[] = ['unknown', 'low', 'medium', 'high', 'critical'];
const trivyUnfixedStatuses = new Set([
  'affected',
  'will_not_fix',
  'fix_deferred',
  'end_of_life',
  'under_investigation',
]);

/**
 * A Trivy vulnerability. Its Severity is the one Trivy chose by its data-source precedence
 * (SeveritySource); only when that is UNKNOWN does the worst vendor's view count instead.
 */
export function trivyFinding(item: Json, source: string): Finding | undefined {
  const rawId = str(item.VulnerabilityID);
  if (!rawId) return undefined;
  const id = canonicalId(rawId);
  let severity = severityOf(str(item.Severity));
  if (severity === 'unknown') {
    const vendor = Object.values(obj(item.VendorSeverity)).map((n) =>
      typeof n === 'number' ? (trivySeverityNumbers[n] ?? 'unknown') : 'unknown',
    );
    severity = worst(vendor);
  }
  const fixedVersion = str(item.FixedVersion);
  const status = str(item.Status);
  const fixState: FixState = fixedVersion
    ? 'fixed'
    : status === undefined || trivyUnfixedStatuses.has(status)
      ? 'not-fixed'
      : 'unknown';
  return {
    id,
    aliases: aliasesOf(id, arr(item.VendorIDs)),
    severity,
    package: str(item.PkgName),
    version: str(item.InstalledVersion),
    fixedVersion,
    fixState,
    title: str(item.Title),
    url: str(item.PrimaryURL),
    source,
  };
}

/** A Grype match: the vulnerability, its related ones (a GHSA's CVE), and the matched artifact. */
export function grypeFinding(match: Json, source: string): Finding | undefined {
  const vulnerability = obj(match.vulnerability);
  const rawId = str(vulnerability.id);
  if (!rawId) return undefined;
  const id = canonicalId(rawId);
  const related = arr(match.relatedVulnerabilities).map(obj);
  let severity = severityOf(str(vulnerability.severity));
  if (severity === 'unknown') severity = worst(related.map((r) => severityOf(str(r.severity))));
  const fix = obj(vulnerability.fix);
  const versions = arr(fix.versions).map(str).filter(Boolean) as string[];
  const state = str(fix.state);
  const fixState: FixState =
    state === 'fixed' && versions.length > 0
      ? 'fixed'
      : state === 'not-fixed' || state === 'wont-fix'
        ? 'not-fixed'
        : 'unknown';
  const artifact = obj(match.artifact);
  const description = str(vulnerability.description);
  return {
    id,
    aliases: aliasesOf(
      id,
      related.map((r) => r.id),
    ),
    severity,
    package: str(artifact.name),
    version: str(artifact.version),
    fixedVersion: versions.length > 0 ? versions.join(', ') : undefined,
    fixState,
    title: description && description.length > 160 ? `${description.slice(0, 157)}...` : description,
    url: str(vulnerability.dataSource) ?? str(arr(vulnerability.urls)[0]),
    source,
  };
}

/** What a SARIF result needs from its rule (tool.driver.rules[]), kept small per rule. */
export interface SarifRule {
  id?: string;
  title?: string;
  url?: string;
  securitySeverity?: string;
  tags: string[];
  level?: string;
}

export function sarifRule(rule: Json): SarifRule {
  const properties = obj(rule.properties);
  return {
    id: str(rule.id),
    title: str(obj(rule.shortDescription).text) ?? str(rule.name),
    url: str(rule.helpUri),
    securitySeverity: securitySeverity(properties),
    tags: arr(properties.tags).map(str).filter(Boolean) as string[],
    level: str(obj(rule.defaultConfiguration).level),
  };
}

function securitySeverity(properties: Json): string | undefined {
  const value = properties['security-severity'];
  return typeof value === 'number' ? String(value) : str(value);
}

const levelSeverity: Record<string, Severity> = { error: 'high', warning: 'medium', note: 'low', none: 'unknown' };

/**
 * A SARIF result. Its severity: a `security-severity` (a CVSS score, on the result or its rule) in
 * the CVSS bands; else a severity word among the rule's tags (Trivy tags rules HIGH, CRITICAL...);
 * else the level (error high, warning medium, note low). Results that are not failures (kind pass,
 * informational...), absent from a baseline, or suppressed in the log are not findings.
 */
export function sarifFinding(result: Json, rule: SarifRule | undefined, source: string): Finding | undefined {
  const kind = str(result.kind) ?? 'fail';
  if (kind !== 'fail' || str(result.baselineState) === 'absent') return undefined;
  if (arr(result.suppressions).some((s) => (str(obj(s).status) ?? 'accepted') === 'accepted')) return undefined;
  const rawId = str(result.ruleId) ?? rule?.id;
  if (!rawId) return undefined;
  // Grype names its SARIF rules <advisory>-<package>: the advisory is what exceptions name.
  const id = canonicalId(/^(CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3})(?:-|$)/i.exec(rawId)?.[1] ?? rawId);
  const score = securitySeverity(obj(result.properties)) ?? rule?.securitySeverity;
  const tagged = rule?.tags.map(severityOf).find((s) => s !== 'unknown');
  const level = str(result.level) ?? rule?.level ?? 'warning';
  const severity =
    score !== undefined && Number.isFinite(Number(score))
      ? severityOfScore(Number(score))
      : (tagged ?? levelSeverity[level] ?? 'unknown');
  const message = str(obj(result.message).text) ?? '';
  // Trivy's SARIF message lists the package in lines such as "Package: openssl"; other tools' don't.
  const line = (label: string) => str(new RegExp(`^${label}:[ \\t]*(.*)$`, 'm').exec(message)?.[1]);
  const fixedVersion = line('Fixed Version');
  // Grype's: "A high vulnerability in npm package: lodash, version 4.17.20 was found at: ...".
  const grype = /package: ([^,\s]+), version (\S+)/.exec(message);
  return {
    id,
    aliases: [],
    severity,
    package: line('Package') ?? grype?.[1],
    version: line('Installed Version') ?? grype?.[2],
    fixedVersion,
    fixState: fixedVersion ? 'fixed' : 'unknown',
    title: rule?.title ?? (message.split('\n')[0] || undefined),
    url: rule?.url,
    source,
  };
}

/**
 * What sarifFinding and ruleOf read of a result, kept while a run's results wait for its rules:
 * locations, fixes and code flows can be most of a result's size.
 */
export function compactResult(result: Json): Json {
  const rule = obj(result.rule);
  const score = securitySeverity(obj(result.properties));
  return {
    ruleId: result.ruleId,
    ruleIndex: result.ruleIndex,
    rule: { id: rule.id, index: rule.index },
    kind: result.kind,
    baselineState: result.baselineState,
    suppressions: arr(result.suppressions).map((s) => ({ status: obj(s).status ?? 'accepted' })),
    level: result.level,
    message: { text: obj(result.message).text },
    properties: score === undefined ? {} : { 'security-severity': score },
  };
}

/** The rule a result names: by index into the driver's rules, else by id. */
export function ruleOf(
  result: Json,
  rules: readonly SarifRule[],
  byId: ReadonlyMap<string, SarifRule>,
): SarifRule | undefined {
  const index = typeof result.ruleIndex === 'number' ? result.ruleIndex : obj(result.rule).index;
  if (typeof index === 'number' && rules[index]) return rules[index];
  const id = str(result.ruleId) ?? str(obj(result.rule).id);
  return id ? byId.get(id) : undefined;
}

/** sha256 digests a string names: `repo@sha256:...`, or a bare digest. */
export function digestsIn(values: readonly unknown[]): string[] {
  const found = new Set<string>();
  for (const value of values) {
    const m = typeof value === 'string' ? /(?:^|@)(sha256:[a-f0-9]{64})$/.exec(value.trim()) : null;
    if (m) found.add(m[1]!);
  }
  return [...found];
}
