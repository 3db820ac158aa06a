// Edge cases of ECR's scan API that moto cannot produce by itself (paging, a scan moving from
// PENDING to ACTIVE, a service refusing to scan), through recorded responses in the shapes of the
// ECR API reference (DescribeImageScanFindings, StartImageScan). The same paths run against moto in
// test/integration/scan-image.
import { beforeEach, describe, expect, test } from '@jest/globals';
import {
  DescribeImageScanFindingsCommand,
  ECRClient,
  ECRServiceException,
  StartImageScanCommand,
  type DescribeImageScanFindingsCommandOutput,
  type ScanStatus,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { readEcrScan } from '../../../src/scan-image/ecr-scan.js';

const ecrMock = mockClient(ECRClient);
const ecr = new ECRClient({ region: 'us-east-1' });
const image = { repository: 'shop/api', digest: `sha256:${'c'.repeat(64)}` };
const options = {
  timeoutMs: 2_000,
  signal: new AbortController().signal,
  dryRun: false,
  intervalMs: 5,
  maxIntervalMs: 10,
};

function awsError(name: string): ECRServiceException {
  return new ECRServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: `${name} from ECR`,
  });
}

const page = (
  status: string,
  more: Partial<DescribeImageScanFindingsCommandOutput> = {},
): DescribeImageScanFindingsCommandOutput => ({
  $metadata: {},
  repositoryName: image.repository,
  imageId: { imageDigest: image.digest },
  imageScanStatus: { status: status as ScanStatus, description: `status ${status}` },
  ...more,
});

// An enhanced finding as the API reference describes EnhancedImageScanFinding.
const enhanced = (id: string, severity: string, fixedInVersion?: string) => ({
  awsAccountId: '123456789012',
  findingArn: `arn:aws:inspector2:us-east-1:123456789012:finding/${id}`,
  severity,
  status: 'ACTIVE',
  title: `${id} - openssl`,
  type: 'PACKAGE_VULNERABILITY',
  fixAvailable: fixedInVersion ? 'YES' : 'NO',
  packageVulnerabilityDetails: {
    vulnerabilityId: id,
    relatedVulnerabilities: ['GHSA-35jh-r3h4-6jhm', 'not-an-advisory'],
    sourceUrl: `https://nvd.nist.gov/vuln/detail/${id}`,
    vulnerablePackages: [{ name: 'openssl', version: '3.0.11', release: '1', packageManager: 'OS', fixedInVersion }],
  },
});

beforeEach(() => {
  ecrMock.reset();
});

