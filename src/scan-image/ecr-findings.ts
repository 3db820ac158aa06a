import type { EnhancedImageScanFinding, ImageScanFinding } from '@aws-sdk/client-ecr';
import { canonicalId, isAdvisoryAlias, severityOf, type Finding, type FixState } from './findings.js';

/**
 * ECR's two shapes of scan findings onto Findings. Basic scanning lists CVEs with attributes
 * (package_name, package_version) and no fix information. Enhanced scanning (Amazon Inspector) lists
 * findings each with its vulnerable packages, their fixed versions and related advisories.
 */

function cut(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  return trimmed.length > 160 ? `${trimmed.slice(0, 157)}...` : trimmed;
}

export function basicFinding(finding: ImageScanFinding): Finding | undefined {
  if (!finding.name) return undefined;
  const attribute = (key: string) => finding.attributes?.find((a) => a.key === key)?.value || undefined;
  return {
    id: canonicalId(finding.name),
    aliases: [],
    severity: severityOf(finding.severity),
    package: attribute('package_name'),
    version: attribute('package_version'),
    fixState: 'unknown',
    title: cut(finding.description),
    url: finding.uri,
    source: 'ecr-basic',
  };
}

/** One Finding per vulnerable package; CLOSED and SUPPRESSED Inspector findings are not counted. */
export function enhancedFindings(finding: EnhancedImageScanFinding): Finding[] {
  if (finding.status === 'CLOSED' || finding.status === 'SUPPRESSED') return [];
  const details = finding.packageVulnerabilityDetails;
  const rawId = details?.vulnerabilityId ?? finding.title;
  if (!rawId) return [];
  const id = canonicalId(rawId);
  const aliases = [...new Set((details?.relatedVulnerabilities ?? []).filter(isAdvisoryAlias).map(canonicalId))].filter(
    (a) => a !== id,
  );
  const packages = details?.vulnerablePackages?.length ? details.vulnerablePackages : [{}];
  return packages.map((p) => {
    const fixed =
      'fixedInVersion' in p && p.fixedInVersion && p.fixedInVersion !== 'NotAvailable' ? p.fixedInVersion : undefined;
    const fixState: FixState = fixed ? 'fixed' : finding.fixAvailable === 'NO' ? 'not-fixed' : 'unknown';
    const version = 'version' in p && p.version ? [p.version, p.release].filter(Boolean).join('-') : undefined;
    return {
      id,
      aliases,
      severity: severityOf(finding.severity),
      package: 'name' in p ? p.name : undefined,
      version,
      fixedVersion: fixed,
      fixState,
      title: cut(finding.title),
      url: details?.sourceUrl,
      source: 'ecr-enhanced',
    };
  });
}
