import { createHash } from 'node:crypto';
import * as core from '@actions/core';
import {
  BatchGetBuildsCommand,
  BatchGetProjectsCommand,
  CreateProjectCommand,
  StartBuildCommand,
  StopBuildCommand,
  type Build,
  type CodeBuildClient,
  type StartBuildCommandInput,
} from '@aws-sdk/client-codebuild';
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ActionFailure, InputError, messageOf } from '../../action-helpers/errors.js';
import { sleep, waitUntil } from '../../action-helpers/poll.js';
import { printUntrusted } from '../../action-helpers/workflow-commands.js';
import { createProjectRequest, defaultProjectName, logGroupName } from './codebuild-plan.js';
import type { Inputs } from './inputs.js';

/** Where the context object is, exactly: the build starts from this version, not from whatever the key holds then. */
export interface UploadedContext {
  bucket: string;
  key: string;
  versionId: string;
  /** false when an object with the same SHA-256 was already there. */
  uploaded: boolean;
}

/**
 * Puts the context zip under its content-addressed key, once. An object already there is reused only
 * when S3's own SHA-256 of it (validated by S3 on upload) is the zip's; anything else there is
 * replaced by a new version. The bucket must keep versions, so that the build can be started from
 * the exact version checked, not from the key, which anyone with write access could change meanwhile.
 */
export async function uploadContext(
  s3: S3Client,
  bucket: string,
  key: string,
  zip: Uint8Array,
): Promise<UploadedContext> {
  const checksum = createHash('sha256').update(zip).digest('base64');
  let existing;
  try {
    existing = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
  } catch (err) {
    if ((err as Error).name !== 'NotFound' && (err as Error).name !== 'NoSuchKey') throw err;
  }
  if (existing && existing.ChecksumSHA256 === checksum && versioned(existing.VersionId)) {
    return { bucket, key, versionId: existing.VersionId!, uploaded: false };
  }
  if (existing) {
    core.warning(
      `s3://${bucket}/${key} was there without ${existing.ChecksumSHA256 === checksum ? 'a version' : "the zip's SHA-256"}: uploading the context again.`,
    );
  }
  const put = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: zip,
      ContentType: 'application/zip',
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: checksum,
    }),
  );
  if (!versioned(put.VersionId)) {
    throw new InputError(
      'codebuild-bucket',
      `${bucket} does not keep object versions, so a build could start from a context replaced after it was checked`,
      'a bucket with versioning enabled',
    );
  }
  return { bucket, key, versionId: put.VersionId!, uploaded: true };
}

const versioned = (versionId: string | undefined) => Boolean(versionId) && versionId !== 'null';

export interface ProjectChoice {
  name: string;
  logGroup: string;
}

/** The named project, or the action's own project for the repository (created on first use). */
export async function ensureProject(
  codebuild: CodeBuildClient,
  inputs: Inputs,
  sourceLocation: string,
): Promise<ProjectChoice> {
  const name = inputs.codebuild.project ?? defaultProjectName(inputs.repository);
  const found = (await codebuild.send(new BatchGetProjectsCommand({ names: [name] }))).projects?.[0];
  if (found) {
    return { name, logGroup: found.logsConfig?.cloudWatchLogs?.groupName ?? logGroupName(name) };
  }
  if (inputs.codebuild.project) {
    throw new ActionFailure(
      `CodeBuild project '${name}' does not exist in ${inputs.aws.region}.`,
      'codebuild-project-not-found',
    );
  }
  try {
    await codebuild.send(new CreateProjectCommand(createProjectRequest(inputs, name, sourceLocation)));
    core.info(`Created CodeBuild project ${name}.`);
  } catch (err) {
    if ((err as Error).name !== 'ResourceAlreadyExistsException') throw err;
  }
  return { name, logGroup: logGroupName(name) };
}

/** Follows one CloudWatch Logs stream from its start, printing each new line once. */
export class LogTail {
  private nextToken?: string;

  constructor(
    private readonly logs: CloudWatchLogsClient,
    readonly group: string,
    readonly stream: string,
    // Build output is untrusted: a `::set-output` line in it must stay text.
    private readonly print: (line: string) => void = printUntrusted,
  ) {}

