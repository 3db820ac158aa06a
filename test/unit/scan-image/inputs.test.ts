import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError } from '../../../action-helpers/errors.js';
import { readInputs } from '../../../src/scan-image/inputs.js';
import { withInputs } from '../../support/inputs.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'scan-image-inputs-'));
writeFileSync(path.join(workspace, 'trivy.json'), '{}');
writeFileSync(path.join(workspace, 'ignore.yaml'), '- id: CVE-2024-1234\n  reason: r\n  expires: "2099-01-01"\n');
process.env.GITHUB_WORKSPACE = workspace;
process.env.AWS_REGION = 'eu-west-1';

const read = (inputs: Record<string, string>) => withInputs(inputs, readInputs);

describe('readInputs', () => {
  test('defaults: ECR source, fail-on high, display medium, 10m wait, 24h reuse, evidence recorded', () => {
    const inputs = read({ image: 'shop/api:1.4.0' });
    expect(inputs).toMatchObject({
      image: { text: 'shop/api:1.4.0', repository: 'shop/api', tag: '1.4.0', digest: undefined },
      source: 'ecr',
      reports: [],
      policy: { failOn: 'high', ignoreUnfixed: false, ignores: [], failOnStaleIgnores: false },
      display: 'medium',
      waitTimeoutMs: 600_000,
      maxAgeMs: 86_400_000,
      recordEvidence: true,
      dryRun: false,
      aws: { region: 'eu-west-1' },
    });
  });

  test.each([
    ['shop/api@sha256:' + 'a'.repeat(64), { repository: 'shop/api', digest: 'sha256:' + 'a'.repeat(64) }],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:v2',
      { repository: 'team/api', tag: 'v2', registryId: '123456789012' },
    ],
  ])('image %s', (image, expected) => {
    expect(read({ image }).image).toMatchObject(expected);
  });

  test('a stand-in registry named by the image and the registry input', () => {
    expect(read({ image: '127.0.0.1:5050/shop/api:v1', registry: '127.0.0.1:5050' }).image).toMatchObject({
      registryHost: '127.0.0.1:5050',
      repository: 'shop/api',
    });
  });

  test('reports and the ignore file, resolved in the workspace', () => {
    const inputs = read({
      image: 'shop/api:v1',
      source: 'report',
      reports: 'trivy.json',
      'ignore-file': 'ignore.yaml',
    });
    expect(inputs.reports).toEqual([path.join(workspace, 'trivy.json')]);
    expect(inputs.ignoreFile).toBe('ignore.yaml');
    expect(inputs.policy.ignores.map((r) => r.id)).toEqual(['CVE-2024-1234']);
  });

  test.each([
    [{ image: '' }, 'image', /a value is required/],
    [{ image: 'shop/api' }, 'image', /names no tag or digest/],
    [{ image: '-shop/api:v1' }, 'image', /is not an image reference/],
    [{ image: 'shop/api:v1;rm -rf' }, 'image', /is not an image reference/],
    [{ image: 'ghcr.io/shop/api:v1' }, 'image', /not an ECR registry, and the registry input does not name it/],
    [
      { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:v1' },
      'image',
      /in us-east-1, not in aws-region eu-west-1/,
    ],
    [{ image: 'shop/api:v1', source: 'grype' }, 'source', /one of ecr, report/],
    [{ image: 'shop/api:v1', source: 'report' }, 'reports', /at least one file is required/],
    [{ image: 'shop/api:v1', reports: 'trivy.json' }, 'reports', /only read with source report/],
    [{ image: 'shop/api:v1', source: 'report', reports: '../etc/passwd' }, 'reports', /outside the workspace/],
    [{ image: 'shop/api:v1', source: 'report', reports: 'absent.json' }, 'reports', /does not exist/],
    [{ image: 'shop/api:v1', 'fail-on': 'severe' }, 'fail-on', /one of critical, high, medium, low, any, none/],
    [{ image: 'shop/api:v1', display: 'HIGH' }, 'display', /one of/],
    [{ image: 'shop/api:v1', 'wait-timeout': 'soon' }, 'wait-timeout', /a duration/],
    [{ image: 'shop/api:v1', 'max-age': '60d' }, 'max-age', /a duration/],
    [{ image: 'shop/api:v1', 'ignore-file': 'absent.yaml' }, 'ignore-file', /does not exist/],
    [{ image: 'shop/api:v1', 'sarif-file': '/etc/scan.sarif' }, 'sarif-file', /outside the workspace/],
    [{ image: 'shop/api:v1', registry: 'http://127.0.0.1:5050' }, 'registry', /registry host/],
    [{ image: 'shop/api:v1', 'evidence-signing-key': 'my key' }, 'evidence-signing-key', /KMS key/],
    [{ image: 'shop/api:v1', 'dry-run': 'yes' }, 'dry-run', /true or false/],
  ])('%j: refused, naming %s', (inputs, input, problem) => {
    let error: unknown;
    try {
      read(inputs);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as InputError).message).toMatch(problem);
  });

  test('the SARIF file may go to RUNNER_TEMP', () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'runner-temp-'));
    process.env.RUNNER_TEMP = temp;
    try {
      expect(read({ image: 'shop/api:v1', 'sarif-file': path.join(temp, 'x.sarif') }).sarifFile).toBe(
        path.join(temp, 'x.sarif'),
      );
    } finally {
      delete process.env.RUNNER_TEMP;
    }
  });
});
