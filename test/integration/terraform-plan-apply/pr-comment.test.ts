// The pull-request comment, from the bundle's side: a plan on a pull_request event comments once,
// edits that comment on re-runs, and shortens a plan too long for GitHub. The bundle runs in a child
// process, so GitHub is stood in for by a small local server that records the REST calls it gets
// (list, create, update issue comments) and keeps the comments in memory.
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

jest.setTimeout(120_000);

interface Recorded {
  method: string;
  path: string;
  authorization?: string;
  body?: { body?: string };
}

const binary = findBinaries()[0]!;
const bucket = `tpa-pr-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const comments = new Map<number, string>();
const requests: Recorded[] = [];
let server: Server;
let apiUrl: string;
let awsEnv: Record<string, string>;
let s3: S3Client;
let workRoot: string;
let checkout: Checkout;
let backendFile: string;
let eventFile: string;

/** The three issue-comment endpoints the action uses, for repository acme/infra, pull request 7. */
function github(): Server {
  let nextId = 1000;
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://local');
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as { body?: string }) : undefined;
      requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization, body });
      const reply = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      const comment = (id: number) => ({
        id,
        body: comments.get(id),
        html_url: `https://github.test/acme/infra/pull/7#issuecomment-${id}`,
      });
      if (url.pathname === '/repos/acme/infra/issues/7/comments' && req.method === 'GET') {
        return reply(200, [...comments.keys()].map(comment));
      }
      if (url.pathname === '/repos/acme/infra/issues/7/comments' && req.method === 'POST') {
        if ((body?.body?.length ?? 0) > 65_536)
          return reply(422, { message: 'body is too long (maximum is 65536 characters)' });
        const id = nextId++;
        comments.set(id, body?.body ?? '');
        return reply(201, comment(id));
      }
      const update = /^\/repos\/acme\/infra\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (update && req.method === 'PATCH' && comments.has(Number(update[1]))) {
        if ((body?.body?.length ?? 0) > 65_536)
          return reply(422, { message: 'body is too long (maximum is 65536 characters)' });
        comments.set(Number(update[1]), body?.body ?? '');
        return reply(200, comment(Number(update[1])));
      }
      return reply(404, { message: 'Not Found' });
    });
  });
}

beforeAll(async () => {
  server = github();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
  await new Promise((resolve) => server.close(resolve));
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
        GITHUB_API_URL: apiUrl,
      },
    },
  );

test('a plan comments once on the pull request, then edits that comment in place', async () => {
  const first = await planOnPullRequest(2);
  expect(first.errors).toEqual([]);
  expect(comments.size).toBe(1);
  const [id, body] = [...comments.entries()][0]!;
  expect(first.outputs['comment-id']).toBe(String(id));
  expect(body).toContain('<!-- terraform-plan-apply dir=. env=dev -->');
  expect(body).toMatch(/\| 4 \| 0 \| 0 \| 0 \| 0 \| 0 \|/);
  expect(body).toContain('terraform_data.instance[1] will be created');
  expect(requests.map((r) => r.method)).toEqual(['GET', 'POST']);

  const second = await planOnPullRequest(3);
  expect(second.errors).toEqual([]);
  expect(second.outputs['comment-id']).toBe(String(id));
  expect(comments.size).toBe(1);
  expect(comments.get(id)).toMatch(/\| 5 \| 0 \| 0 \| 0 \| 0 \| 0 \|/);
  expect(requests.slice(2).map((r) => `${r.method} ${r.path}`)).toEqual([
    'GET /repos/acme/infra/issues/7/comments',
    `PATCH /repos/acme/infra/issues/comments/${id}`,
  ]);
  expect(new Set(requests.map((r) => r.authorization))).toEqual(new Set(['token ghs_test-token']));
});

test('a plan longer than GitHub allows is shortened to fit, keeping the summary; the job summary has it all', async () => {
  const run = await planOnPullRequest(700);
  expect(run.errors).toEqual([]);
  const body = [...comments.values()][0]!;
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
