import * as core from '@actions/core';
import { ECRClient } from '@aws-sdk/client-ecr';
import path from 'node:path';
import type { AwsSession } from '../../action-helpers/aws.js';
import { ActionFailure } from '../../action-helpers/errors.js';
import { workspaceRoot } from '../../action-helpers/inputs.js';
import { readEcrScan } from './ecr-scan.js';
import type { Finding } from './findings.js';
import { configDigestsOf, manifestDigestsOf, reportMismatch, type TargetImage } from './image.js';
import type { Inputs } from './inputs.js';
import { readReport } from './report-reader.js';
import type { Outcome } from './report.js';
import { reusableVerdict, type ScanRecord } from './verdict-store.js';

/**
 * The findings to judge, from ECR's scan or from the report files; undefined when there are none to
 * judge: a verdict reused from evidence, or a dry run that would have had to start or wait for a scan.
 */
export async function gatherFindings(
  inputs: Inputs,
  session: AwsSession,
  image: TargetImage,
  records: readonly ScanRecord[],
  outcome: Outcome,
  signal: AbortSignal,
): Promise<Finding[] | undefined> {
  if (inputs.source === 'report') return readReports(inputs.reports, image, outcome);
  const reusable = reusableVerdict(records, inputs.policy, outcome.policySha256!, inputs.maxAgeMs, new Date());
  if (reusable) {
    const { record, artifactDigest } = reusable;
    outcome.reused = {
      passed: record.data.verdict === 'passed',
      counts: record.data.counts,
      createdAt: record.createdAt,
      artifactDigest,
      sources: record.data.sources,
    };
    outcome.sources = record.data.sources;
    core.info(
      `Reusing the ${record.data.verdict} verdict recorded ${record.createdAt} (${artifactDigest}) under this policy.`,
    );
    return undefined;
  }
  const scan = await readEcrScan(
    session.client(ECRClient),
    { registryId: image.registryId, repository: image.repository, digest: image.digest },
    { timeoutMs: inputs.waitTimeoutMs, signal, dryRun: inputs.dryRun },
  );
  if (typeof scan === 'string') {
    outcome.notes.push(scan);
    return undefined;
  }
  outcome.sources = [scan.kind];
  outcome.notes.push(
    `ECR scan ${scan.status}${scan.completedAt ? `, completed ${scan.completedAt.toISOString()}` : ''}${scan.started ? ' (started by this run)' : ''}.`,
  );
  core.info(
    `ECR scan ${scan.status}${scan.completedAt ? ` at ${scan.completedAt.toISOString()}` : ''}: ${scan.findings.length} finding(s).`,
  );
  return scan.findings;
}

async function readReports(files: readonly string[], image: TargetImage, outcome: Outcome): Promise<Finding[]> {
  const manifests = manifestDigestsOf(image);
  let configs: string[] | undefined;
  const findings: Finding[] = [];
  outcome.sources = [];
  for (const file of files) {
    const label = path.relative(workspaceRoot(), file) || file;
    const report = await readReport(file, label);
    if (report.manifestDigests.length === 0 && report.configDigests.length > 0)
      configs ??= await configDigestsOf(image);
    const mismatch = reportMismatch(report, manifests, configs);
    if (mismatch) {
      throw new ActionFailure(`Report ${label} is about another image: it ${mismatch}.`, 'report-invalid');
    }
    if (report.manifestDigests.length === 0 && report.configDigests.length === 0) {
      outcome.notes.push(`Report ${label} names no image digest: it was taken to be about ${image.digest}.`);
    }
    core.info(`Report ${label}: ${report.format}, ${report.findings.length} finding(s).`);
    outcome.sources.push(report.source);
    findings.push(...report.findings);
  }
  return findings;
}
