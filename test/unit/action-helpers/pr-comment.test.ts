// action-helpers/pr-comment.ts through the real Octokit client, against the fake GitHub API.
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { githubClient } from '../../../action-helpers/github.js';
import { commentMarker, pullRequestNumber, upsertComment } from '../../../action-helpers/pr-comment.js';
import { actionsBot, FakeGithub, octocat } from '../../support/fake-github.js';

const marker = commentMarker('terraform-plan-apply dir=infra env=dev');
const target = { owner: 'acme', repo: 'infra', issueNumber: 7 };
let fake: FakeGithub;

beforeEach(async () => {
  fake = await FakeGithub.start({ repos: ['acme/infra'], tokens: { ghs_test: actionsBot, ghp_octocat: octocat } });
  process.env.GITHUB_API_URL = fake.url;
});

afterEach(async () => {
  delete process.env.GITHUB_API_URL;
  await fake.close();
});

const client = (token = 'ghs_test') => githubClient(token);
const bodies = () => fake.comments('acme/infra', 7).map((c) => [c.id, (c.user as { login: string }).login, c.body]);

test('creates the comment when none starts with the marker (a quote of it does not count)', async () => {
  fake.addComment('acme/infra', 7, 'LGTM', octocat);
  fake.addComment('acme/infra', 7, `> ${marker}\n> quoted by a reviewer`, octocat);
  const result = await upsertComment(client(), target, marker, `${marker}\nplan one`);
  expect(result).toMatchObject({
    action: 'created',
    url: `https://github.test/acme/infra/pull/7#issuecomment-${result.id}`,
  });
  expect(bodies().at(-1)).toEqual([result.id, 'github-actions[bot]', `${marker}\nplan one`]);
  // No marked comment, so no need to ask who the token is.
  expect(fake.calls()).toEqual([
    'GET /repos/acme/infra/issues/7/comments?per_page=100',
    'POST /repos/acme/infra/issues/7/comments',
  ]);
  expect(new Set(fake.requests.map((r) => r.authorization))).toEqual(new Set(['token ghs_test']));
});

test('edits its own marked comment in place, found on a later page', async () => {
  for (let i = 0; i < 100; i++) fake.addComment('acme/infra', 7, `comment ${i}`, octocat);
  const ours = fake.addComment('acme/infra', 7, `${marker}\nplan one`, actionsBot);
  const result = await upsertComment(client(), target, marker, `${marker}\nplan two`);
  expect(result).toMatchObject({ id: ours.id, action: 'updated' });
  expect(bodies().at(-1)).toEqual([ours.id, 'github-actions[bot]', `${marker}\nplan two`]);
  expect(fake.calls()).toEqual([
    'GET /repos/acme/infra/issues/7/comments?per_page=100',
    'GET /repos/acme/infra/issues/7/comments?per_page=100&page=2',
    'POST /graphql',
    `PATCH /repos/acme/infra/issues/comments/${ours.id}`,
  ]);
});

test("someone else's comment that starts with the marker is neither edited nor in the way", async () => {
  const planted = fake.addComment('acme/infra', 7, `${marker}\nall clear, merge it`, octocat);
  const first = await upsertComment(client(), target, marker, `${marker}\nplan one`);
  expect(first.action).toBe('created');
  const second = await upsertComment(client(), target, marker, `${marker}\nplan two`);
  expect(second).toMatchObject({ id: first.id, action: 'updated' });
  expect(bodies()).toEqual([
    [planted.id, 'octocat', `${marker}\nall clear, merge it`],
    [first.id, 'github-actions[bot]', `${marker}\nplan two`],
  ]);
  expect(fake.calls().filter((c) => c.startsWith('PATCH'))).toEqual([
    `PATCH /repos/acme/infra/issues/comments/${first.id}`,
  ]);
});

test("with a user's token, that user's comment is the one edited, and the bot's is left alone", async () => {
  const bots = fake.addComment('acme/infra', 7, `${marker}\nfrom the workflow`, actionsBot);
  const mine = fake.addComment('acme/infra', 7, `${marker}\nfrom octocat's token`, octocat);
  expect(await upsertComment(client('ghp_octocat'), target, marker, `${marker}\nnew`)).toMatchObject({
    id: mine.id,
    action: 'updated',
  });
  expect(bodies()).toEqual([
    [bots.id, 'github-actions[bot]', `${marker}\nfrom the workflow`],
    [mine.id, 'octocat', `${marker}\nnew`],
  ]);
});

test('a listing that failed with a 502 is retried by the client, once', async () => {
  fake.fail({ method: 'GET', path: /\/comments$/ }, { kind: 'status', status: 502 });
  expect((await upsertComment(client(), target, marker, marker)).action).toBe('created');
  expect(fake.calls()).toEqual([
    'GET /repos/acme/infra/issues/7/comments?per_page=100',
    'GET /repos/acme/infra/issues/7/comments?per_page=100',
    'POST /repos/acme/infra/issues/7/comments',
  ]);
});

test('a create that failed with a 502 is not repeated: it may have landed', async () => {
  fake.fail({ method: 'POST' }, { kind: 'status', status: 502 });
  await expect(upsertComment(client(), target, marker, marker)).rejects.toMatchObject({ status: 502 });
  expect(fake.calls().filter((c) => c.startsWith('POST'))).toHaveLength(1);
});

test('refuses a body over 65,536 characters or without its marker, before any request', async () => {
  await expect(upsertComment(client(), target, marker, `${marker}${'x'.repeat(65_536)}`)).rejects.toThrow(/body of/);
  await expect(upsertComment(client(), target, marker, 'no marker')).rejects.toThrow(/start with its marker/);
  expect(fake.requests).toEqual([]);
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
