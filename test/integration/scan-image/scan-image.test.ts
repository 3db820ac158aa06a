// scan-image's bundle against the real local stack: moto's ECR scan API (basic scanning as moto
// runs it; failed, endless and enhanced scans through moto's own API for custom scan results),
// images in the distribution registry, and the verdicts recorded as evidence there and read back.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeImageScanFindingsCommand } from '@aws-sdk/client-ecr';
import { CreateKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { EvidenceStore } from '../../../action-helpers/evidence.js';
import { runAction, type ActionRun } from '../../support/run-action.js';
import { useStack, setScanResult, type Stack, type TestImage } from './stack.js';
import { validateSarif } from '../../unit/scan-image/sarif-schema.js';

// Each run of the bundle takes a second or two; more on a loaded machine.
jest.setTimeout(60_000);

const placeholder = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const fixtures = path.join(process.cwd(), 'test/fixtures/scan-image');
let stack: Stack;
let workspace: string;

beforeAll(async () => {
  stack = await useStack();
  workspace = mkdtempSync(path.join(tmpdir(), 'scan-image-ws-'));
  mkdirSync(path.join(workspace, 'reports'));
}, 300_000);

afterAll(async () => {
  await stack?.cleanup();
});

function scan(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(
    'scan-image',
    { registry: stack.registryHost, ...inputs },
    {
      env: { ...stack.env, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace, ...env },
      cwd: workspace,
    },
  );
}

function records(image: TestImage) {
  return new EvidenceStore(stack.registry, image.repository).list(image.digest, 'scan');
}

/** A report from a fixture, about `digest` instead of the placeholder, in the workspace. */
function report(fixture: string, digest: string, name = fixture): string {
  const text = readFileSync(path.join(fixtures, fixture), 'utf8').replaceAll(placeholder, digest);
  writeFileSync(path.join(workspace, 'reports', name), text);
  return `reports/${name}`;
}

function writeWorkspaceFile(name: string, text: string): string {
  writeFileSync(path.join(workspace, name), text);
  return name;
}

describe('source ecr, basic scanning', () => {
  let image: TestImage;
  beforeAll(async () => {
    image = await stack.image('basic');
  });

  test('dry run: reports that a scan is needed, starts none, records nothing', async () => {
    const run = await scan({ image: `${image.repository}:${image.tag}`, 'dry-run': 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ digest: image.digest, reused: 'false' });
    expect(run.outputs.passed).toBeUndefined();
    expect(run.summary).toContain('has no ECR scan yet; a real run would start one');
    await expect(
      stack.ecr().send(
        new DescribeImageScanFindingsCommand({
          repositoryName: image.repository,
          imageId: { imageDigest: image.digest },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ScanNotFoundException' });
    expect(await records(image)).toEqual([]);
  });

  test('starts the scan, waits, fails on its HIGH finding and records the failed verdict', async () => {
    const run = await scan({ image: `${image.repository}:${image.tag}` });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({
      'failure-reason': 'vulnerabilities-found',
      passed: 'false',
      high: '1',
      critical: '0',
      total: '1',
      digest: image.digest,
      reused: 'false',
    });
    expect(run.errors).toEqual(['1 finding(s) at or above fail-on high: CVE-9999-9999.']);
    const found = await records(image);
    expect(found).toHaveLength(1);
    expect(found[0]!.artifactDigest).toBe(run.outputs['evidence-digest']);
    expect(found[0]!.record.data).toMatchObject({
      verdict: 'failed',
      sources: ['ecr-basic'],
      counts: { high: 1, total: 1 },
    });
    expect(validateSarif(JSON.parse(readFileSync(run.outputs['sarif-path']!, 'utf8')))).toEqual([]);
  });

  test('a re-run reuses the recorded verdict: no scan is waited for, nothing recorded again', async () => {
    const run = await scan({ image: `${image.repository}@${image.digest}` });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ 'failure-reason': 'vulnerabilities-found', reused: 'true', high: '1' });
    expect(run.stdout).not.toContain('Started an ECR scan');
    expect(await records(image)).toHaveLength(1);
  });

  test('an exception for the finding passes it (a new policy: the existing scan is read again); a stale one is reported', async () => {
    const ignore = writeWorkspaceFile(
      'ignore-basic.yaml',
      '- id: CVE-9999-9999\n  package: moto_fake\n  reason: moto fixture\n  expires: "2099-01-01"\n- id: CVE-2000-0001\n  reason: gone\n  expires: "2099-01-01"\n',
    );
    const run = await scan({ image: `${image.repository}:${image.tag}`, 'ignore-file': ignore });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'true', high: '0', total: '0', reused: 'false' });
    // The scan of the first run is read as it is: no second scan (moto, like ECR, allows one a day).
    expect(run.stdout).not.toContain('Started an ECR scan');
    expect(run.summary).toContain('Exceptions used');
    expect(run.summary).toContain('Stale exceptions');
    const found = await records(image);
    expect(found.map((f) => f.record.data.verdict)).toEqual(['passed', 'failed']);

    const strict = await scan({
      image: `${image.repository}:${image.tag}`,
      'ignore-file': ignore,
      'fail-on-stale-ignores': 'true',
    });
    expect(strict.exitCode).toBe(1);
    expect(strict.outputs).toMatchObject({ 'failure-reason': 'stale-ignores', passed: 'false' });
    expect(strict.errors[0]).toContain('CVE-2000-0001 (line 5)');
  });
});

describe('source ecr, signed evidence (moto KMS)', () => {
  const kms = () => new KMSClient({ region: 'us-east-1', endpoint: stack.env.AWS_ENDPOINT_URL });
  let keyId: string;
  beforeAll(async () => {
    const key = await kms().send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'scan-image test' }),
    );
    keyId = key.KeyMetadata!.KeyId!;
  });
  afterAll(async () => {
    if (keyId)
      await kms()
        .send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
        .catch(() => undefined);
  });

  test('with a signing key, only a verdict that key signed is reused', async () => {
    const image = await stack.image('signed');
    const ref = `${image.repository}:${image.tag}`;
    const unsigned = await scan({ image: ref, 'fail-on': 'critical' });
    expect(unsigned.outputs).toMatchObject({ passed: 'true', reused: 'false' });

    const signed = await scan({ image: ref, 'fail-on': 'critical', 'evidence-signing-key': keyId });
    expect(signed.outputs).toMatchObject({ passed: 'true', reused: 'false' });
    expect(signed.summary).toContain('signed by arn:aws:kms:');
    const found = await records(image);
    expect(found).toHaveLength(2);

    const again = await scan({ image: ref, 'fail-on': 'critical', 'evidence-signing-key': keyId });
    expect(again.outputs).toMatchObject({ passed: 'true', reused: 'true' });
    expect(await records(image)).toHaveLength(2);
  });
});

