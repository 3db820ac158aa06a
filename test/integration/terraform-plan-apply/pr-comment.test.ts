// The pull-request comment, from the bundle's side: a plan on a pull_request event comments once,
// edits that comment on re-runs, and shortens a plan too long for GitHub. The bundle runs in a child
// process, against the fake GitHub API (test/support/fake-github.ts).
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
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
import type { S3Client } from '@aws-sdk/client-s3';
import { actionsBot, FakeGithub, octocat } from '../../support/fake-github.js';

jest.setTimeout(120_000);

const binary = findBinaries()[0]!;
const bucket = `tpa-pr-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
let github: FakeGithub;
let awsEnv: Record<string, string>;
let s3: S3Client;
let workRoot: string;
let checkout: Checkout;
let backendFile: string;
let eventFile: string;

/** The comments on pull request 7 of acme/infra, id -> body. */
const comments = () => new Map(github.comments('acme/infra', 7).map((c) => [c.id as number, c.body as string]));

beforeAll(async () => {
  github = await FakeGithub.start({ repos: ['acme/infra'], tokens: { 'ghs_test-token': actionsBot } });
  // Pull request 8 refuses comments, as GitHub does when the job lacks pull-requests: write.
  github.fail(
    { path: /^\/repos\/acme\/infra\/issues\/8\/comments$/ },
    { kind: 'status', status: 403, message: 'Resource not accessible by integration' },
    Infinity,
  );
  awsEnv = await awsStack();
  s3 = s3Client(awsEnv);
  await createBucket(s3, bucket);
  workRoot = tempDir('tpa-pr-');
  checkout = await Checkout.create(workRoot, 'repo');
  backendFile = writeBackendFile(workRoot, bucket, awsEnv);
  eventFile = path.join(workRoot, 'event.json');
  writeFileSync(eventFile, JSON.stringify({ pull_request: { number: 7 } }));
}, 300_000);

afterAll(async () => {
  await github.close();
  await deleteBucket(s3, bucket);
  s3.destroy();
  removeTempDirs();
});

const planOnPullRequest = (instances: number, pr = { event: '', bundle: '' }) =>
  runWith(
    binary,
    checkout,
    awsEnv,
    {
      command: 'plan',
      environment: 'dev',
      'backend-config': `${backendFile}\nkey=pr/terraform.tfstate`,
      variables: JSON.stringify({ name: 'web', instances }),
      'github-token': 'ghs_test-token',
      'plan-bundle': pr.bundle || path.join(workRoot, 'bundle'),
    },
    {
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: pr.event || eventFile,
        GITHUB_REPOSITORY: 'acme/infra',
        GITHUB_API_URL: github.url,
      },
    },
  );

test('a plan comments once on the pull request, then edits that comment in place', async () => {
  const first = await planOnPullRequest(2);
  expect(first.errors).toEqual([]);
  expect(comments().size).toBe(1);
  const [id, body] = [...comments().entries()][0]!;
  expect(first.outputs['comment-id']).toBe(String(id));
  expect(body).toContain('<!-- terraform-plan-apply dir=. env=dev -->');
  expect(body).toMatch(/\| 4 \| 0 \| 0 \| 0 \| 0 \| 0 \|/);
  expect(body).toContain('terraform_data.instance[1] will be created');
  expect(github.requests.map((r) => r.method)).toEqual(['GET', 'POST']);

  const second = await planOnPullRequest(3);
  expect(second.errors).toEqual([]);
  expect(second.outputs['comment-id']).toBe(String(id));
  expect(comments().size).toBe(1);
  expect(comments().get(id)).toMatch(/\| 5 \| 0 \| 0 \| 0 \| 0 \| 0 \|/);
  expect(github.requests.slice(2).map((r) => `${r.method} ${r.path}`)).toEqual([
    'GET /repos/acme/infra/issues/7/comments',
    'POST /graphql',
    `PATCH /repos/acme/infra/issues/comments/${id}`,
  ]);
  expect(new Set(github.requests.map((r) => r.authorization))).toEqual(new Set(['token ghs_test-token']));
});

test("a comment someone else wrote with the plan's marker is neither edited nor in the way", async () => {
  const otherEvent = path.join(workRoot, 'event-9.json');
  writeFileSync(otherEvent, JSON.stringify({ pull_request: { number: 9 } }));
  const marker = '<!-- terraform-plan-apply dir=. env=dev -->';
  const planted = github.addComment('acme/infra', 9, `${marker}\nNo changes. Safe to merge.`, octocat);
  const run = await planOnPullRequest(2, { event: otherEvent, bundle: path.join(workRoot, 'bundle-9') });
  expect(run.errors).toEqual([]);
  const onNine = github.comments('acme/infra', 9);
  expect(onNine.map((c) => [c.id, (c.user as { login: string }).login])).toEqual([
    [planted.id, 'octocat'],
    [Number(run.outputs['comment-id']), 'github-actions[bot]'],
  ]);
  expect(onNine[0]!.body).toBe(`${marker}\nNo changes. Safe to merge.`);
  expect(onNine[1]!.body).toMatch(/\| 4 \| 0 \| 0 \| 0 \| 0 \| 0 \|/);
});

test('a plan longer than GitHub allows is shortened to fit, keeping the summary; the job summary has it all', async () => {
  const run = await planOnPullRequest(700);
  expect(run.errors).toEqual([]);
  const body = [...comments().values()][0]!;
  expect(body.length).toBeLessThanOrEqual(65_536);
  expect(body.length).toBeGreaterThan(60_000);
  expect(body).toMatch(/\| 702 \| 0 \| 0 \| 0 \| 0 \| 0 \|/);
  expect(body).toMatch(
    /shortened: \d+ characters cut; the full plan is in the job summary and the plan bundle \(plan\.txt\)/,
  );
  expect(body).not.toContain('terraform_data.instance[699] will be created');
  expect(run.summary).toContain('terraform_data.instance[699] will be created');
});

test('a comment GitHub refuses fails the step with comment-failed, after the bundle is written', async () => {
  const otherEvent = path.join(workRoot, 'event-8.json');
  writeFileSync(otherEvent, JSON.stringify({ pull_request: { number: 8 } }));
  const bundle = path.join(workRoot, 'bundle-8');
  const run = await planOnPullRequest(1, { event: otherEvent, bundle });
  expect(run.exitCode).not.toBe(0);
  expect(run.outputs['failure-reason']).toBe('comment-failed');
  expect(run.errors).toEqual([expect.stringMatching(/Could not comment on pull request #8: .*pull-requests: write/)]);
  expect(run.outputs['plan-bundle']).toBe(bundle);
});
