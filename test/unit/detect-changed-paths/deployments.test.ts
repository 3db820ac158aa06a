// lastSuccessfulDeployment through the real Octokit client, with the Deployments API answered by
// nock from the recorded contract (test/fixtures/detect-changed-paths/deployments.json).
import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import nock from 'nock';
import { githubClient } from '../../../action-helpers/github.js';
import { lastSuccessfulDeployment } from '../../../src/detect-changed-paths/deployments.js';
import { loadContract } from '../../fixtures/detect-changed-paths/deployments-api.js';

const api = 'https://api.github.test';
const repo = { owner: 'acme', repo: 'monorepo' };
const sha = (c: string): string => c.repeat(40);
const contract = loadContract({ 'in-progress': sha('d'), failed: sha('c'), deployed: sha('b'), older: sha('a') });
let octokit: ReturnType<typeof githubClient>;

beforeAll(() => {
  process.env.GITHUB_API_URL = api;
  octokit = githubClient('ghs_test');
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

function listDeployments(body: unknown, query: Record<string, string> = {}) {
  return nock(api)
    .get('/repos/acme/monorepo/deployments')
    .query({ environment: 'production', per_page: '100', page: '1', ...query })
    .reply(200, body as nock.Body);
}

function statuses(id: number) {
  return nock(api)
    .get(`/repos/acme/monorepo/deployments/${id}/statuses`)
    .query({ per_page: '100' })
    .reply(200, contract.statuses[String(id)] as nock.Body);
}

test('the newest deployment whose latest status is success; newer in-progress and failed ones are passed over', async () => {
  listDeployments(contract.deployments);
  statuses(303);
  statuses(302);
  statuses(301);
  const found = await lastSuccessfulDeployment(octokit, repo, 'production');
  expect(found).toEqual({
    deployment: { id: 301, sha: sha('b'), ref: 'main', createdAt: '2026-11-18T10:00:00Z' },
    examined: 3,
  });
});

test('a deployment that succeeded and was later made inactive does not count', async () => {
  listDeployments([contract.deployments[3]]);
  statuses(300);
  expect(await lastSuccessfulDeployment(octokit, repo, 'production')).toEqual({ examined: 1 });
});

test('the order of the statuses in the answer does not matter', async () => {
  listDeployments([contract.deployments[2]]);
  nock(api)
    .get('/repos/acme/monorepo/deployments/301/statuses')
    .query(true)
    .reply(200, [...contract.statuses['301']!].reverse() as nock.Body);
  expect((await lastSuccessfulDeployment(octokit, repo, 'production')).deployment?.id).toBe(301);
});

test('an environment never deployed: nothing found, nothing examined', async () => {
  listDeployments([]);
  expect(await lastSuccessfulDeployment(octokit, repo, 'production')).toEqual({ examined: 0 });
});

test('pages through the deployments, and stops at maxDeployments', async () => {
  const failed = (id: number) => ({ ...contract.deployments[1], id });
  const page1 = Array.from({ length: 100 }, (_, i) => failed(1000 - i));
  listDeployments(page1);
  listDeployments([contract.deployments[2], failed(1)], { page: '2' });
  for (const d of page1) {
    nock(api)
      .get(`/repos/acme/monorepo/deployments/${d.id}/statuses`)
      .query(true)
      .reply(200, contract.statuses['302'] as nock.Body);
  }
  statuses(301);
  expect(await lastSuccessfulDeployment(octokit, repo, 'production', 150)).toMatchObject({
    deployment: { id: 301 },
    examined: 101,
  });

  nock(api)
    .get('/repos/acme/monorepo/deployments')
    .query({ environment: 'production', per_page: '2', page: '1' })
    .reply(200, [failed(10), failed(9)]);
  for (const id of [10, 9]) {
    nock(api)
      .get(`/repos/acme/monorepo/deployments/${id}/statuses`)
      .query(true)
      .reply(200, contract.statuses['302'] as nock.Body);
  }
  expect(await lastSuccessfulDeployment(octokit, repo, 'production', 2)).toEqual({ examined: 2 });
});

test('an API error surfaces with its status', async () => {
  nock(api)
    .get('/repos/acme/monorepo/deployments')
    .query(true)
    .reply(403, { message: 'Resource not accessible by integration' });
  await expect(lastSuccessfulDeployment(octokit, repo, 'production')).rejects.toMatchObject({ status: 403 });
});
