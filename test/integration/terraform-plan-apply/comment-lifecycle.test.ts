// The pull-request comment follows the latest run: a failed plan replaces a good one (which must not
// stay up looking current), plan-apply says it applied, and every version links to its run. The
// bundle runs against the shared fake GitHub API (test/support/fake-github.ts).
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  awsStack,
  Checkout,
  createBucket,
  deleteBucket,
  findBinaries,
  removeTempDirs,
  runWith,
  s3Client,
  tempDir,
  writeBackendFile,
} from './support.js';
import { actionsBot, FakeGithub } from '../../support/fake-github.js';

jest.setTimeout(120_000);

const binary = findBinaries()[0]!;
const bucket = `tpa-life-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
let github: FakeGithub;
let awsEnv: Record<string, string>;
let s3: S3Client;
let workRoot: string;
let checkout: Checkout;
let backendFile: string;
let eventFile: string;

beforeAll(async () => {
  github = await FakeGithub.start({ repos: ['acme/life'], tokens: { 'ghs_life-token': actionsBot } });
  awsEnv = await awsStack();
  s3 = s3Client(awsEnv);
  await createBucket(s3, bucket);
  workRoot = tempDir('tpa-life-');
  checkout = await Checkout.create(workRoot, 'repo');
  backendFile = writeBackendFile(workRoot, bucket, awsEnv);
  eventFile = path.join(workRoot, 'event.json');
  writeFileSync(eventFile, JSON.stringify({ pull_request: { number: 3 } }));
}, 300_000);

afterAll(async () => {
  await github.close();
  await deleteBucket(s3, bucket);
  s3.destroy();
  removeTempDirs();
});

const onPullRequest = (command: string, instances: unknown, run: string) =>
  runWith(
    binary,
    checkout,
    awsEnv,
    {
      command,
      environment: 'dev',
      'backend-config': `${backendFile}\nkey=life/terraform.tfstate`,
      variables: JSON.stringify({ name: 'web', instances }),
      'github-token': 'ghs_life-token',
      'plan-bundle': path.join(workRoot, 'bundle'),
    },
    {
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventFile,
        GITHUB_REPOSITORY: 'acme/life',
        GITHUB_API_URL: github.url,
        GITHUB_SERVER_URL: 'https://github.test',
        GITHUB_RUN_ID: run,
      },
    },
  );

const theComment = () => {
  const all = github.comments('acme/life', 3);
  expect(all).toHaveLength(1);
  return all[0]!.body as string;
};

test('good plan, failed plan, plan-apply: one comment, always the latest run, with its link', async () => {
  const good = await onPullRequest('plan', 2, '101');
  expect(good.errors).toEqual([]);
  expect(theComment()).toMatch(/Plan: 4 to add/);
  expect(theComment()).toContain('[Run](https://github.test/acme/life/actions/runs/101)');

  const failed = await onPullRequest('plan', 'many', '102');
  expect(failed.outputs['failure-reason']).toBe('plan-failed');
  expect(theComment()).toMatch(/Failed \(plan-failed\)/);
  expect(theComment()).not.toMatch(/Plan: 4 to add/);
  expect(theComment()).toContain('actions/runs/102');

  const applied = await onPullRequest('plan-apply', 2, '103');
  expect(applied.errors).toEqual([]);
  expect(theComment()).toMatch(/Applied: 4 to add/);
  expect(theComment()).toContain('actions/runs/103');
});
