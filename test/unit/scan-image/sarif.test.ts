import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { mergeFindings, type Finding } from '../../../src/scan-image/findings.js';
import { evaluate, parseIgnoreFile } from '../../../src/scan-image/policy.js';
import { readReport } from '../../../src/scan-image/report-reader.js';
import { sarifLog } from '../../../src/scan-image/sarif.js';
import { validateSarif } from './sarif-schema.js';

const fixtures = path.join(process.cwd(), 'test/fixtures/scan-image');

describe('the SARIF log against the official SARIF 2.1.0 schema', () => {
  test('the validator is real: it refuses a broken log', () => {
    expect(validateSarif({ version: '2.1.0', runs: [{ results: [{ message: {} }] }] })).not.toEqual([]);
    expect(validateSarif({ version: '2.0.0', runs: [] })).not.toEqual([]);
  });

  test('findings from every fixture, with exceptions and unfixed ones as suppressed results', async () => {
    const findings: Finding[] = [];
    for (const file of ['trivy.json', 'grype.json', 'scans.sarif'])
      findings.push(...(await readReport(path.join(fixtures, file), file)).findings);
    const ignores = parseIgnoreFile(
      '- id: CVE-2021-23337\n  reason: r\n  expires: "2099-01-01"\n',
      'ignore-file',
      'i.yaml',
    );
    const verdict = evaluate(
      mergeFindings(findings),
      { failOn: 'high', ignoreUnfixed: true, ignores, failOnStaleIgnores: false },
      new Date(),
    );
    const log = sarifLog({
      repository: 'shop/api',
      digest: `sha256:${'a'.repeat(64)}`,
      verdict,
      failOn: 'high',
      executionSuccessful: true,
    });
    expect(validateSarif(log)).toEqual([]);
    const run = (
      log.runs as { results: { level: string; suppressions?: unknown[] }[]; tool: { driver: { rules: unknown[] } } }[]
    )[0]!;
    expect(run.results).toHaveLength(verdict.counted.length + verdict.excepted.length + verdict.unfixed.length);
    expect(run.results.filter((r) => r.suppressions)).toHaveLength(verdict.excepted.length + verdict.unfixed.length);
    expect(run.results.filter((r) => r.level === 'error')).toHaveLength(verdict.failing.length);
  });

  test('a failed run: no results, the reason as a notification', () => {
    const log = sarifLog({
      repository: 'shop/api',
      failOn: 'high',
      executionSuccessful: false,
      notification: 'Report x.json cannot be read',
    });
    expect(validateSarif(log)).toEqual([]);
  });
});
