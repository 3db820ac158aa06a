// The local stack's AWS, registry and docker parts, exercised directly: AWS SDK v3 clients against
// moto, and the docker CLI (argv arrays, never a shell) against the stack's own engine and registry.
// Brings the parts up (a no-op when they run: `up` is idempotent) and leaves them running for the
// next suite; removes what it created.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
} from '@aws-sdk/client-ecr';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useLocalStack } from '../support/local-stack.js';
import { repoRoot } from '../support/run-action.js';

const execFileAsync = promisify(execFile);

const fixtures = path.join(repoRoot, 'test/fixtures/images');
const parts = ['aws', 'registry', 'docker'] as const;

// Unique per run, so reruns and parallel runs never share a repository or a tag.
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

async function docker(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    // env explicitly: jest gives the test its own process.env, which a child would not inherit.
    return await execFileAsync('docker', args, { env: process.env, timeout: 180_000, maxBuffer: 10 * 1024 * 1024 });
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`docker ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, {
      cause: err,
    });
  }
}

beforeAll(async () => {
  await useLocalStack(...parts);
}, 600_000);

describe('local stack: moto (AWS APIs)', () => {
  const ecr = () => new ECRClient({});
  const repositoryName = `local-stack-test/ecr-${runId}`;
  let created = false;

  afterAll(async () => {
    if (created) await ecr().send(new DeleteRepositoryCommand({ repositoryName, force: true }));
  });

  test('the environment points the SDK at moto', () => {
    expect(process.env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.AWS_REGION).toBe('us-east-1');
  });

  test('STS answers with moto’s account', async () => {
    const id = await new STSClient({}).send(new GetCallerIdentityCommand({}));
    expect(id.Account).toMatch(/^\d{12}$/);
    expect(id.Arn).toContain(`:${id.Account}:`);
  });

  test('an ECR repository is created and described', async () => {
    const made = await ecr().send(
      new CreateRepositoryCommand({
        repositoryName,
        imageTagMutability: 'IMMUTABLE',
        tags: [{ Key: 'run', Value: runId }],
      }),
    );
    created = true;
    expect(made.repository?.repositoryName).toBe(repositoryName);

    const described = await ecr().send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }));
    expect(described.repositories).toHaveLength(1);
    const repo = described.repositories?.[0];
    expect(repo?.repositoryArn).toBe(made.repository?.repositoryArn);
    expect(repo?.imageTagMutability).toBe('IMMUTABLE');
    expect(repo?.repositoryUri).toMatch(
      new RegExp(`^\\d{12}\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com/${repositoryName}$`),
    );
  });
});

describe('local stack: docker engine and registry', () => {
  const repository = `local-stack-test/scratch-file`;
  const tag = () => `${process.env.LOCAL_REGISTRY}/${repository}:${runId}`;
  const busyboxTag = `local-stack-test/busybox-run:${runId}`;
  let pushedDigest: string | undefined;
  const images: string[] = [];

  afterAll(async () => {
    if (pushedDigest) {
      await fetch(`http://${process.env.LOCAL_REGISTRY}/v2/${repository}/manifests/${pushedDigest}`, {
        method: 'DELETE',
        signal: AbortSignal.timeout(10_000),
      });
    }
    if (images.length > 0) await docker('image', 'rm', '--force', ...images).catch(() => undefined);
  }, 60_000);

  test('the CLI talks to the stack’s own engine', async () => {
    expect(process.env.DOCKER_HOST).toMatch(/^unix:\/\//);
    const { stdout } = await docker('version', '--format', '{{.Server.Version}} {{.Server.APIVersion}}');
    expect(stdout.trim()).toMatch(/^\S+ 1\.\d+$/);
  }, 30_000);

  test('an image built FROM scratch is pushed and its digest read back from the registry', async () => {
    await docker('build', '--build-arg', `RUN_ID=${runId}`, '--tag', tag(), path.join(fixtures, 'scratch-file'));
    images.push(tag());

    const push = await docker('push', tag());
    const reported = /digest: (sha256:[0-9a-f]{64}) size: \d+/.exec(push.stdout)?.[1];
    expect(reported).toBeDefined();
    pushedDigest = reported;

    const { stdout: repoDigests } = await docker('image', 'inspect', '--format', '{{json .RepoDigests}}', tag());
    expect(JSON.parse(repoDigests) as string[]).toContain(`${process.env.LOCAL_REGISTRY}/${repository}@${reported}`);

    const res = await fetch(`http://${process.env.LOCAL_REGISTRY}/v2/${repository}/manifests/${runId}`, {
      headers: {
        Accept: [
          'application/vnd.docker.distribution.manifest.v2+json',
          'application/vnd.oci.image.manifest.v1+json',
        ].join(', '),
      },
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('docker-content-digest')).toBe(reported);
    expect(`sha256:${createHash('sha256').update(body).digest('hex')}`).toBe(reported);
    const manifest = JSON.parse(body.toString('utf8')) as { schemaVersion: number; layers: unknown[] };
    expect(manifest.schemaVersion).toBe(2);
    expect(manifest.layers).toHaveLength(1);
  }, 180_000);

  test('an image built FROM local/busybox runs its RUN step', async () => {
    // --network none: the stack's engine has no bridge; see scripts/stack/docker.sh.
    await docker(
      'build',
      '--network',
      'none',
      '--build-arg',
      `RUN_ID=${runId}`,
      '--tag',
      busyboxTag,
      path.join(fixtures, 'busybox-run'),
    );
    images.push(busyboxTag);

    const { stdout } = await docker('run', '--rm', '--network', 'none', busyboxTag);
    expect(stdout.trim()).toBe(`built by a RUN step ${runId}`);
  }, 180_000);
});
