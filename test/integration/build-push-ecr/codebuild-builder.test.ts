// build-push-ecr with builder: codebuild, against moto's S3, CodeBuild, CloudWatch Logs and ECR and
// the local registry. moto records builds but never runs them (its BatchGetBuilds reports SUCCEEDED
// at the first look, and ignores StartBuild's overrides), so where a build would push, this test
// plays the CodeBuild worker: once the build exists it writes log events into the build's stream
// and pushes the image (a manifest the docker builder made from the same commit) under the tag.
// What moto cannot show (FAILED/STOPPED builds, StopBuild on timeout or cancel, StartBuild's
// overrides) is covered by the unit tests.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetBuildsCommand,
  BatchGetProjectsCommand,
  CodeBuildClient,
  DeleteProjectCommand,
  ListBuildsForProjectCommand,
} from '@aws-sdk/client-codebuild';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DeleteRepositoryCommand, DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { unzipSync } from 'fflate';
import { parseOutputFile, repoRoot, runAction, type ActionRun } from '../../support/run-action.js';
import {
  codebuildTimestampProxy,
  deleteFromRegistry,
  fixtures,
  newSha,
  putManifest,
  registryManifest,
  removeLocalImages,
  runId,
  useStack,
  type Manifest,
} from './stack.js';

const repository = `bpe-test-${runId}/codebuild`;
const project = `build-push-ecr-bpe-test-${runId}-codebuild`;
const logGroup = `/aws/codebuild/${project}`;
const bucket = `bpe-test-${runId}`;
const unversionedBucket = `bpe-test-${runId}-plain`;
const serviceRole = 'arn:aws:iam::123456789012:role/codebuild-build-push-ecr';
const sha = newSha();
const s3 = () => new S3Client({ forcePathStyle: true });
const codebuild = () => new CodeBuildClient({});
const logs = () => new CloudWatchLogsClient({});
let prepared: Manifest;
let proxy: Awaited<ReturnType<typeof codebuildTimestampProxy>>;

function codebuildRun(
  tag: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runAction(
    'build-push-ecr',
    {
      repository,
      tags: tag,
      builder: 'codebuild',
      'codebuild-bucket': bucket,
      'codebuild-service-role': serviceRole,
      registry: process.env.LOCAL_REGISTRY!,
      context: path.join(fixtures, 'app'),
      ...inputs,
    },
    { env: { GITHUB_SHA: sha, AWS_ENDPOINT_URL_CODEBUILD: proxy.url, ...env }, timeoutMs: 120_000 },
  );
}

/** The build the run started, as CodeBuild (moto) recorded it. */
async function startedBuild(run: ActionRun) {
  const id = /Started CodeBuild build (\S+)\./.exec(run.stdout)?.[1];
  expect(id).toBeDefined();
  // Through the proxy that fixes moto's timestamps for the SDK.
  const client = new CodeBuildClient({ endpoint: proxy.url });
  return (await client.send(new BatchGetBuildsCommand({ ids: [id!] }))).builds![0]!;
}

/** The context object the run uploaded or reused: s3://bucket/key, from its log line. */
function contextKey(run: ActionRun): string {
  const key = new RegExp(`the build context s3://${bucket}/(\\S+) \\(version`).exec(run.stdout)?.[1];
  expect(key).toBeDefined();
  return key!;
}

/** Waits for the action's build to exist, then does what the CodeBuild worker would: log and push. */
async function playWorker(tag: string, lines: string[]): Promise<void> {
  const known = new Set<string>();
  try {
    const before = await codebuild().send(new ListBuildsForProjectCommand({ projectName: project }));
    for (const id of before.ids ?? []) known.add(id);
  } catch {
    // No project yet: the action creates it.
  }
  for (let i = 0; i < 150; i++) {
    const ids = await codebuild()
      .send(new ListBuildsForProjectCommand({ projectName: project }))
      .then((r) => r.ids ?? [])
      .catch(() => [] as string[]);
    const id = ids.find((b) => !known.has(b));
    if (id) {
      const stream = id.split(':').at(-1)!;
      await logs().send(new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName: stream }));
      await logs().send(
        new PutLogEventsCommand({
          logGroupName: logGroup,
          logStreamName: stream,
          logEvents: lines.map((message, n) => ({ message, timestamp: Date.now() + n })),
        }),
      );
      await putManifest(repository, tag, prepared);
      return;
    }
    await sleep(100);
  }
  throw new Error('the action started no build');
}

