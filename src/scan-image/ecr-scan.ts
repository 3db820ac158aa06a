import * as core from '@actions/core';
import {
  DescribeImageScanFindingsCommand,
  StartImageScanCommand,
  type DescribeImageScanFindingsCommandOutput,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { ActionFailure } from '../../action-helpers/errors.js';
import { waitUntil } from '../../action-helpers/poll.js';
import { basicFinding, enhancedFindings } from './ecr-findings.js';
import type { Finding } from './findings.js';

/**
 * Reads an image's ECR scan: starts a basic scan when the image has none, waits for it with the
 * shared poller, and reads every page of findings, basic or enhanced (Inspector).
 */
export interface EcrImage {
  registryId?: string;
  repository: string;
  digest: string;
}

export interface EcrScan {
  /** 'ecr-basic' or 'ecr-enhanced', from the shape of the findings. */
  kind: 'ecr-basic' | 'ecr-enhanced';
  status: string;
  completedAt?: Date;
  findings: Finding[];
  /** Whether this run started the scan. */
  started: boolean;
}

/** Statuses whose findings can be read: a finished basic scan, an active continuous (enhanced) one. */
const readable = new Set(['COMPLETE', 'ACTIVE']);
const waiting = new Set(['IN_PROGRESS', 'PENDING']);

export interface ScanOptions {
  timeoutMs: number;
  signal: AbortSignal;
  dryRun: boolean;
  /** Injected by tests: the first and the longest wait between two looks. */
  intervalMs?: number;
  maxIntervalMs?: number;
}

/** The scan, or in a dry run without a finished scan, why there is none (no scan is started or waited for). */
export async function readEcrScan(ecr: ECRClient, image: EcrImage, options: ScanOptions): Promise<EcrScan | string> {
  const where = `${image.repository}@${image.digest}`;
  let first = await describePage(ecr, image);
  let started = false;
  if (!first) {
    if (options.dryRun) return `${where} has no ECR scan yet; a real run would start one and wait for it.`;
    started = await startScan(ecr, image);
  } else if (options.dryRun && !readable.has(status(first))) {
    failIfUnusable(first, where);
    return `The ECR scan of ${where} is ${status(first)}; a real run would wait for it.`;
  }
  if (!first || !readable.has(status(first))) {
    first = await waitForScan(ecr, image, where, options);
  }
  failIfUnusable(first, where);
  const findings: Finding[] = [];
  let enhanced = false;
  for (let page: DescribeImageScanFindingsCommandOutput | undefined = first; page;) {
    const scan = page.imageScanFindings;
    for (const f of scan?.findings ?? []) {
      const finding = basicFinding(f);
      if (finding) findings.push(finding);
    }
    for (const f of scan?.enhancedFindings ?? []) {
      enhanced = true;
      findings.push(...enhancedFindings(f));
    }
    page = page.nextToken ? await describePage(ecr, image, page.nextToken) : undefined;
  }
  return {
    kind: enhanced ? 'ecr-enhanced' : 'ecr-basic',
    status: status(first),
    completedAt: first.imageScanFindings?.imageScanCompletedAt,
    findings,
    started,
  };
}

function status(page: DescribeImageScanFindingsCommandOutput): string {
  return page.imageScanStatus?.status ?? 'UNKNOWN';
}

/** One page of findings; undefined while the image has no scan (ScanNotFoundException). */
async function describePage(
  ecr: ECRClient,
  image: EcrImage,
  nextToken?: string,
): Promise<DescribeImageScanFindingsCommandOutput | undefined> {
  try {
    return await ecr.send(
      new DescribeImageScanFindingsCommand({
        registryId: image.registryId,
        repositoryName: image.repository,
        imageId: { imageDigest: image.digest },
        maxResults: 1000,
        nextToken,
      }),
    );
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'ScanNotFoundException') return undefined;
    throw notFound(err, image) ?? err;
  }
}

/** Starts a basic scan; true when this run started it. */
async function startScan(ecr: ECRClient, image: EcrImage): Promise<boolean> {
  try {
    await ecr.send(
      new StartImageScanCommand({
        registryId: image.registryId,
        repositoryName: image.repository,
        imageId: { imageDigest: image.digest },
      }),
    );
    core.info(`Started an ECR scan of ${image.repository}@${image.digest}.`);
    return true;
  } catch (err) {
    const name = (err as Error).name;
    // Basic scanning allows one scan of an image a day: a scan already started today is the one to wait for.
    if (name === 'LimitExceededException') {
      core.info(`${image.repository}@${image.digest} was already scanned today: waiting for that scan.`);
      return false;
    }
    // Enhanced scanning scans continuously and takes no manual scan: Inspector's is the one to wait for.
    if (name === 'ValidationException') {
      core.info(
        `ECR takes no manual scan of ${image.repository}@${image.digest} (${(err as Error).message}): waiting for the registry's own scan.`,
      );
      return false;
    }
    if (name === 'UnsupportedImageTypeException') {
      throw new ActionFailure(
        `ECR cannot scan ${image.repository}@${image.digest}: ${(err as Error).message}`,
        'scan-failed',
        { cause: err },
      );
    }
    throw notFound(err, image) ?? err;
  }
}

async function waitForScan(
  ecr: ECRClient,
  image: EcrImage,
  where: string,
  options: ScanOptions,
): Promise<DescribeImageScanFindingsCommandOutput> {
  try {
    return await waitUntil(
      async () => {
        const page = await describePage(ecr, image);
        if (!page) return undefined;
        failIfUnusable(page, where);
        return waiting.has(status(page)) ? undefined : page;
      },
      {
        description: `the ECR scan of ${where}`,
        timeoutMs: options.timeoutMs,
        intervalMs: options.intervalMs ?? 5_000,
        maxIntervalMs: options.maxIntervalMs ?? 30_000,
        signal: options.signal,
      },
    );
  } catch (err) {
    if (err instanceof ActionFailure && err.reason === 'timeout') {
      throw new ActionFailure(
        `The ECR scan of ${where} did not complete within wait-timeout (${Math.round(options.timeoutMs / 1000)}s); the image is not passed.`,
        'scan-timeout',
      );
    }
    throw err;
  }
}

/** A scan that ended without findings to read fails the gate: never a silent pass. */
function failIfUnusable(page: DescribeImageScanFindingsCommandOutput, where: string): void {
  const s = status(page);
  if (readable.has(s) || waiting.has(s)) return;
  const description = page.imageScanStatus?.description;
  throw new ActionFailure(
    `The ECR scan of ${where} ended ${s}${description ? `: ${description}` : ''}; the image is not passed.`,
    'scan-failed',
  );
}

function notFound(err: unknown, image: EcrImage): ActionFailure | undefined {
  const name = (err as Error).name;
  if (name !== 'ImageNotFoundException' && name !== 'RepositoryNotFoundException') return undefined;
  return new ActionFailure(
    `ECR has no image ${image.repository}@${image.digest}${image.registryId ? ` in registry ${image.registryId}` : ''}: ${(err as Error).message}`,
    'image-not-found',
    { cause: err },
  );
}