describe('source ecr, scans that give no findings fail closed', () => {
  const cases = [
    { name: 'failed', status: 'FAILED', reason: 'scan-failed', timeout: '1m' },
    { name: 'unsupported', status: 'UNSUPPORTED_IMAGE', reason: 'scan-failed', timeout: '1m' },
    { name: 'endless', status: 'IN_PROGRESS', reason: 'scan-timeout', timeout: '3s' },
  ];
  test.each(cases)('$status: $reason', async ({ name, status, reason, timeout }) => {
    const image = await stack.image(name);
    await setScanResult(stack.env.AWS_ENDPOINT_URL!, 'us-east-1', {
      registryId: '123456789012',
      repositoryName: image.repository,
      imageId: { imageDigest: image.digest },
      imageScanStatus: { status, description: `moto says ${status}` },
    });
    const run = await scan({ image: `${image.repository}:${image.tag}`, 'wait-timeout': timeout });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe(reason);
    expect(run.outputs.passed).toBeUndefined();
    expect(await records(image)).toEqual([]);
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-path']!, 'utf8')) as {
      runs: { invocations: { executionSuccessful: boolean }[] }[];
    };
    expect(sarif.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
  });
});

describe('source ecr, enhanced scanning (Inspector findings, through moto custom scan results)', () => {
  test('findings per vulnerable package with fixed versions; ignore-unfixed leaves out what has no fix', async () => {
    const image = await stack.image('enhanced');
    const at = Math.floor(Date.now() / 1000);
    const finding = (
      id: string,
      severity: string,
      fixAvailable: string,
      packages: object[],
      related: string[] = [],
    ) => ({
      awsAccountId: '123456789012',
      description: `${id} description`,
      findingArn: `arn:aws:inspector2:us-east-1:123456789012:finding/${id}`,
      firstObservedAt: at,
      lastObservedAt: at,
      packageVulnerabilityDetails: {
        cvss: [
          {
            baseScore: 9.8,
            scoringVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
            source: 'NVD',
            version: '3.1',
          },
        ],
        referenceUrls: [],
        relatedVulnerabilities: related,
        source: 'NVD',
        sourceUrl: `https://nvd.nist.gov/vuln/detail/${id}`,
        vendorCreatedAt: at,
        vendorSeverity: severity,
        vulnerabilityId: id,
        vulnerablePackages: packages,
      },
      remediation: { recommendation: { text: 'Upgrade' } },
      resources: [
        {
          id: `arn:aws:ecr:us-east-1:123456789012:repository/${image.repository}/${image.digest}`,
          type: 'AWS_ECR_CONTAINER_IMAGE',
        },
      ],
      score: 9.8,
      severity,
      status: 'ACTIVE',
      title: `${id} - a package`,
      type: 'PACKAGE_VULNERABILITY',
      updatedAt: at,
      fixAvailable,
      exploitAvailable: 'NO',
    });
    await setScanResult(stack.env.AWS_ENDPOINT_URL!, 'us-east-1', {
      registryId: '123456789012',
      repositoryName: image.repository,
      imageId: { imageDigest: image.digest },
      imageScanStatus: { status: 'ACTIVE', description: 'Continuous scan is selected for image.' },
      imageScanFindings: {
        imageScanCompletedAt: at,
        vulnerabilitySourceUpdatedAt: at,
        findingSeverityCounts: { CRITICAL: 2, HIGH: 1 },
        enhancedFindings: [
          finding('CVE-2024-5535', 'CRITICAL', 'YES', [
            {
              name: 'openssl',
              version: '3.0.11',
              release: '1~deb12u2',
              packageManager: 'OS',
              fixedInVersion: '3.0.14-1~deb12u1',
            },
          ]),
          finding('CVE-2023-4911', 'CRITICAL', 'NO', [
            { name: 'libc6', version: '2.36', release: '9+deb12u3', packageManager: 'OS' },
          ]),
          finding(
            'GHSA-35jh-r3h4-6jhm',
            'HIGH',
            'YES',
            [{ name: 'lodash', version: '4.17.20', packageManager: 'NODE', fixedInVersion: '4.17.21' }],
            ['CVE-2021-23337'],
          ),
        ],
      },
    });
    const ignore = writeWorkspaceFile(
      'ignore-enhanced.yaml',
      '- id: CVE-2021-23337\n  reason: alias of the GHSA Inspector reports\n  expires: "2099-01-01"\n',
    );
    const run = await scan({
      image: `${image.repository}:${image.tag}`,
      'ignore-unfixed': 'true',
      'ignore-file': ignore,
      'fail-on': 'critical',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({
      'failure-reason': 'vulnerabilities-found',
      critical: '1',
      high: '0',
      total: '1',
    });
    expect(run.summary).toContain('3.0.14-1~deb12u1');
    expect(run.summary).toContain('Sources: ecr-enhanced');
    expect(run.summary).toContain('1 finding(s) without a fixed version left out');
    const found = await records(image);
    expect(found[0]!.record.data.sources).toEqual(['ecr-enhanced']);
  });
});

describe('source report', () => {
  let image: TestImage;
  beforeAll(async () => {
    image = await stack.image('reports', { index: true });
  });

  test('Trivy about one platform of the index and Grype about the index: one verdict, recorded; SARIF valid', async () => {
    const trivy = report('trivy.json', image.platformDigest!);
    const grype = report('grype.json', image.digest);
    const ignore = writeWorkspaceFile('ignore.yaml', readFileSync(path.join(fixtures, 'ignore.yaml'), 'utf8'));
    const inputs = {
      image: `${image.repository}:${image.tag}`,
      source: 'report',
      reports: `${trivy}\n${grype}`,
      'ignore-file': ignore,
      display: 'any',
    };
    const run = await scan(inputs);
    expect(run.exitCode).toBe(1);
    // libssl3 critical; libc6, lodash.set, zlib1g high (libc6's exception expired); lodash excepted
    // through its alias; tar low; busybox medium.
    expect(run.outputs).toMatchObject({ critical: '1', high: '3', medium: '1', low: '1', unknown: '0', total: '6' });
    expect(run.summary).toContain('Expired exceptions');
    expect(run.summary).toContain('CVE-2019-0001');
    expect(run.summary).toContain('&#60;script&#62;');
    expect(run.summary).not.toContain('<script>');
    const found = await records(image);
    expect(found[0]!.record.data).toMatchObject({
      verdict: 'failed',
      sources: ['trivy:reports/trivy.json', 'grype:reports/grype.json'],
    });
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-path']!, 'utf8')) as object;
    expect(validateSarif(sarif)).toEqual([]);

    const again = await scan(inputs);
    expect(again.outputs['evidence-digest']).toBe(run.outputs['evidence-digest']);
    expect(again.summary).toContain('already recorded');
    expect(await records(image)).toHaveLength(found.length);
  });

  test('dry run: the verdict is reported, the step does not fail on it, nothing is recorded', async () => {
    const run = await scan({
      image: `${image.repository}:${image.tag}`,
      source: 'report',
      reports: report('grype.json', image.digest, 'dry.json'),
      'dry-run': 'true',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'false', critical: '0', high: '2' });
    expect(run.outputs['evidence-digest']).toBeUndefined();
    expect(run.summary).toContain('A real run would fail (vulnerabilities-found)');
    expect(run.summary).toContain('A real run would record the failed verdict');
  });

  test('a report about another image is refused', async () => {
    const run = await scan({
      image: `${image.repository}:${image.tag}`,
      source: 'report',
      reports: report('grype.json', placeholder, 'other.json'),
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('report-invalid');
    expect(run.errors[0]).toMatch(/is about another image/);
  });

  test('a cut report is refused, and untrusted text never issues a workflow command', async () => {
    writeWorkspaceFile('reports/cut.json', '{"SchemaVersion": 2, "Results": [');
    const cut = await scan({
      image: `${image.repository}:${image.tag}`,
      source: 'report',
      reports: 'reports/cut.json',
    });
    expect(cut.outputs['failure-reason']).toBe('report-invalid');

    const evil = JSON.stringify({
      SchemaVersion: 2,
      Results: [
        {
          Target: 'x',
          Vulnerabilities: [
            {
              VulnerabilityID: 'CVE-2026-0009',
              PkgName: '::error::injected',
              InstalledVersion: '1',
              Severity: 'CRITICAL',
            },
          ],
        },
      ],
    });
    writeWorkspaceFile('reports/evil.json', evil);
    const run = await scan({
      image: `${image.repository}:${image.tag}`,
      source: 'report',
      reports: 'reports/evil.json',
      'record-evidence': 'false',
    });
    expect(run.outputs['failure-reason']).toBe('vulnerabilities-found');
    expect(run.errors).toEqual(['1 finding(s) at or above fail-on high: CVE-2026-0009.']);
    expect(run.stdout).toContain('injected');
    expect(run.stdout.split('\n').some((line) => line.trimStart().startsWith('::error::injected'))).toBe(false);
  });
});

describe('a registry that refuses the evidence', () => {
  test('evidence-failed: the verdict is reached and reported, but not passed on without its record', async () => {
    // A registry that serves the image and refuses every write, as a read-only mirror or a
    // pull-only credential would: the local registry cannot be made read-only for one test.
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'c'.repeat(64)}`, size: 2 },
      layers: [],
    });
    const server = createServer((req, res) => {
      const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
      if (
        req.method === 'GET' &&
        (req.url === '/v2/shop/api/manifests/v1' || req.url === `/v2/shop/api/manifests/${digest}`)
      ) {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
        res.end(manifest);
      } else if (req.method === 'GET' || req.method === 'HEAD') {
        res.writeHead(404);
        res.end();
      } else {
        res.writeHead(403);
        res.end('{"errors":[{"code":"DENIED","message":"read-only"}]}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const empty = writeWorkspaceFile('reports/empty.json', '{"SchemaVersion": 2, "Results": []}');
      const run = await scan({ image: `${host}/shop/api:v1`, registry: host, source: 'report', reports: empty });
      expect(run.exitCode).toBe(1);
      expect(run.outputs).toMatchObject({ 'failure-reason': 'evidence-failed', passed: 'true', total: '0' });
      expect(run.errors[0]).toContain('HTTP 403');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('refused before anything is read', () => {
  test('an image that is not there', async () => {
    const image = await stack.image('absent');
    const run = await scan({ image: `${image.repository}:no-such-tag` });
    expect(run.outputs['failure-reason']).toBe('image-not-found');
    expect(existsSync(run.outputs['sarif-path']!)).toBe(true);
  });

  test('a malformed ignore file names its line', async () => {
    const ignore = writeWorkspaceFile(
      'bad.yaml',
      '- id: CVE-2024-1\n  reason: ok\n  expires: "2099-01-01"\n- id: CVE-2024-2\n  reson: typo\n',
    );
    const run = await scan({ image: 'team/api:v1', 'ignore-file': ignore });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('invalid-input');
    expect(run.errors).toEqual([
      expect.stringContaining('Input \'ignore-file\': bad.yaml line 5: unknown key "reson"'),
    ]);
  });
});
