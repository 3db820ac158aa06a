import { expect, test } from '@jest/globals';
import { readInputs } from '../../../src/promote-environment/inputs.js';
import { outputsOf, summaryOf, type Outcome } from '../../../src/promote-environment/report.js';
import { withInputs } from '../../support/inputs.js';

const digest = 'sha256:' + 'a'.repeat(64);
const raw = {
  repository: 'team/api',
  source: 'v1',
  'source-environment': 'dev',
  'target-environment': 'uat',
  'aws-region': 'eu-west-1',
};
const inputs = (extra: Record<string, string> = {}) => withInputs({ ...raw, ...extra }, readInputs);
const resolved = (extra: Record<string, string> = {}): Outcome => ({
  inputs: inputs(extra),
  digest,
  sourceImage: `r/team/api@${digest}`,
  targetImage: `r/team/api@${digest}`,
  mode: 'retag',
  gates: [{ gate: 'scanned', status: 'passed', detail: 'latest scan passed', evidence: ['scan sha256:1 (t)'] }],
  tagsAlreadyThere: [],
  tagsSet: ['uat'],
});

test('a promotion: every output, skipped false', () => {
  const outcome = { ...resolved(), promotionRecord: { artifactDigest: 'sha256:r', written: true } };
  expect(outputsOf(outcome)).toEqual({
    digest,
    'image-uri': `r/team/api@${digest}`,
    'promoted-tags': ['uat'],
    skipped: false,
    gates: [{ gate: 'scanned', status: 'passed', detail: 'latest scan passed', evidence: ['scan sha256:1 (t)'] }],
    'evidence-record': 'sha256:r',
    'deployment-id': undefined,
    'gitops-commit': undefined,
    'gitops-pull-request': undefined,
  });
  const summary = summaryOf(outcome);
  expect(summary.heading).toBe('Promoted dev → uat');
  expect(summary.tables?.[0]?.rows).toEqual([['scanned', 'passed', 'latest scan passed', 'scan sha256:1 (t)']]);
});

test('a re-run that found everything in place is skipped', () => {
  const outcome: Outcome = {
    ...resolved(),
    tagsAlreadyThere: ['uat'],
    tagsSet: [],
    promotionRecord: { artifactDigest: 'sha256:r', written: false },
  };
  expect(outputsOf(outcome).skipped).toBe(true);
  expect(summaryOf(outcome).heading).toBe('Promotion dev → uat: already done, nothing changed');
});

test('a failed gate: no promoted tags, the summary says why and keeps the gates', () => {
  const outcome: Outcome = {
    ...resolved(),
    tagsSet: undefined,
    gates: [
      {
        gate: 'scanned',
        status: 'failed',
        reason: 'gate-scan-failed',
        detail: 'verdict is failed',
        evidence: ['scan sha256:2 (t)'],
      },
    ],
    failure: { reason: 'gate-scan-failed', message: "Gate 'scanned' failed", expected: true },
  };
  expect(outputsOf(outcome)).toMatchObject({ digest, 'promoted-tags': undefined, skipped: undefined });
  const summary = summaryOf(outcome);
  expect(summary.heading).toBe('Promotion dev → uat failed: gate-scan-failed');
  expect(summary.lines).toContain("Gate 'scanned' failed");
  expect(summary.tables?.[0]?.rows[0]).toEqual(['scanned', 'failed', 'verdict is failed', 'scan sha256:2 (t)']);
});

test('a dry run promises nothing in the outputs and lists what it would do', () => {
  const outcome: Outcome = { ...resolved({ 'dry-run': 'true' }), wouldDo: ['tag r/team/api uat -> x'] };
  expect(outputsOf(outcome)).toMatchObject({ 'promoted-tags': undefined, skipped: undefined });
  const summary = summaryOf(outcome);
  expect(summary.heading).toBe('Dry run: promotion dev → uat would proceed');
  expect(summary.lines).toEqual(['Would tag r/team/api uat -> x.']);
  expect(summary.table?.rows).toContainEqual(['Tags', 'would set uat']);
});

test('bad input: the summary still names the route from the raw inputs', () => {
  const summary = summaryOf({ inputs: inputs(), failure: { reason: 'invalid-input', message: 'x', expected: true } });
  expect(summary.table?.rows[0]).toEqual(['From', 'dev: team/api:v1']);
});