  async drain(): Promise<void> {
    for (;;) {
      let response;
      try {
        response = await this.logs.send(
          new GetLogEventsCommand({
            logGroupName: this.group,
            logStreamName: this.stream,
            startFromHead: true,
            nextToken: this.nextToken,
          }),
        );
      } catch (err) {
        // The stream appears once the build has started; until then there is nothing to show.
        if ((err as Error).name === 'ResourceNotFoundException') return;
        throw err;
      }
      for (const event of response.events ?? [])
        if (event.message !== undefined) this.print(event.message.replace(/\n$/, ''));
      const token = response.nextForwardToken;
      const same = token === undefined || token === this.nextToken;
      this.nextToken = token ?? this.nextToken;
      if (same || (response.events ?? []).length === 0) return;
    }
  }
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** The first look (no build is done sooner; 5 s), then the interval (2 s growing by half to 15 s). */
  firstLookMs?: number;
  intervalMs?: number;
  print?: (line: string) => void;
}

const finished = new Set(['SUCCEEDED', 'FAILED', 'FAULT', 'TIMED_OUT', 'STOPPED']);

/** Starts the build, streams its log into the job log, and returns it once it has finished. */
export async function runBuild(
  codebuild: CodeBuildClient,
  logs: CloudWatchLogsClient,
  request: StartBuildCommandInput,
  project: ProjectChoice,
  options: WaitOptions,
): Promise<Build> {
  const started = (await codebuild.send(new StartBuildCommand(request))).build;
  if (!started?.id) throw new Error('CodeBuild StartBuild returned no build id');
  const id = started.id;
  core.info(`Started CodeBuild build ${id}.`);
  try {
    return await waitForBuild(codebuild, logs, id, project, options);
  } catch (err) {
    if (err instanceof ActionFailure && (err.reason === 'timeout' || err.reason === 'cancelled')) {
      await codebuild.send(new StopBuildCommand({ id })).then(
        () => core.info(`Stopped CodeBuild build ${id}.`),
        (stopErr: unknown) => core.warning(`Could not stop CodeBuild build ${id}: ${messageOf(stopErr)}`),
      );
    }
    throw err;
  }
}

export async function waitForBuild(
  codebuild: CodeBuildClient,
  logs: CloudWatchLogsClient,
  id: string,
  project: ProjectChoice,
  options: WaitOptions,
): Promise<Build> {
  const { signal } = options;
  const started = Date.now();
  await sleep(Math.min(options.firstLookMs ?? 5_000, options.timeoutMs), signal);
  let tail: LogTail | undefined;
  const build = await waitUntil(
    async () => {
      const build = (await codebuild.send(new BatchGetBuildsCommand({ ids: [id] }))).builds?.[0];
      if (!build) throw new Error(`CodeBuild has no build ${id}`);
      tail ??= logTailFor(logs, build, project, options.print);
      await tail.drain();
      return build.buildStatus && finished.has(build.buildStatus) ? build : undefined;
    },
    {
      description: `CodeBuild build ${id} (build-timeout)`,
      timeoutMs: Math.max(0, options.timeoutMs - (Date.now() - started)),
      intervalMs: options.intervalMs ?? 2_000,
      maxIntervalMs: 15_000,
      signal,
    },
  );
  if (build.buildStatus !== 'SUCCEEDED') throw new ActionFailure(describeFailedBuild(build), 'build-failed');
  return build;
}

function logTailFor(
  logs: CloudWatchLogsClient,
  build: Build,
  project: ProjectChoice,
  print?: (line: string) => void,
): LogTail {
  const named = (v: string | undefined) => (v && v !== 'null' ? v : undefined);
  // CodeBuild names the stream after the build id's UUID, in the project's log group.
  const group = named(build.logs?.groupName) ?? project.logGroup;
  const stream = named(build.logs?.streamName) ?? (build.id ?? '').split(':').at(-1) ?? '';
  return new LogTail(logs, group, stream, print);
}

export function describeFailedBuild(build: Build): string {
  const phase = build.phases?.find((p) => p.phaseStatus && p.phaseStatus !== 'SUCCEEDED');
  const context = phase?.contexts
    ?.map((c) => c.message)
    .filter(Boolean)
    .join('; ');
  return `CodeBuild build ${build.id} ended ${build.buildStatus}${phase ? ` in phase ${phase.phaseType}` : ''}${context ? `: ${context}` : ''}. Its log is above.`;
}
