// action-helpers/github-deployments.ts through the real Octokit client, against the fake GitHub API.
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { githubClient } from '../../../action-helpers/github.js';
import {
  createDeployment,
  lastSuccessfulDeployment,
  setDeploymentStatus,
} from '../../../action-helpers/github-deployments.js';
import { actionsBot, FakeGithub, type Identity } from '../../support/fake-github.js';
import { runUrl } from '../../../action-helpers/run.js';

const repo = { owner: 'acme', repo: 'monorepo' };
const sha = (c: string): string => c.repeat(40);
const readOnly: Identity = { ...actionsBot, permissions: { deployments: 'read' } };
let fake: FakeGithub;

beforeEach(async () => {
  fake = await FakeGithub.start({ repos: ['acme/monorepo'], tokens: { ghs_test: actionsBot, ghs_read: readOnly } });
  process.env.GITHUB_API_URL = fake.url;
});

afterEach(async () => {
  delete process.env.GITHUB_API_URL;
  await fake.close();
});

const client = (token = 'ghs_test') => githubClient(token);

test('the newest deployment whose latest status is success; newer in-progress and failed ones are passed over', async () => {
  fake.addDeployment('acme/monorepo', { environment: 'production', sha: sha('a'), id: 300 }, ['success', 'inactive']);
  fake.addDeployment('acme/monorepo', { environment: 'production', sha: sha('b'), id: 301, ref: 'main' }, [
    'in_progress',
    'success',
  ]);
  fake.addDeployment('acme/monorepo', { environment: 'staging', sha: sha('e') }, ['success']);
  fake.addDeployment('acme/monorepo', { environment: 'production', sha: sha('c'), id: 302 }, [
    'in_progress',
    'failure',
  ]);
  fake.addDeployment('acme/monorepo', { environment: 'production', sha: sha('d'), id: 303 }, ['in_progress']);
  const found = await lastSuccessfulDeployment(client(), repo, 'production');
  expect(found).toEqual({
    deployment: expect.objectContaining({ id: 301, sha: sha('b'), ref: 'main', environment: 'production' }),
    examined: 3,
  });
  expect(fake.calls()).toEqual([
    'GET /repos/acme/monorepo/deployments?environment=production&per_page=100&page=1',
    'GET /repos/acme/monorepo/deployments/303/statuses?per_page=100',
    'GET /repos/acme/monorepo/deployments/302/statuses?per_page=100',
    'GET /repos/acme/monorepo/deployments/301/statuses?per_page=100',
  ]);
});

test('a deployment that succeeded and was later made inactive does not count; never deployed examines nothing', async () => {
  fake.addDeployment('acme/monorepo', { environment: 'production', sha: sha('a') }, ['success', 'inactive']);
  expect(await lastSuccessfulDeployment(client(), repo, 'production')).toEqual({ examined: 1 });
  expect(await lastSuccessfulDeployment(client(), repo, 'staging')).toEqual({ examined: 0 });
});

test('pages through the deployments, and stops at maxDeployments', async () => {
  fake.addDeployment('acme/monorepo', { environment: 'production', sha: sha('b') }, ['success']);
  for (let i = 0; i < 101; i++)
    fake.addDeployment('acme/monorepo', { environment: 'production', sha: sha('c') }, ['failure']);
  expect(await lastSuccessfulDeployment(client(), repo, 'production', 150)).toMatchObject({
    deployment: { sha: sha('b') },
    examined: 102,
  });
  expect(fake.calls().filter((c) => c.includes('deployments?'))).toEqual([
    'GET /repos/acme/monorepo/deployments?environment=production&per_page=100&page=1',
    'GET /repos/acme/monorepo/deployments?environment=production&per_page=100&page=2',
  ]);
  expect(await lastSuccessfulDeployment(client(), repo, 'production', 2)).toEqual({ examined: 2 });
});

test('a token GitHub refuses is github-access, naming the permission', async () => {
  await expect(lastSuccessfulDeployment(githubClient('wrong'), repo, 'production')).rejects.toMatchObject({
    reason: 'github-access',
    message:
      'Could not list the deployments of acme/monorepo (HTTP 401): the token needs `permissions: deployments: read`.',
  });
  await expect(
    createDeployment(client('ghs_read'), repo, { environment: 'dev', ref: sha('a'), payload: {} }),
  ).rejects.toMatchObject({
    reason: 'github-access',
    message:
      'Could not create a deployment in acme/monorepo (HTTP 403): the token needs `permissions: deployments: write`.',
  });
});

