import type { FoundEvidence } from '../../action-helpers/evidence.js';
import type { Reason } from './reasons.js';

/**
 * The promotion gates, decided from the release evidence recorded on the digest: pure functions of
 * the records and the clock, so every gate can be failed on its own in a table. Each result names
 * the evidence it looked at, for the job summary and the error message.
 */
export type GateName = 'image-exists' | 'scanned' | 'deployed' | 'soak' | 'signed';

export interface GateResult {
  gate: GateName;
  status: 'passed' | 'failed' | 'off';
  /** What the gate concluded, in words. */
  detail: string;
  /** The records (artifact digests) or lookups the conclusion rests on. */
  evidence: string[];
  reason?: Reason;
}

export interface GateSettings {
  requireScan: boolean;
  requireDeployment: boolean;
  sourceEnvironment: string;
  maxScanAgeMs?: number;
  minSoakTimeMs: number;
  /** KMS key id: only records signed by it count. */
  signingKey?: string;
}

/** What the registry holds about the digest: the records that count, and (with a key) those that do not verify. */
export interface EvidenceFound {
  scans: FoundEvidence<'scan'>[];
  deployments: FoundEvidence<'deployment'>[];
  /** With a signing key: how many records of each kind were found but are not signed by it. */
  unsigned: { scan: number; deployment: number };
}

export function evaluateGates(
  settings: GateSettings,
  imageEvidence: string,
  found: EvidenceFound,
  now: Date,
): GateResult[] {
  return [
    { gate: 'image-exists', status: 'passed', detail: 'the digest is in the repository', evidence: [imageEvidence] },
    scanGate(settings, found, now),
    ...deploymentGates(settings, found, now),
    signedGate(settings, found),
  ];
}

/** The first gate that failed, in the order the gates are listed. */
export function firstFailure(gates: readonly GateResult[]): GateResult | undefined {
  return gates.find((g) => g.status === 'failed');
}

const ref = (e: FoundEvidence) => `${e.record.kind} ${e.artifactDigest} (${e.record.createdAt})`;

function scanGate(settings: GateSettings, found: EvidenceFound, now: Date): GateResult {
  if (!settings.requireScan) return off('scanned', 'require-scan is false');
  const latest = newest(found.scans);
  if (!latest) {
    return unsignedOr(settings, found.unsigned.scan, 'scan', {
      gate: 'scanned',
      status: 'failed',
      reason: 'gate-not-scanned',
      detail: 'no scan record for this digest: run scan-image on it first',
      evidence: [],
    });
  }
  const age = now.getTime() - Date.parse(latest.record.createdAt);
  if (settings.maxScanAgeMs !== undefined && age > settings.maxScanAgeMs) {
    return {
      gate: 'scanned',
      status: 'failed',
      reason: 'gate-not-scanned',
      detail: `the latest scan is ${formatDuration(age)} old, more than max-scan-age ${formatDuration(settings.maxScanAgeMs)}`,
      evidence: [ref(latest)],
    };
  }
  const { verdict, counts } = latest.record.data;
  const countsText = `critical ${counts.critical}, high ${counts.high}, medium ${counts.medium}, low ${counts.low}`;
  if (verdict !== 'passed') {
    return {
      gate: 'scanned',
      status: 'failed',
      reason: 'gate-scan-failed',
      detail: `the latest scan's verdict is ${verdict} (${countsText})`,
      evidence: [ref(latest)],
    };
  }
  return { gate: 'scanned', status: 'passed', detail: `latest scan passed (${countsText})`, evidence: [ref(latest)] };
}

/**
 * The deployment gate and the soak gate. The digest counts as deployed to the source environment when
 * its latest deployment record there succeeded; it has soaked since the first of the unbroken run of
 * successes that ends with it (a re-deploy of the same digest does not restart the clock; a rollback does).
 */
