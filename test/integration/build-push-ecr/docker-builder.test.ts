// build-push-ecr with the docker builder, run as the runner runs it (the real bundle), against moto
// (ECR's API), the local registry (ECR's data plane, through the `registry` input) and the stack's
// Docker engine (the classic builder: the engine has no buildx).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import {
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  PutImageCommand,
} from '@aws-sdk/client-ecr';
import { runAction, type ActionRun } from '../../support/run-action.js';
import {
  fixtures,
  imageLabels,
  layersText,
  newSha,
  registryManifest,
  runId,
  TestRepositories,
  useStack,
} from './stack.js';

const ecr = () => new ECRClient({});
const repositories = new TestRepositories();
const repoName = (name: string) => repositories.name(name);
const action = (inputs: Record<string, string>, sha: string, env: Record<string, string> = {}) =>
  repositories.action(inputs, sha, env);

const built = (run: ActionRun) => run.stdout.includes('[command] docker build');

beforeAll(async () => {
  await useStack();
}, 600_000);

afterAll(() => repositories.removeAll(), 120_000);

describe('first build, re-run, more tags', () => {
  const repository = repoName('app');
  const sha = newSha();
  let first: ActionRun;

  beforeAll(async () => {
    // Paths are confined to the workspace (here the repository, the runs' working folder).
    const policy = path.join(fixtures, 'lifecycle-policy.json');
    first = await action(
      {
        repository,
        'create-repository': 'true',
        'lifecycle-policy': policy,
        'build-args': 'GREETING=hi; $(echo not run)',
      },
      sha,
    );
  }, 180_000);

  test('creates the repository (immutable tags but the cache tags, scan on push, lifecycle policy)', async () => {
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    const repo = (await ecr().send(new DescribeRepositoriesCommand({ repositoryNames: [repository] })))
      .repositories?.[0];
    expect(repo?.imageTagMutability).toBe('IMMUTABLE_WITH_EXCLUSION');
    expect(repo?.imageTagMutabilityExclusionFilters).toEqual([{ filterType: 'WILDCARD', filter: 'buildcache*' }]);
    expect(repo?.imageScanningConfiguration?.scanOnPush).toBe(true);
    const policy = await ecr().send(new GetLifecyclePolicyCommand({ repositoryName: repository }));
    expect(JSON.parse(policy.lifecyclePolicyText ?? '{}').rules).toHaveLength(1);
  });

  test('builds the multi-stage image, pushes it and reports its digest', async () => {
    const manifest = await registryManifest(repository, sha);
    expect(manifest?.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(first.outputs).toMatchObject({
      digest: manifest!.digest,
      'image-uri': `${process.env.LOCAL_REGISTRY}/${repository}@${manifest!.digest}`,
      tags: JSON.stringify([sha]),
      registry: process.env.LOCAL_REGISTRY,
      skipped: 'false',
    });
    expect(Number(first.outputs['build-seconds'])).toBeGreaterThan(0);
    expect(first.summary).toContain(manifest!.digest);
    expect(first.summary).toContain('docker (classic)');
  });

  test('the build arg reached the RUN step as data, and the OCI labels are on the image', async () => {
    const manifest = (await registryManifest(repository, sha))!;
    const files = await layersText(repository, manifest);
    expect(files).toContain('hi; $(echo not run) from the build stage');
    expect(await imageLabels(repository, manifest)).toMatchObject({
      'org.opencontainers.image.revision': sha,
      'org.opencontainers.image.source': 'https://github.com/acme/shop',
      'org.opencontainers.image.created': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  test("ECR's API knows the pushed tag (recorded with PutImage, as the registry is overridden)", async () => {
    const images = await ecr().send(new DescribeImagesCommand({ repositoryName: repository }));
    expect(images.imageDetails?.map((d) => [d.imageDigest, d.imageTags])).toEqual([[first.outputs.digest, [sha]]]);
  });

  test('a re-run on the same commit builds nothing and returns the same digest', async () => {
    const again = await action({ repository, 'create-repository': 'true' }, sha);
    expect(again.exitCode).toBe(0);
    expect(built(again)).toBe(false);
    expect(again.stdout).not.toContain('docker push');
    expect(again.outputs).toMatchObject({ digest: first.outputs.digest, skipped: 'true', 'build-seconds': '0' });
  }, 60_000);

  test('a re-run with one more tag adds the tag to the same image without building', async () => {
    const again = await action({ repository, tags: `${sha}\nrelease-1` }, sha);
    expect(again.exitCode).toBe(0);
    expect(built(again)).toBe(false);
    expect(again.outputs).toMatchObject({ digest: first.outputs.digest, skipped: 'true' });
    expect((await registryManifest(repository, 'release-1'))?.digest).toBe(first.outputs.digest);
  }, 60_000);

  test('on Node 24 too', async () => {
    const node24 = (await import('node:child_process'))
      .execFileSync('bash', [path.join(process.cwd(), 'scripts/ensure-node24.sh')], { encoding: 'utf8' })
      .trim();
    const again = await runAction(
      'build-push-ecr',
      { repository, registry: process.env.LOCAL_REGISTRY!, context: path.join(fixtures, 'app') },
      { env: { GITHUB_SHA: sha }, node: node24 },
    );
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ digest: first.outputs.digest, skipped: 'true' });
  }, 120_000);

  test('in the created repository the cache tag can be rewritten by every build, an image tag cannot move', async () => {
    // What ECR's API (moto) does with the repository as created: the registry cache's tag is rewritten
    // on each export, which ECR refuses in a plainly IMMUTABLE repository.
    const manifest = (n: string) =>
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.buildkit.cacheconfig.v0', digest: `sha256:${n.repeat(64)}`, size: 1 },
        layers: [],
      });
    const put = (tag: string, n: string) =>
      ecr().send(
        new PutImageCommand({
          repositoryName: repository,
          imageTag: tag,
          imageManifest: manifest(n),
          imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
        }),
      );
    await put('buildcache', 'a');
    await put('buildcache', 'b');
    await put('buildcache-pr-7', 'c');
    await put('buildcache-pr-7', 'd');
    await expect(put(sha, 'e')).rejects.toMatchObject({ name: expect.stringMatching(/AlreadyExists/) });
  });
});

describe('tag conflict', () => {
  test('an immutable tag built from another commit fails with both commits and the existing digest, before building', async () => {
    const repository = repoName('immutable');
    const first = await action({ repository, 'create-repository': 'true', tags: 'stable' }, newSha());
    expect(first.exitCode).toBe(0);

    const sha = newSha();
    const second = await action({ repository, tags: 'stable' }, sha);
    expect(second.exitCode).not.toBe(0);
    expect(second.outputs['failure-reason']).toBe('tag-conflict');
    expect(second.errors).toHaveLength(1);
    expect(second.errors[0]).toContain(first.outputs.digest);
    expect(second.errors[0]).toContain(sha);
    expect(built(second)).toBe(false);
    expect((await registryManifest(repository, 'stable'))?.digest).toBe(first.outputs.digest);
  }, 180_000);

  test('a mutable tag moves to the new build', async () => {
    const repository = repoName('mutable');
    const inputs = { repository, 'create-repository': 'true', 'image-tag-mutability': 'MUTABLE', tags: 'latest' };
    const first = await action(inputs, newSha());
    const second = await action({ ...inputs, 'build-args': 'GREETING=changed' }, newSha());
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect(second.outputs.skipped).toBe('false');
    expect(second.outputs.digest).not.toBe(first.outputs.digest);
    expect((await registryManifest(repository, 'latest'))?.digest).toBe(second.outputs.digest);
  }, 180_000);
});

describe('untrusted build output', () => {
  test('a RUN step printing ::set-output, ::add-mask, ::stop-commands or ::error issues no workflow command', async () => {
    const repository = repoName('hostile');
    const sha = newSha();
    const run = await action(
      { repository, 'create-repository': 'true', context: path.join(fixtures, 'hostile-output') },
      sha,
    );
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const printed = run.stdout.split('\n');
    // The RUN step's lines are in the log, made inert (a zero-width space after the first character).
    expect(printed).toContain(`:\u200b:set-output name=digest::sha256:${'0'.repeat(64)}`);
    expect(printed).toContain(':\u200b:add-mask::hostile-mask');
    expect(printed).toContain('   :\u200b:stop-commands::hostile-token');
    expect(printed).toContain(':\u200b:error::forged by the build');
    expect(printed).toContain('see #\u200b#[error]forged in the middle');
    // No line the runner would read as a command came from the build: only the action's own.
    const commands = printed.filter((line) => line.trimStart().startsWith('::') || line.includes('##['));
    expect(commands.filter((line) => /hostile|forged|0{64}/.test(line))).toEqual([]);
    expect(run.outputs.digest).toBe((await registryManifest(repository, sha))?.digest);
  }, 180_000);
});

describe('failures that leave nothing behind', () => {
  test('a missing repository without create-repository fails before building', async () => {
    const repository = repoName('missing');
    const run = await action({ repository }, newSha());
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs['failure-reason']).toBe('repository-not-found');
    expect(run.errors).toEqual([expect.stringContaining(`'${repository}' does not exist`)]);
    expect(built(run)).toBe(false);
    await expect(ecr().send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }))).rejects.toMatchObject({
      name: 'RepositoryNotFoundException',
    });
  }, 60_000);

  test('a failing Dockerfile step is named in the error, and nothing is pushed', async () => {
    const repository = repoName('failing');
    const sha = newSha();
    const run = await action({ repository, 'create-repository': 'true', context: path.join(fixtures, 'failing') }, sha);
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs['failure-reason']).toBe('build-failed');
    expect(run.errors).toHaveLength(1);
    // The classic builder counts the --label instructions it appends as steps too.
    expect(run.errors[0]).toMatch(/at Step 3\/\d+ : RUN echo "about to fail" && exit 3: /);
    expect(run.errors[0]).toContain('returned a non-zero code: 3');
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(await registryManifest(repository, sha)).toBeUndefined();
    const images = await ecr().send(new DescribeImagesCommand({ repositoryName: repository }));
    expect(images.imageDetails).toEqual([]);
  }, 120_000);

  test('secrets are refused by the classic builder, before any effect, and never printed', async () => {
    const repository = repoName('secrets');
    const secret = `s3cr3t-${runId}-value`;
    const run = await action({ repository, 'create-repository': 'true', secrets: `npm_token=${secret}` }, newSha());
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs['failure-reason']).toBe('secrets-unsupported');
    expect(run.errors).toEqual([expect.stringContaining("Input 'secrets'")]);
    // The runner reads ::add-mask:: to hide the value; anywhere else it would be a leak.
    const printed = `${run.stdout}${run.stderr}`.replace(/^::add-mask::.*$/gm, '');
    expect(`${printed}${JSON.stringify(run.outputs)}${run.summary}`).not.toContain(secret);
    expect(built(run)).toBe(false);
    await expect(ecr().send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }))).rejects.toMatchObject({
      name: 'RepositoryNotFoundException',
    });
  }, 60_000);

  test('shell metacharacters in an input are refused as data, with one error naming the input', async () => {
    const repository = repoName('badinput');
    const run = await action({ repository, 'create-repository': 'true', tags: 'ok\n$(touch /tmp/pwned);x' }, newSha());
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs['failure-reason']).toBe('invalid-input');
    expect(run.errors).toEqual([expect.stringMatching(/^Input 'tags': .* Accepted: an image tag/)]);
    expect(run.stdout).not.toMatch(/\n\s+at /);
  }, 60_000);
});
