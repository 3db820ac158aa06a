import { describe, expect, test } from '@jest/globals';
import type { Finding } from '../../../src/scan-image/findings.js';
import type { Inputs } from '../../../src/scan-image/inputs.js';
import { evaluate, parseIgnoreFile, type Policy } from '../../../src/scan-image/policy.js';
import { maxFindingRows, outputsOf, summaryOf, type Outcome } from '../../../src/scan-image/report.js';

const now = new Date('2026-06-15T00:00:00Z');
const policy: Policy = {
  failOn: 'critical',
  ignoreUnfixed: false,
  failOnStaleIgnores: false,
  ignores: parseIgnoreFile(
    '- id: CVE-2024-0002\n  reason: accepted risk\n  expires: "2026-12-31"\n- id: CVE-2020-0001\n  reason: old\n  expires: "2021-01-01"\n',
    'ignore-file',
    'ignore.yaml',
  ),
};
const inputs = {
  image: { text: 'shop/api:v1', repository: 'shop/api' },
  policy,
  display: 'high',
  dryRun: false,
} as Inputs;
const finding = (id: string, severity: Finding['severity'], title?: string): Finding => ({
  id,
  aliases: [],
  severity,
  package: 'openssl',
  version: '3.0.11',
  fixedVersion: '3.0.14',
  fixState: 'fixed',
  title,
  source: 'trivy:r.json',
});
const outcomeOf = (findings: Finding[]): Outcome => ({
  inputs,
  notes: [],
  image: { reference: '127.0.0.1:5050/shop/api@sha256:abc', digest: 'sha256:abc' },
  sources: ['trivy:r.json'],
  verdict: evaluate(findings, policy, now),
});

describe('outputsOf', () => {
  test('the verdict and the counts after exceptions; fail-on does not change the counts', () => {
    const outcome = outcomeOf([
      finding('CVE-2024-0001', 'high'),
      finding('CVE-2024-0002', 'critical'),
      finding('CVE-2024-0003', 'low'),
    ]);
    expect(outputsOf(outcome)).toEqual({
      passed: 'true',
      critical: 0,
      high: 1,
      medium: 0,
      low: 1,
      unknown: 0,
      total: 2,
      digest: 'sha256:abc',
      'sarif-path': undefined,
      reused: 'false',
      'evidence-digest': undefined,
    });
  });

  test('no verdict (a failure before one): passed and the counts are unset', () => {
    const outputs = outputsOf({ inputs, notes: [] });
    expect(outputs.passed).toBeUndefined();
    expect(outputs.total).toBeUndefined();
  });
});

describe('summaryOf', () => {
  test('lists findings at or above display only, and the exceptions used, expired and stale', () => {
    const summary = summaryOf(
      outcomeOf([
        finding('CVE-2024-0001', 'high', '<b>x</b>'),
        finding('CVE-2024-0002', 'critical'),
        finding('CVE-2024-0004', 'medium'),
      ]),
    );
    expect(summary.heading).toBe('Image passed the vulnerability gate');
    const tables = Object.fromEntries((summary.tables ?? []).map((t) => [t.caption, t.rows]));
    expect(tables['Findings at or above high']).toEqual([
      ['high', 'CVE-2024-0001', 'openssl', '3.0.11', '3.0.14', '<b>x</b>', 'trivy:r.json'],
    ]);
    expect(tables['Exceptions used']).toEqual([
      ['CVE-2024-0002', 'openssl 3.0.11', 'critical', 'CVE-2024-0002 (1)', '2026-12-31', 'accepted risk'],
    ]);
    expect(tables['Expired exceptions (no longer applied)']).toEqual([['CVE-2020-0001', 'any', '2021-01-01', 0, 4]]);
    expect(summary.table!.rows).toEqual([['after exceptions', 0, 1, 1, 0, 0, 2]]);
  });

  test('caps the findings table, saying how many there are', () => {
    const many = Array.from({ length: maxFindingRows + 5 }, (_, i) => finding(`CVE-2024-${String(1000 + i)}`, 'high'));
    const table = summaryOf(outcomeOf(many)).tables![0]!;
    expect(table.rows).toHaveLength(maxFindingRows);
    expect(table.caption).toContain(`first ${maxFindingRows} of ${maxFindingRows + 5}`);
  });

  test('a failed run says why; a dry run says so in the heading', () => {
    const failed = summaryOf({
      inputs,
      notes: [],
      failure: { reason: 'scan-timeout', message: 'gave up', expected: true },
    });
    expect(failed.heading).toBe('Image not passed: scan-timeout');
    expect(failed.lines).toContain('Why: gave up');
    const dry = summaryOf({ inputs: { ...inputs, dryRun: true }, notes: ['a real run would start a scan'] });
    expect(dry.heading).toBe('Dry run: No verdict');
    expect(dry.lines).toContain('a real run would start a scan');
  });
});