function deploymentGates(settings: GateSettings, found: EvidenceFound, now: Date): GateResult[] {
  const soakWanted = settings.minSoakTimeMs > 0;
  if (!settings.requireDeployment) {
    return [
      off('deployed', 'require-deployment is false'),
      soakWanted
        ? fail('soak', 'gate-soak', 'min-soak-time needs require-deployment: true', [])
        : off('soak', 'min-soak-time not set'),
    ];
  }
  const inEnvironment = newestFirst(found.deployments).filter(
    (d) => d.record.data.environment === settings.sourceEnvironment,
  );
  const latest = inEnvironment[0];
  if (!latest) {
    const deployed = unsignedOr(settings, found.unsigned.deployment, 'deployment', {
      gate: 'deployed',
      status: 'failed',
      reason: 'gate-not-deployed',
      detail: `no deployment record for this digest in ${settings.sourceEnvironment}`,
      evidence: newestFirst(found.deployments).slice(0, 3).map(ref),
    });
    return [deployed, soakWanted ? notReached() : off('soak', 'min-soak-time not set')];
  }
  const where = `${latest.record.data.cluster}/${latest.record.data.namespace}`;
  if (latest.record.data.result !== 'succeeded') {
    return [
      fail(
        'deployed',
        'gate-not-deployed',
        `the latest deployment to ${settings.sourceEnvironment} (${where}) ${latest.record.data.result === 'rolled-back' ? 'was rolled back' : 'failed'}`,
        [ref(latest)],
      ),
      soakWanted ? notReached() : off('soak', 'min-soak-time not set'),
    ];
  }
  const deployed: GateResult = {
    gate: 'deployed',
    status: 'passed',
    detail: `deployed to ${settings.sourceEnvironment} (${where}) and not rolled back since`,
    evidence: [ref(latest)],
  };
  if (!soakWanted) return [deployed, off('soak', 'min-soak-time not set')];
  const brokenAt = inEnvironment.findIndex((d) => d.record.data.result !== 'succeeded');
  const run = brokenAt < 0 ? inEnvironment : inEnvironment.slice(0, brokenAt);
  const since = run[run.length - 1]!;
  const soaked = now.getTime() - Date.parse(since.record.createdAt);
  if (soaked < settings.minSoakTimeMs) {
    return [
      deployed,
      fail(
        'soak',
        'gate-soak',
        `running in ${settings.sourceEnvironment} for ${formatDuration(soaked)}, less than min-soak-time ${formatDuration(settings.minSoakTimeMs)}`,
        [ref(since)],
      ),
    ];
  }
  return [
    deployed,
    {
      gate: 'soak',
      status: 'passed',
      detail: `running in ${settings.sourceEnvironment} for ${formatDuration(soaked)} (min-soak-time ${formatDuration(settings.minSoakTimeMs)})`,
      evidence: [ref(since)],
    },
  ];
}

function signedGate(settings: GateSettings, found: EvidenceFound): GateResult {
  if (!settings.signingKey) return off('signed', 'evidence-signing-key not set: unsigned records count');
  const ignored = found.unsigned.scan + found.unsigned.deployment;
  return {
    gate: 'signed',
    status: 'passed',
    detail: `only records signed by ${settings.signingKey} counted${ignored ? ` (${ignored} unsigned or foreign record(s) ignored)` : ''}`,
    evidence: [],
  };
}

/** With a key, "no record" because every record there is unsigned is its own failure: gate-unsigned. */
function unsignedOr(settings: GateSettings, unsigned: number, kind: string, result: GateResult): GateResult {
  if (!settings.signingKey || unsigned === 0) return result;
  return {
    ...result,
    reason: 'gate-unsigned',
    detail: `${unsigned} ${kind} record(s) for this digest, none signed by ${settings.signingKey}`,
  };
}

function off(gate: GateName, detail: string): GateResult {
  return { gate, status: 'off', detail, evidence: [] };
}

function fail(gate: GateName, reason: Reason, detail: string, evidence: string[]): GateResult {
  return { gate, status: 'failed', reason, detail, evidence };
}

function notReached(): GateResult {
  return fail('soak', 'gate-soak', 'no successful deployment to measure soak time from', []);
}

function newestFirst<T extends FoundEvidence>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => Date.parse(b.record.createdAt) - Date.parse(a.record.createdAt));
}

function newest<T extends FoundEvidence>(records: readonly T[]): T | undefined {
  return newestFirst(records)[0];
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  const h = Math.floor(m / 60);
  return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
}
