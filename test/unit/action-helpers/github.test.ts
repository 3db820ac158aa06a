// action-helpers/github.ts: the one Octokit, with its retry and throttling plugins and its deadline,
// against the fake GitHub API failing the ways GitHub fails.
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { currentRepo, githubClient } from '../../../action-helpers/github.js';
import { FakeGithub } from '../../support/fake-github.js';

const list = { owner: 'acme', repo: 'infra', issue_number: 7 };
const listLine = 'GET /repos/acme/infra/issues/7/comments';
let fake: FakeGithub;

beforeEach(async () => {
  fake = await FakeGithub.start({ repos: ['acme/infra'] });
  process.env.GITHUB_API_URL = fake.url;
});

afterEach(async () => {
  delete process.env.GITHUB_API_URL;
  await fake.close();
});

test.each([
  ['a 502', { kind: 'status', status: 502 }],
  ['a dropped connection', { kind: 'drop-connection' }],
  ['a secondary rate limit (Retry-After: 1)', { kind: 'secondary-rate-limit', retryAfterSeconds: 1 }],
  ['a rate limit that resets now', { kind: 'rate-limit', resetInSeconds: 0 }],
] as const)('%s is waited out and the request repeated once', async (_name, fault) => {
  fake.fail({ path: /comments$/ }, fault);
  const { status } = await githubClient('ghs_test').rest.issues.listComments(list);
  expect(status).toBe(200);
  expect(fake.calls()).toEqual([listLine, listLine]);
});

test.each([
  [404, 'Not Found'],
  [409, 'Conflict'],
  [422, 'Validation Failed'],
])('a %i is an answer, not repeated', async (status, message) => {
  fake.fail({ path: /comments$/ }, { kind: 'status', status, message });
  await expect(githubClient('ghs_test').rest.issues.listComments(list)).rejects.toMatchObject({ status });
  expect(fake.calls()).toEqual([listLine]);
});

test('a rate limit that resets in an hour fails at once instead of idling the runner', async () => {
  fake.fail({ path: /comments$/ }, { kind: 'rate-limit', resetInSeconds: 3600 });
  await expect(githubClient('ghs_test').rest.issues.listComments(list)).rejects.toMatchObject({
    status: 403,
    message: expect.stringMatching(/^API rate limit exceeded/),
  });
  expect(fake.calls()).toEqual([listLine]);
});

test('an attempt that outlives its deadline is abandoned and repeated', async () => {
  fake.fail({ path: /comments$/ }, { kind: 'hang' });
  const { status } = await githubClient('ghs_test', { timeoutMs: 300 }).rest.issues.listComments(list);
  expect(status).toBe(200);
  expect(fake.calls()).toEqual([listLine, listLine]);
});

test("the run's cancel aborts the request in flight, and it is not repeated", async () => {
  fake.fail({ path: /comments$/ }, { kind: 'hang' }, Infinity);
  const cancel = new AbortController();
  const request = githubClient('ghs_test', { signal: cancel.signal }).rest.issues.listComments(list);
  while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  cancel.abort();
  await expect(request).rejects.toMatchObject({ name: 'AbortError' });
  expect(fake.calls()).toEqual([listLine]);
});

test('the token goes in the Authorization header, and an empty one is an input error', async () => {
  await githubClient('ghs_test').rest.issues.listComments(list);
  expect(fake.requests[0]?.authorization).toBe('token ghs_test');
  expect(() => githubClient('', { input: 'token' })).toThrow(
    expect.objectContaining({ reason: 'invalid-input', message: expect.stringContaining("Input 'token' is empty") }),
  );
});

test('currentRepo reads GITHUB_REPOSITORY', () => {
  process.env.GITHUB_REPOSITORY = 'acme/infra';
  expect(currentRepo()).toEqual({ owner: 'acme', repo: 'infra' });
  process.env.GITHUB_REPOSITORY = '';
  expect(() => currentRepo()).toThrow(/GITHUB_REPOSITORY is not set/);
  delete process.env.GITHUB_REPOSITORY;
});
