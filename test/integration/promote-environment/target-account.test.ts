// Another account's registry: `target-role-to-assume` gives the target end its own AWS session (the
// job's OIDC token exchanged through moto's STS for the role's credentials), used for the target's
// ECR token and ECR API. The target's data plane (<account>.dkr.ecr...) cannot be reached from here;
// the copy itself is proven against a second registry in copy.test.ts.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateRepositoryCommand, DeleteRepositoryCommand } from '@aws-sdk/client-ecr';
import { AwsSession } from '../../../action-helpers/aws.js';
import { readInputs } from '../../../src/promote-environment/inputs.js';
import { connectEnds, isImmutable } from '../../../src/promote-environment/registries.js';
import { withInputs } from '../../support/inputs.js';
import { useLocalStack } from '../../support/local-stack.js';
import { runId } from './stack.js';

const targetAccount = '210987654321';
const targetHost = `${targetAccount}.dkr.ecr.eu-west-1.amazonaws.com`;
const repository = `pe-account-${runId}/api`;
let server: Server;

beforeAll(async () => {
  await useLocalStack('aws', 'registry');
  // The runner's OIDC token endpoint: any JWT will do for moto's STS.
  const jwt = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: 'repo:acme/shop:environment:prod' })).toString('base64url')}.`;
  server = createServer((_req, res) => res.end(JSON.stringify({ value: jwt })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'runner-request-token';
}, 300_000);

afterAll(async () => {
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  await new Promise((resolve) => server.close(resolve));
});

test('the target end gets a session in the role’s account and region, and its ECR answers for that account', async () => {
  const inputs = withInputs(
    {
      repository,
      source: 'v1',
      'source-environment': 'uat',
      'target-environment': 'prod',
      'target-registry': targetHost,
      'target-role-to-assume': `arn:aws:iam::${targetAccount}:role/promote`,
      registry: process.env.LOCAL_REGISTRY!,
      'aws-region': 'us-east-1',
    },
    readInputs,
  );
  const ends = await connectEnds(inputs, new AwsSession('us-east-1'));
  expect(ends.source.host).toBe(process.env.LOCAL_REGISTRY);
  expect(ends.source.authorization).toBeUndefined();
  expect(ends.target).toMatchObject({ host: targetHost, repository, registryId: targetAccount });
  expect(ends.target.authorization).toMatch(/^Basic /);
  expect(await ends.target.ecr!.config.region()).toBe('eu-west-1');

  // The repository exists only in the target account: only the target's session can see it.
  await ends.target.ecr!.send(
    new CreateRepositoryCommand({ repositoryName: repository, imageTagMutability: 'IMMUTABLE' }),
  );
  try {
    expect(await isImmutable(ends.target)).toBe(true);
    await expect(isImmutable({ ...ends.target, ecr: ends.source.ecr })).rejects.toMatchObject({
      reason: 'repository-not-found',
    });
  } finally {
    await ends.target.ecr!.send(new DeleteRepositoryCommand({ repositoryName: repository, force: true }));
  }
});
