// The shared helpers against the real local stack: AWS clients and the account guard on moto, the
// OIDC role path through a local token endpoint (the runner's contract: GET with a bearer token,
// answer {"value": "<jwt>"}), ECR repositories, and docker login/build/push through execProgram.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
} from '@aws-sdk/client-ecr';
import { connectAws, type AwsInputs } from '../../action-helpers/aws.js';
import { ActionFailure } from '../../action-helpers/errors.js';
import { execProgram } from '../../action-helpers/exec.js';
import { dockerLogin, ecrCredentials } from '../../action-helpers/ecr-auth.js';
import { useLocalStack } from '../support/local-stack.js';
import { repoRoot } from '../support/run-action.js';

const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const baseInputs: AwsInputs = {
  region: 'us-east-1',
  roleSessionName: 'helpers-test',
  roleDurationSeconds: 900,
  audience: 'sts.amazonaws.com',
  allowedAccountIds: [],
};

let stdout: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);
function captureStdout(): void {
  stdout = [];
  process.stdout.write = ((chunk: string) => stdout.push(String(chunk)) > 0) as typeof process.stdout.write;
}
function releaseStdout(): string {
  process.stdout.write = originalWrite;
  return stdout.join('');
}

beforeAll(async () => {
  await useLocalStack('aws', 'registry', 'docker');
}, 900_000);

describe('credentials without OIDC, and the account guard', () => {
  test('the default chain reaches moto; the account is read once and remembered', async () => {
    const session = await connectAws(baseInputs);
    const account = await session.accountId();
    expect(account).toMatch(/^\d{12}$/);
    expect(await session.accountId()).toBe(account);
  });

  test('allowed-account-ids lets the right account through and refuses any other', async () => {
    const account = await (await connectAws(baseInputs)).accountId();
    await expect(connectAws({ ...baseInputs, allowedAccountIds: ['111111111111', account] })).resolves.toBeDefined();
    const refused = connectAws({ ...baseInputs, allowedAccountIds: ['111111111111'] });
    await expect(refused).rejects.toBeInstanceOf(ActionFailure);
    await expect(refused).rejects.toMatchObject({
      reason: 'account-not-allowed',
      message: `The AWS credentials belong to account ${account}, which is not in allowed-account-ids (111111111111). Nothing was changed.`,
    });
  });
});

describe('role-to-assume through the job OIDC token', () => {
  let server: Server;
  const requests: { url: string; authorization?: string }[] = [];
  const jwt = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: 'repo:o/r:ref:refs/heads/main' })).toString('base64url')}.`;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ value: jwt }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `http://127.0.0.1:${port}/token?api-version=2.0`;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'runner-request-token';
  });

  afterAll(async () => {
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    await new Promise((resolve) => server.close(resolve));
  });

  test('the token is requested for the audience and exchanged for the role’s credentials, all masked', async () => {
    captureStdout();
    let session;
    try {
      session = await connectAws({
        ...baseInputs,
        roleToAssume: 'arn:aws:iam::210987654321:role/deployer',
        allowedAccountIds: ['210987654321'],
      });
    } finally {
      releaseStdout();
    }
    expect(requests).toEqual([
      { url: '/token?api-version=2.0&audience=sts.amazonaws.com', authorization: 'Bearer runner-request-token' },
    ]);
    const credentials = session.credentials!;
    expect(credentials.accessKeyId).toBeTruthy();
    // The credentials came from STS, not from the environment's static keys.
    expect(credentials.accessKeyId).not.toBe(process.env.AWS_ACCESS_KEY_ID);
    const log = stdout.join('');
    for (const secret of [jwt, credentials.secretAccessKey, credentials.sessionToken!]) {
      expect(log).toContain(`::add-mask::${secret}`);
    }
    expect(await session.accountId()).toBe('210987654321');
  });

  test('without the OIDC request variables the step says which permission is missing', async () => {
    const saved = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    try {
      await expect(
        connectAws({ ...baseInputs, roleToAssume: 'arn:aws:iam::210987654321:role/x' }),
      ).rejects.toMatchObject({
        reason: 'aws-credentials',
        message: expect.stringContaining('id-token: write'),
      });
    } finally {
      process.env.ACTIONS_ID_TOKEN_REQUEST_URL = saved;
    }
  });
});

describe('ECR and the registry through the helpers', () => {
  const repositoryName = `helpers-test/app-${runId}`;

  afterAll(async () => {
    const session = await connectAws(baseInputs);
    await session
      .client(ECRClient)
      .send(new DeleteRepositoryCommand({ repositoryName, force: true }))
      .catch(() => undefined);
  });

  test('a repository is created and described through a session client', async () => {
    const ecr = (await connectAws(baseInputs)).client(ECRClient);
    await ecr.send(new CreateRepositoryCommand({ repositoryName, imageTagMutability: 'IMMUTABLE' }));
    const { repositories } = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }));
    expect(repositories?.[0]?.repositoryName).toBe(repositoryName);
    expect(repositories?.[0]?.imageTagMutability).toBe('IMMUTABLE');
  });

  test('docker logs in with the ECR token on stdin (never in the log), builds and pushes', async () => {
    const session = await connectAws(baseInputs);
    const credentials = await ecrCredentials(session);
    expect(credentials.username).toBe('AWS');
    const registry = process.env.LOCAL_REGISTRY!;
    const dockerConfig = mkdtempSync(join(tmpdir(), 'docker-config-'));
    captureStdout();
    try {
      // The token is ECR's (moto's); the login target is the local registry that stands in for ECR's data plane.
      await dockerLogin({ ...credentials, registry }, dockerConfig);
      const image = `${registry}/helpers-test/app:${runId}`;
      await execProgram(
        'docker',
        [
          'build',
          '--build-arg',
          `RUN_ID=${runId}`,
          '--tag',
          image,
          join(repoRoot, 'test/fixtures/images/scratch-file'),
        ],
        {
          env: { DOCKER_CONFIG: dockerConfig },
          timeoutMs: 180_000,
        },
      );
      const push = await execProgram('docker', ['push', image], {
        env: { DOCKER_CONFIG: dockerConfig },
        timeoutMs: 180_000,
      });
      expect(push.stdout).toMatch(/digest: sha256:[a-f0-9]{64}/);
      await execProgram('docker', ['image', 'rm', image], { echo: false, allowFailure: true });
    } finally {
      releaseStdout();
    }
    const log = stdout.join('');
    expect(log).toContain(`::add-mask::${credentials.password}`);
    expect(log).toContain('Login Succeeded');
    expect(log.replace(`::add-mask::${credentials.password}`, '')).not.toContain(credentials.password);
  }, 240_000);
});
