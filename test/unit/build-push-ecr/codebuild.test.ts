// The CodeBuild plan (pure), and the wait loop against mocked clients for what moto cannot produce:
// failed, stopped and timed-out builds, StopBuild on timeout and on cancel, paged log streams.
import { afterEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BatchGetBuildsCommand, CodeBuildClient, StartBuildCommand, StopBuildCommand } from '@aws-sdk/client-codebuild';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { unzipSync } from 'fflate';
import { parse } from 'yaml';
import { ActionFailure } from '../../../action-helpers/errors.js';
import {
  buildEnvironment,
  buildspec,
  createProjectRequest,
  defaultProjectName,
  sourceKey,
  startBuildRequest,
} from '../../../src/build-push-ecr/codebuild-plan.js';
import { LogTail, runBuild, waitForBuild } from '../../../src/build-push-ecr/codebuild-run.js';
import { zipContext } from '../../../src/build-push-ecr/context-zip.js';
import { inputsWith } from './fixtures.js';

const codebuild = mockClient(CodeBuildClient);
const logs = mockClient(CloudWatchLogsClient);
afterEach(() => {
  codebuild.reset();
  logs.reset();
});

describe('the plan', () => {
  const inputs = inputsWith({
    tags: ['abc123', 'v1'],
    buildArgs: [{ key: 'A', value: '$(id)' }],
    target: 'prod',
    platforms: ['linux/arm64'],
    dockerfile: 'ctx/docker/Dockerfile',
    context: 'ctx',
    codebuild: {
      source: 's3',
      bucket: 'b',
      serviceRole: 'arn:aws:iam::123456789012:role/cb',
      image: 'img',
      computeType: 'BUILD_GENERAL1_LARGE',
    },
  });

  test('the project: S3 source, the built-in buildspec, privileged Docker, logs in its own group', () => {
    const name = defaultProjectName('team/api');
    expect(name).toBe('build-push-ecr-team-api');
    expect(createProjectRequest(inputs, name, 'b/key.zip')).toMatchObject({
      name,
      source: { type: 'S3', location: 'b/key.zip', buildspec },
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: { type: 'LINUX_CONTAINER', image: 'img', computeType: 'BUILD_GENERAL1_LARGE', privilegedMode: true },
      serviceRole: 'arn:aws:iam::123456789012:role/cb',
      timeoutInMinutes: 60,
      logsConfig: { cloudWatchLogs: { status: 'ENABLED', groupName: '/aws/codebuild/build-push-ecr-team-api' } },
    });
  });

  test('StartBuild: the uploaded context, the buildspec and every value as a plain variable', () => {
    const request = startBuildRequest(inputs, 'p', '1.dkr.ecr.eu-west-1.amazonaws.com', {
      s3: { location: 'b/k.zip', versionId: 'v-42' },
      idempotencyToken: 't',
    });
    expect(request).toMatchObject({
      projectName: 'p',
      sourceTypeOverride: 'S3',
      sourceLocationOverride: 'b/k.zip',
      // The exact object version checked, not whatever the key holds when CodeBuild reads it.
      sourceVersion: 'v-42',
      buildspecOverride: buildspec,
      privilegedModeOverride: true,
      idempotencyToken: 't',
    });
    const vars = Object.fromEntries(request.environmentVariablesOverride!.map((v) => [v.name, v.value]));
    expect(vars).toMatchObject({
      BPE_REGISTRY: '1.dkr.ecr.eu-west-1.amazonaws.com',
      BPE_REPOSITORY: 'team/api',
      BPE_TAGS: 'abc123\nv1',
      BPE_BUILD_ARGS: 'A=$(id)',
      BPE_TARGET: 'prod',
      BPE_PLATFORM: 'linux/arm64',
      BPE_DOCKERFILE: 'docker/Dockerfile',
    });
    expect(request.environmentVariablesOverride!.every((v) => v.type === 'PLAINTEXT')).toBe(true);
  });

  test('StartBuild with codebuild-source repository: the commit, no S3 override', () => {
    const request = startBuildRequest(inputs, 'p', 'r', { idempotencyToken: 't' });
    expect(request.sourceVersion).toBe('abc123');
    expect(request.sourceTypeOverride).toBeUndefined();
  });

  test('the buildspec is valid YAML, and its build commands keep every value as data', () => {
    const spec = parse(buildspec) as { phases: { build: { commands: string[] } } };
    const script = spec.phases.build.commands.join('\n');
    // Run the build phase with a docker that records its argv, as CodeBuild's bash would.
    const dir = mkdtempSync(path.join(tmpdir(), 'bpe-buildspec-'));
    mkdirSync(path.join(dir, 'bin'));
    const record = path.join(dir, 'argv');
    writeFileSync(
      path.join(dir, 'bin/docker'),
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> "${record}"\necho -- >> "${record}"\n`,
    );
    chmodSync(path.join(dir, 'bin/docker'), 0o755);
    const env = Object.fromEntries(
      buildEnvironment(
        inputsWith({
          buildArgs: [{ key: 'A', value: `$(touch ${dir}/pwned) "q" 'x'` }],
          labels: [{ key: 'l', value: '`id`' }],
        }),
        'reg',
      ).map((v) => [v.name, v.value!]),
    );
    execFileSync('bash', ['-c', script], { cwd: dir, env: { PATH: `${dir}/bin:/usr/bin:/bin`, ...env } });
    const calls = readFileSync(record, 'utf8')
      .split('--\n')
      .filter(Boolean)
      .map((c) => c.trimEnd().split('\n'));
    expect(calls[0]).toEqual([
      'build',
      '--file',
      'Dockerfile',
      '--tag',
      'reg/team/api:abc123',
      '--build-arg',
      `A=$(touch ${dir}/pwned) "q" 'x'`,
      '--label',
      'l=`id`',
      '.',
    ]);
    expect(calls[1]).toEqual(['push', 'reg/team/api:abc123']);
    expect(() => readFileSync(path.join(dir, 'pwned'))).toThrow();
  });

  test('the context zip is the same bytes for the same files, keeps modes, leaves .git out', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bpe-zip-'));
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, '.git/HEAD'), 'ref');
    mkdirSync(path.join(dir, 'bin'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(path.join(dir, 'bin/run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    const first = zipContext(dir).zip;
    const second = zipContext(dir).zip;
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(sourceKey('team/api', first)).toMatch(/^build-push-ecr\/team\/api\/[a-f0-9]{64}\.zip$/);
    expect(Object.keys(unzipSync(first))).toEqual(['Dockerfile', 'bin/run.sh']);
    const zipInfo = execFileSync(
      'python3',
      [
        '-c',
        'import sys,zipfile;print(oct(zipfile.ZipFile(sys.argv[1]).getinfo("bin/run.sh").external_attr>>16))',
        writeTemp(first),
      ],
      { encoding: 'utf8' },
    );
    expect(zipInfo.trim()).toBe('0o100755');
  });
});

function writeTemp(data: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bpe-z-')), 'c.zip');
  writeFileSync(file, data);
  return file;
}

const project = { name: 'p', logGroup: '/aws/codebuild/p' };
// No real waiting: the first look and the polls come at once.
const fast = { firstLookMs: 0, intervalMs: 1 };

describe('waitForBuild', () => {
  test('a FAILED build fails with build-failed, naming the phase and its message, after streaming its log', async () => {
    codebuild
      .on(BatchGetBuildsCommand)
      .resolvesOnce({ builds: [{ id: 'p:1', buildStatus: 'IN_PROGRESS' }] })
      .resolves({
        builds: [
          {
            id: 'p:1',
            buildStatus: 'FAILED',
            logs: { groupName: '/aws/codebuild/p', streamName: '1' },
            phases: [
              { phaseType: 'PRE_BUILD', phaseStatus: 'SUCCEEDED' },
              {
                phaseType: 'BUILD',
                phaseStatus: 'FAILED',
                contexts: [{ message: 'COMMAND_EXECUTION_ERROR: exit status 1' }],
              },
            ],
          },
        ],
      });
    logs
      .on(GetLogEventsCommand)
      .resolvesOnce({ events: [{ message: 'Step 2/3 : RUN make\n' }], nextForwardToken: 'f/1' })
      .resolves({ events: [], nextForwardToken: 'f/1' });
    const printed: string[] = [];
    const error = await waitForBuild(new CodeBuildClient({}), new CloudWatchLogsClient({}), 'p:1', project, {
      timeoutMs: 60_000,
      ...fast,
      print: (l) => printed.push(l),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionFailure);
    expect(error).toMatchObject({ reason: 'build-failed' });
    expect((error as Error).message).toBe(
      'CodeBuild build p:1 ended FAILED in phase BUILD: COMMAND_EXECUTION_ERROR: exit status 1. Its log is above.',
    );
    expect(printed).toEqual(['Step 2/3 : RUN make']);
    expect(codebuild.commandCalls(BatchGetBuildsCommand)).toHaveLength(2);
  });

  test('a log stream is read page by page from its head, each line once', async () => {
    logs
      .on(GetLogEventsCommand)
      .resolvesOnce({ events: [{ message: 'a' }, { message: 'b' }], nextForwardToken: 't1' })
      .resolvesOnce({ events: [{ message: 'c' }], nextForwardToken: 't2' })
      .resolvesOnce({ events: [], nextForwardToken: 't2' })
      .resolvesOnce({ events: [{ message: 'd' }], nextForwardToken: 't3' })
      .resolves({ events: [], nextForwardToken: 't3' });
    const printed: string[] = [];
    const tail = new LogTail(new CloudWatchLogsClient({}), 'g', 's', (l) => printed.push(l));
    await tail.drain();
    await tail.drain();
    expect(printed).toEqual(['a', 'b', 'c', 'd']);
    const calls = logs.commandCalls(GetLogEventsCommand).map((c) => c.args[0].input);
    expect(calls[0]).toMatchObject({
      logGroupName: 'g',
      logStreamName: 's',
      startFromHead: true,
      nextToken: undefined,
    });
    expect(calls[3]).toMatchObject({ nextToken: 't2' });
  });

  test('a stream that does not exist yet is not an error', async () => {
    logs.on(GetLogEventsCommand).rejects(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
    await expect(new LogTail(new CloudWatchLogsClient({}), 'g', 's').drain()).resolves.toBeUndefined();
  });
});

describe('runBuild', () => {
  test('a build past build-timeout is stopped and fails with timeout', async () => {
    codebuild.on(StartBuildCommand).resolves({ build: { id: 'p:2' } });
    codebuild.on(BatchGetBuildsCommand).resolves({ builds: [{ id: 'p:2', buildStatus: 'IN_PROGRESS' }] });
    codebuild.on(StopBuildCommand).resolves({});
    logs.on(GetLogEventsCommand).resolves({ events: [] });
    const error = await runBuild(new CodeBuildClient({}), new CloudWatchLogsClient({}), { projectName: 'p' }, project, {
      timeoutMs: 30,
      ...fast,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect(codebuild.commandCalls(StopBuildCommand).map((c) => c.args[0].input)).toEqual([{ id: 'p:2' }]);
    // Bounded: a few polls with growing intervals, not an endless loop.
    expect(codebuild.commandCalls(BatchGetBuildsCommand).length).toBeLessThan(20);
  });

  test('a cancelled job stops its build', async () => {
    const cancel = new AbortController();
    codebuild.on(StartBuildCommand).resolves({ build: { id: 'p:3' } });
    codebuild.on(BatchGetBuildsCommand).callsFake(() => {
      cancel.abort();
      return { builds: [{ id: 'p:3', buildStatus: 'IN_PROGRESS' }] };
    });
    codebuild.on(StopBuildCommand).resolves({});
    logs.on(GetLogEventsCommand).resolves({ events: [] });
    const error = await runBuild(new CodeBuildClient({}), new CloudWatchLogsClient({}), { projectName: 'p' }, project, {
      timeoutMs: 600_000,
      signal: cancel.signal,
      ...fast,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'cancelled' });
    expect(codebuild.commandCalls(StopBuildCommand)).toHaveLength(1);
  });

  test('a STOPPED build (stopped by someone else) fails with build-failed, and is not stopped again', async () => {
    codebuild.on(StartBuildCommand).resolves({ build: { id: 'p:4' } });
    codebuild.on(BatchGetBuildsCommand).resolves({ builds: [{ id: 'p:4', buildStatus: 'STOPPED' }] });
    logs.on(GetLogEventsCommand).resolves({ events: [] });
    const error = await runBuild(new CodeBuildClient({}), new CloudWatchLogsClient({}), { projectName: 'p' }, project, {
      timeoutMs: 600_000,
      ...fast,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'build-failed' });
    expect((error as Error).message).toContain('ended STOPPED');
    expect(codebuild.commandCalls(StopBuildCommand)).toHaveLength(0);
  });
});