test('a rate limit GitHub will not lift soon is github-access, and says so', async () => {
  fake.fail({ method: 'GET' }, { kind: 'rate-limit', resetInSeconds: 3600 });
  await expect(lastSuccessfulDeployment(client(), repo, 'production')).rejects.toMatchObject({
    reason: 'github-access',
    message: expect.stringContaining("HTTP 403): GitHub's API rate limit was reached; try again later."),
  });
});

test('createDeployment records once: a re-run with the same payload finds it again', async () => {
  fake.setRef('acme/monorepo', 'main', sha('a'));
  const request = { environment: 'uat', ref: sha('a'), payload: { digest: 'sha256:1', image: 'x' } };
  const first = await createDeployment(client(), repo, { ...request, description: 'd'.repeat(200) });
  expect(first).toMatchObject({ created: true, deployment: { sha: sha('a'), environment: 'uat' } });
  const again = await createDeployment(client(), repo, { ...request, payload: { image: 'x', digest: 'sha256:1' } });
  expect(again).toEqual({ created: false, deployment: first.deployment });
  const other = await createDeployment(client(), repo, { ...request, payload: { digest: 'sha256:2' } });
  expect(other.created).toBe(true);
  const byBranch = await createDeployment(client(), repo, { ...request, ref: 'main', payload: { digest: 'sha256:3' } });
  expect(byBranch.deployment).toMatchObject({ ref: 'main', sha: sha('a') });

  const posted = fake.requests.filter((r) => r.method === 'POST').map((r) => r.body);
  expect(posted[0]).toEqual({
    ref: sha('a'),
    environment: 'uat',
    payload: { digest: 'sha256:1', image: 'x' },
    description: 'd'.repeat(140),
    auto_merge: false,
    required_contexts: [],
  });
  expect(fake.deployments('acme/monorepo')).toHaveLength(3);
});

test('createDeployment does not wait for commit statuses: the deployment already happened', async () => {
  fake.requests.length = 0;
  // A failing status on the commit would make GitHub refuse a deployment that asks for required contexts.
  await client().rest.repos.createCommitStatus({ ...repo, sha: sha('f'), state: 'failure', context: 'ci' });
  const refused = client().rest.repos.createDeployment({ ...repo, ref: sha('f'), environment: 'dev' });
  await expect(refused).rejects.toMatchObject({ status: 409 });
  await expect(
    createDeployment(client(), repo, { environment: 'dev', ref: sha('f'), payload: {} }),
  ).resolves.toMatchObject({ created: true });
});

test('setDeploymentStatus: the newest status is the state, the log links this run, a re-run adds nothing', async () => {
  const { deployment } = await createDeployment(client(), repo, { environment: 'uat', ref: sha('a'), payload: {} });
  process.env.GITHUB_SERVER_URL = 'https://github.test';
  process.env.GITHUB_REPOSITORY = 'acme/monorepo';
  process.env.GITHUB_RUN_ID = '42';
  try {
    await setDeploymentStatus(client(), repo, deployment.id, { state: 'in_progress' });
    await setDeploymentStatus(client(), repo, deployment.id, {
      state: 'success',
      environmentUrl: 'https://uat.acme.test',
      description: 'x'.repeat(300),
    });
  } finally {
    delete process.env.GITHUB_SERVER_URL;
    delete process.env.GITHUB_REPOSITORY;
    delete process.env.GITHUB_RUN_ID;
  }
  const again = { state: 'success', environmentUrl: 'https://uat.acme.test', description: 'x'.repeat(300) } as const;
  expect(await setDeploymentStatus(client(), repo, deployment.id, again)).toEqual({ created: false });
  const statuses = fake.deploymentStatuses('acme/monorepo', deployment.id);
  expect(statuses.map((s) => s.state)).toEqual(['success', 'in_progress']);
  expect(statuses[0]).toMatchObject({
    log_url: 'https://github.test/acme/monorepo/actions/runs/42',
    environment_url: 'https://uat.acme.test',
    description: 'x'.repeat(140),
  });
  expect((await lastSuccessfulDeployment(client(), repo, 'uat')).deployment?.id).toBe(deployment.id);
});

test('runUrl needs the server, repository and run id', () => {
  expect(runUrl({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: '7' })).toBe(
    'https://github.com/a/b/actions/runs/7',
  );
  expect(runUrl({ GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: '7' })).toBeUndefined();
});