beforeAll(async () => {
  await useStack();
  proxy = await codebuildTimestampProxy();
  await s3().send(new CreateBucketCommand({ Bucket: bucket }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3().send(new CreateBucketCommand({ Bucket: unversionedBucket }));
  await logs().send(new CreateLogGroupCommand({ logGroupName: logGroup }));
  // The image "CodeBuild pushes": built from the same commit by the docker builder, under another tag.
  const prep = await runAction(
    'build-push-ecr',
    {
      repository,
      tags: 'prepared',
      'create-repository': 'true',
      registry: process.env.LOCAL_REGISTRY!,
      context: path.join(fixtures, 'app'),
    },
    { env: { GITHUB_SHA: sha }, timeoutMs: 120_000 },
  );
  expect(prep.errors).toEqual([]);
  prepared = (await registryManifest(repository, 'prepared'))!;
}, 600_000);

afterAll(async () => {
  for (const name of [bucket, unversionedBucket]) {
    const versions = await s3()
      .send(new ListObjectVersionsCommand({ Bucket: name }))
      .catch(() => undefined);
    for (const v of versions?.Versions ?? [])
      await s3().send(new DeleteObjectCommand({ Bucket: name, Key: v.Key, VersionId: v.VersionId }));
    await s3()
      .send(new DeleteBucketCommand({ Bucket: name }))
      .catch(() => undefined);
  }
  await codebuild()
    .send(new DeleteProjectCommand({ name: project }))
    .catch(() => undefined);
  await logs()
    .send(new DeleteLogGroupCommand({ logGroupName: logGroup }))
    .catch(() => undefined);
  await new ECRClient({})
    .send(new DeleteRepositoryCommand({ repositoryName: repository, force: true }))
    .catch(() => undefined);
  if (prepared) await deleteFromRegistry(repository, [prepared.digest]);
  await removeLocalImages([repository]);
  await proxy?.close();
}, 120_000);

describe('builder: codebuild', () => {
  let run: ActionRun;
  // What a Dockerfile's RUN can print into the build log: each would be a workflow command if echoed as is.
  const hostile = [
    `::set-output name=digest::sha256:${'0'.repeat(64)}`,
    `::add-mask::${runId}`,
    `  ::stop-commands::${runId}`,
    `::error::forged by the build ${runId}`,
  ];
  const lines = [`Step 1/3 : FROM local/busybox AS build ${runId}`, ...hostile, `pushed by the worker ${runId}`];

  beforeAll(async () => {
    [run] = await Promise.all([codebuildRun('cb-1'), playWorker('cb-1', lines)]);
  }, 180_000);

  test('returns the same outputs as the docker builder, for the image the build pushed', async () => {
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      digest: prepared.digest,
      'image-uri': `${process.env.LOCAL_REGISTRY}/${repository}@${prepared.digest}`,
      tags: '["cb-1"]',
      skipped: 'false',
    });
    expect(run.summary).toContain('codebuild');
    const images = await new ECRClient({}).send(new DescribeImagesCommand({ repositoryName: repository }));
    expect(images.imageDetails?.find((d) => d.imageDigest === prepared.digest)?.imageTags).toContain('cb-1');
  });

  test("streams the build's CloudWatch log lines into the job log", () => {
    for (const line of lines.filter((l) => !hostile.includes(l))) expect(run.stdout).toContain(`${line}\n`);
  });

  test('a build log line cannot issue a workflow command: ::set-output, ::add-mask, ::stop-commands, ::error stay text', () => {
    const printed = run.stdout.split('\n');
    for (const line of hostile) {
      // Shown, made inert by a zero-width space after the first colon, and nowhere as a command.
      const start = line.length - line.trimStart().length;
      expect(printed).toContain(`${line.slice(0, start + 1)}\u200b${line.slice(start + 1)}`);
      expect(printed).not.toContain(line);
    }
    expect(printed.filter((l) => l.trimStart().startsWith('::') && l.includes(runId))).toEqual([]);
    expect(run.errors).toEqual([]);
    expect(run.outputs.digest).toBe(prepared.digest);
  });

  test("uploads the context with S3's SHA-256 checksum, and starts the build from that exact object version", async () => {
    const key = contextKey(run);
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    const body = await (
      await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body!.transformToByteArray();
    expect(head.ChecksumSHA256).toBe(createHash('sha256').update(body).digest('base64'));
    expect(head.VersionId).toMatch(/^[\w-]{8,}$/);
    expect((await startedBuild(run)).sourceVersion).toBe(head.VersionId);
  });

  test('uploads the context to S3 as a zip, under a key that is its content hash', async () => {
    const listed = await s3().send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `build-push-ecr/${repository}/` }),
    );
    expect(listed.Contents).toHaveLength(1);
    const key = listed.Contents![0]!.Key!;
    expect(key).toMatch(/\/[a-f0-9]{64}\.zip$/);
    const body = await (
      await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body!.transformToByteArray();
    expect(Object.keys(unzipSync(body)).sort()).toEqual(['Dockerfile', 'message.txt']);
  });

  test('creates the project: S3 source with the built-in buildspec, privileged Docker, the role', async () => {
    const found = (await codebuild().send(new BatchGetProjectsCommand({ names: [project] }))).projects?.[0];
    expect(found?.source?.type).toBe('S3');
    expect(found?.source?.buildspec).toContain('docker build --file "$BPE_DOCKERFILE"');
    expect(found?.environment?.privilegedMode).toBe(true);
    expect(found?.serviceRole).toBe(serviceRole);
  });

  test('a build that reports success without pushing the image fails with image-missing', async () => {
    // No worker this time: moto's build "succeeds" and nothing reaches the registry.
    const failed = await codebuildRun('cb-2');
    expect(failed.exitCode).not.toBe(0);
    expect(failed.outputs['failure-reason']).toBe('image-missing');
    expect(failed.errors).toEqual([expect.stringContaining(`${repository}:cb-2 is not in the registry`)]);
    expect(failed.stdout).toContain('Reusing the build context');
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: contextKey(failed) }));
    expect((await startedBuild(failed)).sourceVersion).toBe(head.VersionId);
  }, 120_000);

  test('an object replaced under the same key is not reused: the context goes up again, and the build starts from that version', async () => {
    const key = contextKey(run);
    const original = await (
      await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body!.transformToByteArray();
    // Someone with write access to the bucket puts other content under the context's key.
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'FROM evil' }));
    const again = await codebuildRun('cb-4');
    expect(again.stdout).toContain(
      `s3://${bucket}/${key} was there without the zip's SHA-256: uploading the context again.`,
    );
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const body = await (
      await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: head.VersionId }))
    ).Body!.transformToByteArray();
    expect(Buffer.from(body).equals(Buffer.from(original))).toBe(true);
    expect((await startedBuild(again)).sourceVersion).toBe(head.VersionId);
  }, 120_000);

  test('a bucket that keeps no versions is refused, naming codebuild-bucket', async () => {
    const refused = await codebuildRun('cb-5', { 'codebuild-bucket': unversionedBucket });
    expect(refused.outputs['failure-reason']).toBe('invalid-input');
    expect(refused.errors).toEqual([
      expect.stringMatching(
        /^Input 'codebuild-bucket': .* does not keep object versions.* Accepted: a bucket with versioning enabled\.$/,
      ),
    ]);
    expect(refused.stdout).not.toContain('Started CodeBuild build');
  }, 120_000);

  test('a link in the context to a secret outside it uploads the link, never the secret', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'bpe-ws-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'bpe-secret-'));
    try {
      const secret = `aws_secret_access_key = never-${runId}`;
      writeFileSync(path.join(outside, 'credentials'), secret);
      mkdirSync(path.join(workspace, 'ctx'));
      writeFileSync(path.join(workspace, 'ctx', 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
      symlinkSync(path.join(outside, 'credentials'), path.join(workspace, 'ctx', 'credentials'));
      const linked = await codebuildRun('cb-6', { context: 'ctx' }, { GITHUB_WORKSPACE: workspace });
      const body = await (
        await s3().send(new GetObjectCommand({ Bucket: bucket, Key: contextKey(linked) }))
      ).Body!.transformToByteArray();
      expect(Buffer.from(body).toString('latin1')).not.toContain(secret);
      const files = unzipSync(body);
      expect(Object.keys(files).sort()).toEqual(['Dockerfile', 'credentials']);
      expect(Buffer.from(files.credentials!).toString()).toBe(path.join(outside, 'credentials'));
    } finally {
      rmSync(workspace, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  }, 120_000);

  test('a re-run after the build pushed skips CodeBuild altogether', async () => {
    const again = await codebuildRun('cb-1');
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ digest: prepared.digest, skipped: 'true' });
    expect(again.stdout).not.toContain('Started CodeBuild build');
  }, 60_000);

  test('cancelling the job (SIGTERM to the step) stops the build and fails with cancelled', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bpe-cancel-'));
    const outputFile = path.join(dir, 'output');
    writeFileSync(outputFile, '');
    const inputs: Record<string, string> = {
      repository,
      tags: 'cb-cancel',
      builder: 'codebuild',
      'codebuild-bucket': bucket,
      'codebuild-service-role': serviceRole,
      registry: process.env.LOCAL_REGISTRY!,
      context: path.join(fixtures, 'app'),
    };
    const env: Record<string, string | undefined> = {
      ...process.env,
      GITHUB_SHA: sha,
      AWS_ENDPOINT_URL_CODEBUILD: proxy.url,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist/build-push-ecr/index.js')], {
      env,
      cwd: repoRoot,
    });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no build started:\n${stdout}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('Started CodeBuild build')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // Within the first 5 s wait, before moto's first status answer.
    child.kill('SIGTERM');
    const code = await exited;
    expect(code).not.toBe(0);
    expect(stdout).toMatch(/Stopped CodeBuild build build-push-ecr-[\w-]+:[0-9a-f-]{36}\./);
    expect(parseOutputFile(readFileSync(outputFile, 'utf8'))['failure-reason']).toBe('cancelled');
  }, 60_000);

  test('codebuild without a bucket is refused before any effect', async () => {
    const refused = await codebuildRun('cb-3', { 'codebuild-bucket': '' });
    expect(refused.outputs['failure-reason']).toBe('invalid-input');
    expect(refused.errors).toEqual([expect.stringContaining("Input 'codebuild-bucket'")]);
  }, 60_000);
});
