import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsSession } from '../../action-helpers/aws.js';
import { startBuildRequest } from './codebuild-plan.js';
import { ensureProject, runBuild, uploadContext } from './codebuild-run.js';
import type { Inputs } from './inputs.js';
import type { Plan, Work } from './plan.js';
import type { Outcome } from './report.js';

/** Uploads the context (codebuild-source s3), finds or creates the project, runs the build to its end. */
export async function buildWithCodeBuild(
  inputs: Inputs,
  plan: Plan,
  work: Extract<Work, { kind: 'codebuild' }>,
  session: AwsSession,
  outcome: Outcome,
  signal: AbortSignal,
): Promise<undefined> {
  let s3: { location: string; versionId: string } | undefined;
  if (work.contextZip) {
    const bucket = inputs.codebuild.bucket!;
    const { zip, key } = work.contextZip;
    const uploaded = await uploadContext(session.client(S3Client), bucket, key, zip);
    s3 = { location: `${bucket}/${key}`, versionId: uploaded.versionId };
    const line = `${uploaded.uploaded ? 'Uploaded' : 'Reusing'} the build context s3://${s3.location} (version ${s3.versionId}, ${zip.byteLength} bytes).`;
    core.info(line);
    outcome.done.push(line);
  }
  const codebuild = session.client(CodeBuildClient);
  const project = await ensureProject(codebuild, inputs, s3?.location ?? '');
  const request = startBuildRequest(inputs, project.name, plan.registryHost, { s3, idempotencyToken: randomUUID() });
  await runBuild(codebuild, session.client(CloudWatchLogsClient), request, project, {
    timeoutMs: inputs.buildTimeoutMs,
    signal,
  });
  return undefined;
}
