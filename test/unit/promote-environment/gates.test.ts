import { describe, expect, test } from '@jest/globals';
import type { DeploymentEvidence, FoundEvidence, ScanEvidence } from '../../../action-helpers/evidence.js';
import {
  evaluateGates,
  firstFailure,
  formatDuration,
  type EvidenceFound,
  type GateSettings,
} from '../../../src/promote-environment/gates.js';

const digest = 'sha256:' + 'a'.repeat(64);
const now = new Date('2026-12-01T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
let n = 0;

function scan(verdict: ScanEvidence['verdict'], minutesAgo: number): FoundEvidence<'scan'> {
  return {
    artifactDigest: `sha256:${String(++n).padStart(64, '0')}`,
    record: {
      kind: 'scan',
      subject: digest,
      createdAt: ago(minutesAgo),
      run: {},
      data: {
        verdict,
        policySha256: 'b'.repeat(64),
        counts: { critical: verdict === 'failed' ? 1 : 0, high: 0, medium: 0, low: 0, unknown: 0, total: 1 },
        sources: ['ecr-basic'],
      },
    },
  };
}

function deployed(
  environment: string,
  result: DeploymentEvidence['result'],
  minutesAgo: number,
): FoundEvidence<'deployment'> {
  return {
    artifactDigest: `sha256:${String(++n).padStart(64, '0')}`,
    record: {
      kind: 'deployment',
      subject: digest,
      createdAt: ago(minutesAgo),
      run: {},
      data: { environment, cluster: 'eks-dev', namespace: 'shop', workloads: [], result },
    },
  };
}

const settings: GateSettings = {
  requireScan: true,
  requireDeployment: true,
  sourceEnvironment: 'dev',
  minSoakTimeMs: 0,
};
const found = (partial: Partial<EvidenceFound>): EvidenceFound => ({
  scans: [],
  deployments: [],
  unsigned: { scan: 0, deployment: 0 },
  ...partial,
});
const outcome = (s: Partial<GateSettings>, f: Partial<EvidenceFound>) => {
  const gates = evaluateGates({ ...settings, ...s }, `registry/team/api@${digest}`, found(f), now);
  const failed = firstFailure(gates);
  return { gates, failed: failed && { gate: failed.gate, reason: failed.reason, detail: failed.detail } };
};

const good = { scans: [scan('passed', 60)], deployments: [deployed('dev', 'succeeded', 120)] };

describe('gates', () => {
  test('all evidence there: every gate passes, off gates say why', () => {
    const { gates, failed } = outcome({}, good);
    expect(failed).toBeUndefined();
    expect(gates.map((g) => `${g.gate}:${g.status}`)).toEqual([
      'image-exists:passed',
      'scanned:passed',
      'deployed:passed',
      'soak:off',
      'signed:off',
    ]);
    expect(gates[2]!.evidence[0]).toContain(good.deployments[0]!.artifactDigest);
  });

  test.each<[string, Partial<GateSettings>, Partial<EvidenceFound>, string | undefined, string, RegExp]>([
    ['no scan', {}, { ...good, scans: [] }, 'gate-not-scanned', 'scanned', /no scan record/],
    [
      'latest scan failed (an older one passed)',
      {},
      { ...good, scans: [scan('passed', 600), scan('failed', 30)] },
      'gate-scan-failed',
      'scanned',
      /verdict is failed/,
    ],
    [
      'latest scan passed (an older one failed)',
      {},
      { ...good, scans: [scan('failed', 600), scan('passed', 30)] },
      undefined,
      '',
      /./,
    ],
    [
      'scan too old',
      { maxScanAgeMs: 30 * 60_000 },
      good,
      'gate-not-scanned',
      'scanned',
      /1h old, more than max-scan-age 30m/,
    ],
    ['scan young enough', { maxScanAgeMs: 2 * 3_600_000 }, good, undefined, '', /./],
    ['scan off', { requireScan: false }, { ...good, scans: [] }, undefined, '', /./],
    [
      'never deployed',
      {},
      { ...good, deployments: [] },
      'gate-not-deployed',
      'deployed',
      /no deployment record for this digest in dev/,
    ],
    [
      'deployed elsewhere only',
      {},
      { ...good, deployments: [deployed('uat', 'succeeded', 10)] },
      'gate-not-deployed',
      'deployed',
      /in dev/,
    ],
    [
      'rolled back since',
      {},
      { ...good, deployments: [deployed('dev', 'succeeded', 120), deployed('dev', 'rolled-back', 10)] },
      'gate-not-deployed',
      'deployed',
      /was rolled back/,
    ],
    [
      'failed since',
      {},
      { ...good, deployments: [deployed('dev', 'succeeded', 120), deployed('dev', 'failed', 10)] },
      'gate-not-deployed',
      'deployed',
      /failed/,
    ],
    [
      'redeployed after a rollback',
      {},
      { ...good, deployments: [deployed('dev', 'rolled-back', 120), deployed('dev', 'succeeded', 10)] },
      undefined,
      '',
      /./,
    ],
    ['deployment gate off', { requireDeployment: false }, { ...good, deployments: [] }, undefined, '', /./],
    [
      'soak too short',
      { minSoakTimeMs: 3 * 3_600_000 },
      good,
      'gate-soak',
      'soak',
      /for 2h, less than min-soak-time 3h/,
    ],
    ['soak long enough', { minSoakTimeMs: 90 * 60_000 }, good, undefined, '', /./],
    // Soak counts from the first of the unbroken successes: a re-deploy of the same digest keeps the clock.
    [
      'soak across a re-deploy',
      { minSoakTimeMs: 90 * 60_000 },
      { ...good, deployments: [deployed('dev', 'succeeded', 120), deployed('dev', 'succeeded', 5)] },
      undefined,
      '',
      /./,
    ],
    [
      'soak restarts after a rollback',
      { minSoakTimeMs: 90 * 60_000 },
      {
        ...good,
        deployments: [
          deployed('dev', 'succeeded', 300),
          deployed('dev', 'rolled-back', 200),
          deployed('dev', 'succeeded', 30),
        ],
      },
      'gate-soak',
      'soak',
      /for 30m/,
    ],
    [
      'soak without the deployment gate',
      { requireDeployment: false, minSoakTimeMs: 60_000 },
      good,
      'gate-soak',
      'soak',
      /needs require-deployment/,
    ],
    [
      'signing key, only unsigned scans',
      { signingKey: 'alias/ev' },
      { ...good, scans: [], unsigned: { scan: 2, deployment: 0 } },
      'gate-unsigned',
      'scanned',
      /2 scan record\(s\) for this digest, none signed by alias\/ev/,
    ],
    [
      'signing key, only unsigned deployments',
      { signingKey: 'alias/ev' },
      { ...good, deployments: [], unsigned: { scan: 0, deployment: 1 } },
      'gate-unsigned',
      'deployed',
      /none signed/,
    ],
    [
      'signing key, signed records',
      { signingKey: 'alias/ev' },
      { ...good, unsigned: { scan: 1, deployment: 0 } },
      undefined,
      '',
      /./,
    ],
  ])('%s', (_name, s, f, reason, gate, detail) => {
    const { failed } = outcome(s, f);
    if (!reason) return expect(failed).toBeUndefined();
    expect(failed).toEqual({ gate, reason, detail: expect.stringMatching(detail) });
  });

  test('the signed gate reports how many records were ignored', () => {
    const { gates } = outcome({ signingKey: 'alias/ev' }, { ...good, unsigned: { scan: 1, deployment: 2 } });
    expect(gates.find((g) => g.gate === 'signed')).toMatchObject({
      status: 'passed',
      detail: expect.stringContaining('3 unsigned'),
    });
  });
});

test.each([
  [0, '0s'],
  [59_000, '59s'],
  [90_000, '1m30s'],
  [3_600_000, '1h'],
  [5_400_000, '1h30m'],
])('formatDuration(%i) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
