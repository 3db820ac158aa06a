// action-helpers/pr-comment.ts through the real Octokit client, with GitHub's REST API answered by nock.
import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { githubClient } from '../../../action-helpers/github.js';
import { commentMarker, pullRequestNumber, upsertComment } from '../../../action-helpers/pr-comment.js';

const api = 'https://api.github.test';
const marker = commentMarker('terraform-plan-apply dir=infra env=dev');
let octokit: ReturnType<typeof githubClient>;

beforeAll(() => {
  process.env.GITHUB_API_URL = api;
  octokit = githubClient('ghs_token');
  nock.disableNetConnect();
});

afterEach(() => {
  expect(nock.isDone()).toBe(true);
  nock.cleanAll();
});

// nock patches node's http for the whole jest worker: give the network back to the next test file.
afterAll(() => {
  nock.enableNetConnect();
});

const target = { owner: 'acme', repo: 'infra', issueNumber: 7 };

test('creates the comment when none starts with the marker (a quote of it does not count)', async () => {
  nock(api)
    .get('/repos/acme/infra/issues/7/comments')
    .query({ per_page: '100' })
    .reply(200, [
      { id: 1, body: 'LGTM' },
      { id: 2, body: `> ${marker}\n> quoted by a reviewer` },
    ]);
  nock(api)
    .post('/repos/acme/infra/issues/7/comments', (b: { body: string }) => b.body === `${marker}\nplan one`)
    .reply(201, { id: 42, html_url: 'https://github.test/c/42' });
  expect(await upsertComment(octokit, target, marker, `${marker}\nplan one`)).toEqual({
    id: 42,
    url: 'https://github.test/c/42',
    action: 'created',
  });
});

test('edits the marked comment in place, found on a later page', async () => {
  nock(api)
    .get('/repos/acme/infra/issues/7/comments')
    .query({ per_page: '100' })
    .reply(200, [{ id: 1, body: 'LGTM' }], {
      link: `<${api}/repos/acme/infra/issues/7/comments?per_page=100&page=2>; rel="next"`,
    });
  nock(api)
    .get('/repos/acme/infra/issues/7/comments')
    .query({ per_page: '100', page: '2' })
    .reply(200, [{ id: 42, body: `${marker}\nplan one` }]);
  nock(api)
    .patch('/repos/acme/infra/issues/comments/42', (b: { body: string }) => b.body === `${marker}\nplan two`)
    .reply(200, { id: 42, html_url: 'https://github.test/c/42' });
  expect((await upsertComment(octokit, target, marker, `${marker}\nplan two`)).action).toBe('updated');
});

test('retries a listing that failed with a 502, and no more than needed', async () => {
  nock(api).get('/repos/acme/infra/issues/7/comments').query(true).reply(502, 'bad gateway');
  nock(api).get('/repos/acme/infra/issues/7/comments').query(true).reply(200, []);
  nock(api).post('/repos/acme/infra/issues/7/comments').reply(201, { id: 7, html_url: 'u' });
  expect((await upsertComment(octokit, target, marker, marker)).action).toBe('created');
});

test('refuses a body over 65,536 characters or without its marker, before any request', async () => {
  await expect(upsertComment(octokit, target, marker, `${marker}${'x'.repeat(65_536)}`)).rejects.toThrow(/body of/);
  await expect(upsertComment(octokit, target, marker, 'no marker')).rejects.toThrow(/start with its marker/);
});

test('commentMarker cannot end its HTML comment early', () => {
  expect(commentMarker('a -- b --> c')).toBe('<!-- a - b -> c -->');
});

test.each([
  ['pull_request', { pull_request: { number: 12 } }, 12],
  ['pull_request_target', { pull_request: { number: 3 } }, 3],
  ['push', { pull_request: { number: 12 } }, undefined],
  ['pull_request', {}, undefined],
])('pullRequestNumber on %s', (eventName, payload, expected) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tpa-event-')), 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  expect(pullRequestNumber({ GITHUB_EVENT_NAME: eventName, GITHUB_EVENT_PATH: file })).toBe(expected);
  rmSync(path.dirname(file), { recursive: true, force: true });
});
