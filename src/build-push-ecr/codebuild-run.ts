import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
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
import { zipSync, type Zippable } from 'fflate';
import { ActionFailure, messageOf } from '../../action-helpers/errors.js';
import { createProjectRequest, defaultProjectName, logGroupName } from './codebuild-plan.js';
import type { Inputs } from './inputs.js';

/** Where a zip entry's timestamp is pinned, so the same files always make the same zip (and S3 key). */
const zipEpoch = new Date('1980-01-01T00:00:00Z');

/**
 * The build context as a zip (CodeBuild's S3 source format), the same bytes for the same files.
 * .git stays behind; .dockerignore is applied by docker inside the build.
 */
export function zipContext(dir: string): Uint8Array {
  const files: Zippable = {};
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(dir, relative)).sort()) {
      if (relative === '' && name === '.git') continue;
      const entry = relative ? `${relative}/${name}` : name;
      const full = path.join(dir, entry);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(entry);
      else if (stat.isFile()) {
        // Unix permissions in the external attributes: scripts stay executable inside the build.
        files[entry] = [readFileSync(full), { mtime: zipEpoch, os: 3, attrs: ((stat.mode & 0o777) | 0o100000) << 16 }];
      }
    }
  };
  walk('');
  return zipSync(files, { level: 6 });
}

export async function uploadContext(s3: S3Client, bucket: string, key: string, zip: Uint8Array): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return false;
  } catch (err) {
    if ((err as Error).name !== 'NotFound' && (err as Error).name !== 'NoSuchKey') throw err;
  }
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: zip, ContentType: 'application/zip' }));
  return true;
}

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
    private readonly print: (line: string) => void = (line) => core.info(line),
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
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
  print?: (line: string) => void;
}

/**
 * Seconds between status polls: a first look after 5 s (no build is done sooner), then growing
 * by half up to 15 s, each with ±20 % jitter so parallel jobs do not poll in step.
 */
export function pollDelayMs(poll: number, random: () => number = Math.random): number {
  const base = poll === 0 ? 5_000 : Math.min(15_000, 2_000 * 1.5 ** (poll - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

const finished = new Set(['SUCCEEDED', 'FAILED', 'FAULT', 'TIMED_OUT', 'STOPPED']);

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

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
  const { signal, sleep = abortableSleep, now = Date.now, random = Math.random } = options;
  const deadline = now() + options.timeoutMs;
  let tail: LogTail | undefined;
  for (let poll = 0; ; poll++) {
    const wait = Math.min(pollDelayMs(poll, random), Math.max(0, deadline - now()));
    await sleep(wait, signal);
    if (signal?.aborted)
      throw new ActionFailure(`The job was cancelled; CodeBuild build ${id} is being stopped.`, 'cancelled');
    const build = (await codebuild.send(new BatchGetBuildsCommand({ ids: [id] }))).builds?.[0];
    if (!build) throw new Error(`CodeBuild has no build ${id}`);
    tail ??= logTailFor(logs, build, project, options.print);
    await tail.drain();
    if (build.buildStatus && finished.has(build.buildStatus)) {
      if (build.buildStatus !== 'SUCCEEDED') throw new ActionFailure(describeFailedBuild(build), 'build-failed');
      return build;
    }
    if (now() >= deadline) {
      throw new ActionFailure(
        `CodeBuild build ${id} did not finish within ${Math.round(options.timeoutMs / 1000)}s (build-timeout).`,
        'timeout',
      );
    }
  }
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
