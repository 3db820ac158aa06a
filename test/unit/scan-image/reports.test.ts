import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ActionFailure } from '../../../action-helpers/errors.js';
import { mergeFindings } from '../../../src/scan-image/findings.js';
import { readReport } from '../../../src/scan-image/report-reader.js';

const fixtures = path.join(process.cwd(), 'test/fixtures/scan-image');
const digest = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const imageId = 'sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210';
const scratch = mkdtempSync(path.join(tmpdir(), 'scan-image-reports-'));

function file(name: string, text: string): string {
  const p = path.join(scratch, name);
  writeFileSync(p, text);
  return p;
}

const brief = (f: { id: string; package?: string; version?: string; severity: string; fixState: string }) =>
  `${f.id} ${f.package ?? '-'} ${f.version ?? '-'} ${f.severity} ${f.fixState}`;

// Every case twice: streamed (what a report over wholeParseMaxBytes gets) and parsed whole.
describe.each([
  ['streamed', { wholeParseMaxBytes: 0 }],
  ['parsed whole', {}],
])('%s', (_, options) => {
  describe('Trivy JSON', () => {
    test('every vulnerability of every result, its severity, fix state, aliases and the digests it names', async () => {
      const report = await readReport(path.join(fixtures, 'trivy.json'), 'trivy.json', options);
      expect(report.format).toBe('trivy');
      expect(report.source).toBe('trivy:trivy.json');
      expect(report.manifestDigests).toEqual([digest]);
      expect(report.configDigests).toEqual([imageId]);
      expect(report.findings.map(brief)).toEqual([
        'CVE-2024-5535 libssl3 3.0.11-1~deb12u2 critical fixed',
        'CVE-2023-4911 libc6 2.36-9+deb12u3 high not-fixed',
        'CVE-2005-2541 tar 1.34+dfsg-1.2 low not-fixed',
        // Severity UNKNOWN: the worst vendor's view (ubuntu 3 = high) counts instead.
        'CVE-2026-0001 zlib1g 1:1.2.13.dfsg-1 high fixed',
        // One package at two versions: two findings.
        'CVE-2021-23337 lodash 4.17.20 high fixed',
        'CVE-2021-23337 lodash 4.17.15 high fixed',
        'GHSA-p6mc-m468-83gw lodash.set 4.3.2 high not-fixed',
      ]);
      expect(report.findings[4]).toMatchObject({ aliases: ['GHSA-35jh-r3h4-6jhm'], fixedVersion: '4.17.21' });
    });

    test('a report with no vulnerabilities is an empty list, not an error', async () => {
      const report = await readReport(path.join(fixtures, 'trivy-empty.json'), 'empty.json', options);
      expect(report).toMatchObject({ format: 'trivy', findings: [], manifestDigests: [digest] });
    });

    test('another schema version is refused', async () => {
      const p = file('v1.json', JSON.stringify({ SchemaVersion: 1, Results: [] }));
      await expect(readReport(p, 'v1.json', options)).rejects.toThrow(/SchemaVersion 1; only 2 is read/);
    });
  });

  describe('Grype JSON', () => {
    test('matches, with related vulnerabilities as aliases, fix states and Negligible as low', async () => {
      const report = await readReport(path.join(fixtures, 'grype.json'), 'grype.json', options);
      expect(report.format).toBe('grype');
      expect(report.manifestDigests).toEqual([digest]);
      expect(report.configDigests).toEqual([imageId]);
      expect(report.findings.map(brief)).toEqual([
        'GHSA-35jh-r3h4-6jhm lodash 4.17.20 high fixed',
        // Debian rates it low, NVD critical: Grype's own choice (the distro's) is what counts.
        'CVE-2024-5535 libssl3 3.0.11-1~deb12u2 low fixed',
        'CVE-2005-2541 tar 1.34+dfsg-1.2 low not-fixed',
        // Unknown in the distro's data: the related NVD record's severity.
        'CVE-2023-4911 libc6 2.36-9+deb12u3 high not-fixed',
        'CVE-2026-0002 busybox 1.36.1-r2 medium unknown',
      ]);
      expect(report.findings[0]!.aliases).toEqual(['CVE-2021-23337']);
    });

    test('an empty Grype report, recognised by its descriptor', async () => {
      const report = await readReport(path.join(fixtures, 'grype-empty.json'), 'g.json', options);
      expect(report).toMatchObject({ format: 'grype', findings: [], manifestDigests: [digest] });
    });
  });

  describe('SARIF 2.1.0', () => {
    test('security-severity bands, severity tags, levels; passes and suppressed results left out', async () => {
      const report = await readReport(path.join(fixtures, 'scans.sarif'), 'scans.sarif', options);
      expect(report.format).toBe('sarif');
      expect(report.manifestDigests).toEqual([digest]);
      expect(report.findings.map(brief)).toEqual([
        'CVE-2024-5535 libssl3 3.0.11-1~deb12u2 critical fixed',
        'CVE-2023-4911 libc6 2.36-9+deb12u3 high unknown',
        // Grype's rule id names the advisory and the package; 7.2 is high.
        'GHSA-35jh-r3h4-6jhm lodash 4.17.20 high unknown',
        'CVE-2026-0003 - - medium unknown',
        'CVE-2026-0004 - - low unknown',
      ]);
      expect(report.findings[0]).toMatchObject({
        fixedVersion: '3.0.14-1~deb12u1',
        url: 'https://avd.aquasec.com/nvd/cve-2024-5535',
      });
    });

    test('rules may come after the results', async () => {
      const p = file(
        'late-rules.sarif',
        JSON.stringify({
          version: '2.1.0',
          runs: [
            {
              results: [{ ruleId: 'R1', ruleIndex: 0, message: { text: 'x' } }],
              tool: { driver: { name: 't', rules: [{ id: 'R1', properties: { 'security-severity': '4.0' } }] } },
            },
          ],
        }),
      );
      expect((await readReport(p, 'late.sarif', options)).findings.map((f) => f.severity)).toEqual(['medium']);
    });

    test('another SARIF version is refused', async () => {
      const p = file('v2.sarif', JSON.stringify({ version: '2.0.0', runs: [] }));
      await expect(readReport(p, 'v2.sarif', options)).rejects.toThrow(/SARIF version "2.0.0"/);
    });
  });

  describe('unreadable reports are report-invalid', () => {
    test.each([
      [
        'a cut file',
        '{"SchemaVersion": 2, "Results": [{"Target": "x", "Vulnerabilities": [{"VulnerabilityID": "CVE-2024-1',
      ],
      ['not JSON', 'VulnerabilityID: CVE-2024-1\n'],
      ['an empty file', ''],
      ['another JSON document', '{"hello": "world"}'],
      ['two documents', '{"SchemaVersion": 2}\n{"SchemaVersion": 2}'],
      ['a Trivy v1 report (an array)', '[{"Target": "x", "Vulnerabilities": []}]'],
    ])('%s', async (name, text) => {
      const p = file(`${name.replace(/\W/g, '-')}.json`, text);
      const err = await readReport(p, 'r.json', options).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ActionFailure);
      expect((err as ActionFailure).reason).toBe('report-invalid');
    });

    test('a null where a finding should be is no finding', async () => {
      const p = file(
        'nulls.json',
        JSON.stringify({ SchemaVersion: 2, Results: [{ Target: 'x', Vulnerabilities: [null, 3] }, null] }),
      );
      expect((await readReport(p, 'nulls.json', options)).findings).toEqual([]);
    });

    test('a missing file', async () => {
      await expect(readReport(path.join(scratch, 'absent.json'), 'absent.json', options)).rejects.toMatchObject({
        reason: 'report-invalid',
      });
    });
  });

  describe('several reports of one image', () => {
    test('one finding per advisory, package and version, whichever id each tool used; the worse severity wins', async () => {
      const trivy = await readReport(path.join(fixtures, 'trivy.json'), 'trivy.json', options);
      const grype = await readReport(path.join(fixtures, 'grype.json'), 'grype.json', options);
      const merged = mergeFindings([...trivy.findings, ...grype.findings]);
      const lodash = merged.filter((f) => f.package === 'lodash');
      expect(lodash.map((f) => `${f.id} ${f.version} ${f.source}`)).toEqual([
        'CVE-2021-23337 4.17.20 trivy:trivy.json, grype:grype.json',
        'CVE-2021-23337 4.17.15 trivy:trivy.json',
      ]);
      expect(lodash[0]!.aliases).toEqual(['GHSA-35jh-r3h4-6jhm']);
      // Trivy says critical, Grype low: critical.
      expect(merged.find((f) => f.id === 'CVE-2024-5535')!.severity).toBe('critical');
      expect(merged).toHaveLength(trivy.findings.length + grype.findings.length - 4);
    });
  });
});
