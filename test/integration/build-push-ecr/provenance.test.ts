// What a re-run trusts (a build record this action wrote, signed with evidence-signing-key when given;
// an image's revision label is not enough), and dry-run (decides and prints, changes nothing).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
} from '@aws-sdk/client-ecr';
import { CreateKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import type { ActionRun } from '../../support/run-action.js';
import { fixtures, imageLabels, newSha, registryManifest, TestRepositories, useStack } from './stack.js';

const ecr = () => new ECRClient({});
const repositories = new TestRepositories();
const repoName = (name: string) => repositories.name(name);
const action = (inputs: Record<string, string>, sha: string) => repositories.action(inputs, sha);
let keyId: string;

const built = (run: ActionRun) => run.stdout.includes('[command] docker build');

beforeAll(async () => {
  await useStack();
  const key = await new KMSClient({}).send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
  keyId = key.KeyMetadata!.KeyId!;
}, 600_000);

afterAll(async () => {
  await repositories.removeAll();
  await new KMSClient({})
    .send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    .catch(() => undefined);
}, 120_000);

test('an image pushed by someone else with the right revision label is not taken for this build', async () => {
  const repository = repoName('forged');
  const sha = newSha();
  await ecr().send(new CreateRepositoryCommand({ repositoryName: repository, imageTagMutability: 'IMMUTABLE' }));
  // Anyone with push rights can do this: an image labelled as built from the commit, under its tag.
  const ref = `${process.env.LOCAL_REGISTRY}/${repository}:${sha}`;
  const docker = { env: process.env, stdio: 'ignore' as const };
  execFileSync(
    'docker',
    ['build', '--label', `org.opencontainers.image.revision=${sha}`, '--tag', ref, path.join(fixtures, 'app')],
    docker,
  );
  execFileSync('docker', ['push', ref], docker);
  const forged = (await registryManifest(repository, sha))!;
  repositories.keep(repository, forged.digest);
  expect(await imageLabels(repository, forged)).toMatchObject({ 'org.opencontainers.image.revision': sha });

  const run = await action({ repository }, sha);
  expect(run.outputs['failure-reason']).toBe('tag-conflict');
  expect(run.errors).toEqual([
    expect.stringContaining(`${forged.digest} (with no build record of this action for it)`),
  ]);
  expect(built(run)).toBe(false);
}, 180_000);

describe('with evidence-signing-key', () => {
  const repository = repoName('signed');
  const sha = newSha();
  const inputs = () => ({ repository, 'create-repository': 'true', 'image-tag-mutability': 'MUTABLE', tags: 'main' });
  let unsigned: ActionRun;
  let signed: ActionRun;

  beforeAll(async () => {
    unsigned = await action(inputs(), sha);
    signed = await action({ ...inputs(), 'evidence-signing-key': keyId }, sha);
  }, 360_000);

  test('an unsigned build record does not let a run with a key skip: it builds, and writes a signed record', () => {
    expect([unsigned.exitCode, signed.exitCode]).toEqual([0, 0]);
    expect(unsigned.outputs).toMatchObject({ skipped: 'false', decision: 'build' });
    expect(signed.outputs).toMatchObject({ skipped: 'false', decision: 'build' });
    expect(built(signed)).toBe(true);
    expect(signed.summary).toContain('Wrote the build record');
  });

  test('a signed record of this commit lets the next run skip', async () => {
    const again = await action({ ...inputs(), 'evidence-signing-key': keyId }, sha);
    expect(again.outputs).toMatchObject({ skipped: 'true', decision: 'skip', digest: signed.outputs.digest });
    expect(built(again)).toBe(false);
  }, 120_000);

  test('a record of another commit is not this one', async () => {
    const other = await action({ ...inputs(), 'evidence-signing-key': keyId }, newSha());
    expect(other.outputs).toMatchObject({ skipped: 'false', decision: 'build' });
  }, 180_000);
});

describe('dry-run', () => {
  test('decides and prints the plan, creates no repository, logs in nowhere, builds and pushes nothing', async () => {
    const repository = repoName('dry');
    const sha = newSha();
    const run = await action({ repository, 'create-repository': 'true', 'dry-run': 'true', 'build-args': 'A=1' }, sha);
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ decision: 'build', registry: process.env.LOCAL_REGISTRY });
    expect(run.outputs.digest).toBeUndefined();
    expect(run.stdout).toContain(`Create ECR repository ${repository} (IMMUTABLE tags).`);
    expect(run.stdout).toMatch(
      /\ndocker build --build-arg A=1 --label org\.opencontainers\.image\.created=\S+ --label org\.opencontainers\.image\.source=https:\/\/github\.com\/acme\/shop --label org\.opencontainers\.image\.revision=[0-9a-f]{40} --tag 127\.0\.0\.1:5050\/\S+ --iidfile \S+ \S+\n/,
    );
    expect(run.stdout).not.toContain('[command] docker');
    expect(run.summary).toContain('Dry run: would build, nothing was changed');
    await expect(ecr().send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }))).rejects.toMatchObject({
      name: 'RepositoryNotFoundException',
    });
    expect(await registryManifest(repository, sha)).toBeUndefined();
  }, 120_000);

  test('on an image already built it says it would skip, and touches nothing', async () => {
    const repository = repoName('dry-skip');
    const sha = newSha();
    const first = await action({ repository, 'create-repository': 'true' }, sha);
    const dry = await action({ repository, tags: `${sha}\nv9`, 'dry-run': 'true' }, sha);
    expect(dry.outputs).toMatchObject({ decision: 'retag' });
    expect(dry.stdout).toContain(`Retag: add v9 to ${first.outputs.digest}`);
    expect(await registryManifest(repository, 'v9')).toBeUndefined();
    const images = await ecr().send(new DescribeImagesCommand({ repositoryName: repository }));
    expect(images.imageDetails?.flatMap((d) => d.imageTags ?? [])).toEqual([sha]);
  }, 180_000);
});