describe('readEcrScan', () => {
  test('enhanced findings over several pages, after PENDING became ACTIVE; no basic scan is started for an existing one', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand)
      .resolvesOnce(page('PENDING'))
      .resolvesOnce(page('PENDING'))
      .resolvesOnce(
        page('ACTIVE', {
          imageScanFindings: { enhancedFindings: [enhanced('CVE-2024-0001', 'CRITICAL', '3.0.14')] },
          nextToken: 't1',
        }),
      )
      .resolvesOnce(
        page('ACTIVE', { imageScanFindings: { enhancedFindings: [enhanced('CVE-2024-0002', 'UNTRIAGED')] } }),
      );
    const scan = await readEcrScan(ecr, image, options);
    expect(scan).toMatchObject({ kind: 'ecr-enhanced', status: 'ACTIVE', started: false });
    if (typeof scan === 'string') throw new Error(scan);
    expect(
      scan.findings.map((f) => [f.id, f.severity, f.package, f.version, f.fixedVersion, f.fixState, f.aliases]),
    ).toEqual([
      ['CVE-2024-0001', 'critical', 'openssl', '3.0.11-1', '3.0.14', 'fixed', ['GHSA-35jh-r3h4-6jhm']],
      ['CVE-2024-0002', 'unknown', 'openssl', '3.0.11-1', undefined, 'not-fixed', ['GHSA-35jh-r3h4-6jhm']],
    ]);
    expect(ecrMock.commandCalls(DescribeImageScanFindingsCommand)[3]!.args[0].input.nextToken).toBe('t1');
    expect(ecrMock.commandCalls(StartImageScanCommand)).toHaveLength(0);
  });

  test('no scan yet: starts one, then reads it', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand)
      .rejectsOnce(awsError('ScanNotFoundException'))
      .resolvesOnce(page('IN_PROGRESS'))
      .resolves(page('COMPLETE', { imageScanFindings: { findings: [{ name: 'CVE-2024-1234', severity: 'MEDIUM' }] } }));
    ecrMock.on(StartImageScanCommand).resolves({ imageScanStatus: { status: 'IN_PROGRESS' } });
    const scan = await readEcrScan(ecr, image, options);
    expect(scan).toMatchObject({
      kind: 'ecr-basic',
      started: true,
      findings: [{ id: 'CVE-2024-1234', severity: 'medium' }],
    });
  });

  test('a scan already started today (LimitExceededException) is waited for', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand)
      .rejectsOnce(awsError('ScanNotFoundException'))
      .resolves(page('COMPLETE'));
    ecrMock.on(StartImageScanCommand).rejects(awsError('LimitExceededException'));
    expect(await readEcrScan(ecr, image, options)).toMatchObject({ started: false, findings: [] });
  });

  test('a registry that takes no manual scan (enhanced): waits for its own scan to appear', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand)
      .rejectsOnce(awsError('ScanNotFoundException'))
      .rejectsOnce(awsError('ScanNotFoundException'))
      .resolves(
        page('ACTIVE', { imageScanFindings: { enhancedFindings: [enhanced('CVE-2024-0001', 'LOW', '3.0.14')] } }),
      );
    ecrMock.on(StartImageScanCommand).rejects(awsError('ValidationException'));
    expect(await readEcrScan(ecr, image, options)).toMatchObject({
      kind: 'ecr-enhanced',
      started: false,
      findings: [{ severity: 'low' }],
    });
  });

  test.each([
    ['UnsupportedImageTypeException from StartImageScan', 'scan-failed'],
    ['ImageNotFoundException from StartImageScan', 'image-not-found'],
  ])('%s: %s', async (what, reason) => {
    ecrMock.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'));
    ecrMock.on(StartImageScanCommand).rejects(awsError(what.split(' ')[0]!));
    await expect(readEcrScan(ecr, image, options)).rejects.toMatchObject({ reason });
  });

  test.each([
    'FAILED',
    'UNSUPPORTED_IMAGE',
    'SCAN_ELIGIBILITY_EXPIRED',
    'FINDINGS_UNAVAILABLE',
    'LIMIT_EXCEEDED',
    'IMAGE_ARCHIVED',
  ])('a scan ending %s fails closed (scan-failed)', async (status) => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolvesOnce(page('IN_PROGRESS')).resolves(page(status));
    await expect(readEcrScan(ecr, image, options)).rejects.toMatchObject({ reason: 'scan-failed' });
  });

  test('a scan that never completes: scan-timeout', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolves(page('IN_PROGRESS'));
    await expect(readEcrScan(ecr, image, { ...options, timeoutMs: 50 })).rejects.toMatchObject({
      reason: 'scan-timeout',
    });
  });

  test('the run cancelled while waiting: cancelled', async () => {
    const controller = new AbortController();
    ecrMock.on(DescribeImageScanFindingsCommand).callsFake(() => {
      controller.abort();
      return page('IN_PROGRESS');
    });
    await expect(readEcrScan(ecr, image, { ...options, signal: controller.signal })).rejects.toMatchObject({
      reason: 'cancelled',
    });
  });

  test('dry run: says what a real run would do, and neither starts nor waits for a scan', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand)
      .rejectsOnce(awsError('ScanNotFoundException'))
      .resolves(page('IN_PROGRESS'));
    expect(await readEcrScan(ecr, image, { ...options, dryRun: true })).toMatch(/has no ECR scan yet/);
    expect(await readEcrScan(ecr, image, { ...options, dryRun: true })).toMatch(
      /is IN_PROGRESS; a real run would wait/,
    );
    expect(ecrMock.commandCalls(StartImageScanCommand)).toHaveLength(0);
    expect(ecrMock.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(2);
  });

  test('CLOSED and SUPPRESSED Inspector findings are not counted', async () => {
    const closed = { ...enhanced('CVE-2024-0003', 'HIGH'), status: 'CLOSED' };
    const suppressed = { ...enhanced('CVE-2024-0004', 'HIGH'), status: 'SUPPRESSED' };
    ecrMock
      .on(DescribeImageScanFindingsCommand)
      .resolves(page('ACTIVE', { imageScanFindings: { enhancedFindings: [closed, suppressed] } }));
    expect(await readEcrScan(ecr, image, options)).toMatchObject({ findings: [] });
  });
});
