/**
 * One vulnerability finding, whichever scanner reported it, and the severity scale every source is
 * mapped onto. Counts, the policy, the summary, the SARIF output and the evidence record all speak
 * this one shape.
 */
export const severities = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
export type Severity = (typeof severities)[number];

/** Whether the package has a fixed version: `unknown` when the source does not say (ECR basic). */
export type FixState = 'fixed' | 'not-fixed' | 'unknown';

export interface Finding {
  /** The advisory id the scanner reported: CVE-..., GHSA-..., or a distribution's own id. */
  id: string;
  /** Other ids of the same advisory (a GHSA's CVE, a CVE's GHSA), from the scanner's data. */
  aliases: string[];
  severity: Severity;
  package?: string;
  version?: string;
  /** The version(s) that fix it, as the scanner words them ("1.2.4", "1.5.13, 1.3.15"). */
  fixedVersion?: string;
  fixState: FixState;
  title?: string;
  url?: string;
  /** Where it came from: 'ecr-basic', 'ecr-enhanced', 'trivy:reports/image.json', ... */
  source: string;
}

export type Counts = Record<Severity, number> & { total: number };

export function emptyCounts(): Counts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, total: 0 };
}

export function countOf(findings: Iterable<Pick<Finding, 'severity'>>): Counts {
  const counts = emptyCounts();
  for (const f of findings) {
    counts[f.severity]++;
    counts.total++;
  }
  return counts;
}

/** 0 for critical, 4 for unknown: lower is worse. */
export function rank(severity: Severity): number {
  return severities.indexOf(severity);
}

/**
 * A scanner's severity word onto the scale. Words below low (Grype's Negligible, ECR's
 * INFORMATIONAL) count as low: known to be minor, unlike a severity nobody assessed yet.
 */
export function severityOf(word: string | undefined | null): Severity {
  switch ((word ?? '').trim().toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'high':
    case 'important':
      return 'high';
    case 'medium':
    case 'moderate':
      return 'medium';
    case 'low':
    case 'negligible':
    case 'informational':
    case 'minimal':
      return 'low';
    default:
      return 'unknown';
  }
}

/** A CVSS base score onto the scale, with the CVSS v3 bands code scanning uses for security-severity. */
export function severityOfScore(score: number): Severity {
  if (!Number.isFinite(score) || score <= 0) return 'unknown';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

/** The representative CVSS score of a severity, for SARIF's security-severity property. */
export function scoreOf(severity: Severity): string | undefined {
  return { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', unknown: undefined }[severity];
}

const cvePattern = /^CVE-\d{4}-\d{4,}$/i;
const ghsaPattern = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i;

/** Ids compared case-insensitively in their canonical case (CVE upper, GHSA as GitHub writes it). */
export function canonicalId(id: string): string {
  const trimmed = id.trim();
  if (cvePattern.test(trimmed)) return trimmed.toUpperCase();
  if (ghsaPattern.test(trimmed)) return `GHSA${trimmed.slice(4).toLowerCase()}`;
  return trimmed;
}

export function isAdvisoryAlias(id: string): boolean {
  return cvePattern.test(id) || ghsaPattern.test(id);
}

/**
 * Findings reported twice (two reports of the same image, or one scanner listing a package twice)
 * become one: same advisory (by id or alias), package and version. The worse severity wins, so
 * merging never weakens the gate; a known fix and the aliases are kept from either.
 */
export function mergeFindings(findings: Iterable<Finding>): Finding[] {
  const byKey = new Map<string, Finding>();
  const keyOfId = new Map<string, string>();
  for (const f of findings) {
    const ids = [f.id, ...f.aliases];
    const tail = `\u0000${f.package ?? ''}\u0000${f.version ?? ''}`;
    const known = ids.map((id) => keyOfId.get(id + tail)).find((k) => k !== undefined);
    const key = known ?? f.id + tail;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, { ...f, aliases: [...new Set(f.aliases)] });
    } else {
      if (rank(f.severity) < rank(existing.severity)) existing.severity = f.severity;
      existing.aliases = [...new Set([...existing.aliases, ...ids])].filter((id) => id !== existing.id);
      if (existing.fixState !== 'fixed' && f.fixState === 'fixed') {
        existing.fixState = 'fixed';
        existing.fixedVersion = f.fixedVersion;
      }
      existing.title ??= f.title;
      existing.url ??= f.url;
      if (!existing.source.split(', ').includes(f.source)) existing.source = `${existing.source}, ${f.source}`;
    }
    for (const id of ids) keyOfId.set(id + tail, key);
  }
  return [...byKey.values()];
}
