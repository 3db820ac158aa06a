import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockClient } from 'aws-sdk-client-mock';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { connectAws, getAwsInputs, type AwsInputs } from '../../../action-helpers/aws.js';

const saved = { ...process.env };
beforeEach(() => {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_') || key.startsWith('AWS_') || key.startsWith('ACTIONS_ID_TOKEN'))
      delete process.env[key];
  }
});
afterEach(() => {
  process.env = { ...saved };
});

const setInput = (name: string, value: string) => {
  process.env[`INPUT_${name.toUpperCase()}`] = value;
};

describe('getAwsInputs', () => {
  test('defaults: region from AWS_REGION, a session name from the run, one hour, the STS audience', () => {
    process.env.AWS_REGION = 'eu-west-1';
    process.env.GITHUB_RUN_ID = '42';
    expect(getAwsInputs()).toEqual({
      region: 'eu-west-1',
      roleToAssume: undefined,
      roleSessionName: 'GitHubActions-42',
      roleDurationSeconds: 3600,
      audience: 'sts.amazonaws.com',
      allowedAccountIds: [],
    });
  });

  test('the input wins over the environment', () => {
    process.env.AWS_REGION = 'eu-west-1';
    setInput('aws-region', 'us-west-2');
    setInput('allowed-account-ids', '111111111111, 222222222222');
    setInput('role-to-assume', 'arn:aws:iam::111111111111:role/ci');
    const inputs = getAwsInputs();
    expect(inputs.region).toBe('us-west-2');
    expect(inputs.allowedAccountIds).toEqual(['111111111111', '222222222222']);
    expect(inputs.roleToAssume).toBe('arn:aws:iam::111111111111:role/ci');
  });

  test.each([
    [{}, "Input 'aws-region': a value is required when AWS_REGION is not set"],
    [{ 'aws-region': 'moon-1' }, `Input 'aws-region': "moon-1" is not valid`],
    [{ 'aws-region': 'us-east-1', 'role-to-assume': 'arn:aws:iam::1:role/x' }, "Input 'role-to-assume'"],
    [{ 'aws-region': 'us-east-1', 'allowed-account-ids': '12345' }, 'Input \'allowed-account-ids\': "12345"'],
    [{ 'aws-region': 'us-east-1', 'role-duration-seconds': '60' }, "Input 'role-duration-seconds'"],
    [{ 'aws-region': 'us-east-1', 'role-session-name': 'has space' }, "Input 'role-session-name'"],
  ])('%p is refused naming the input', (inputs, message) => {
    for (const [name, value] of Object.entries(inputs)) setInput(name, value);
    expect(() => getAwsInputs()).toThrow(message);
  });

  test('a bad AWS_REGION in the environment is named as such', () => {
    process.env.AWS_REGION = 'nowhere';
    expect(() => getAwsInputs()).toThrow('"nowhere" (from AWS_REGION) is not valid');
  });
});

// Edge cases no server produces; the real paths are in test/integration/action-helpers.test.ts.
describe('connectAws with a mocked STS', () => {
  const sts = mockClient(STSClient);
  const inputs: AwsInputs = {
    region: 'us-east-1',
    roleToAssume: 'arn:aws:iam::111111111111:role/ci',
    roleSessionName: 's',
    roleDurationSeconds: 900,
    audience: 'sts.amazonaws.com',
    allowedAccountIds: [],
  };
  afterEach(() => {
    sts.reset();
  });

  test('a role the trust policy refuses is the caller’s to fix, with a hint', async () => {
    // The runner's token endpoint, served locally; STS is the mocked part here.
    const server = createServer((_req, res) => res.end(JSON.stringify({ value: 'jwt' })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 't';
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejects(
        Object.assign(new Error('Not authorized to perform sts:AssumeRoleWithWebIdentity'), { name: 'AccessDenied' }),
      );
    try {
      await expect(connectAws(inputs)).rejects.toMatchObject({
        reason: 'aws-credentials',
        message: expect.stringContaining(
          "Check the role's trust policy allows this repository and audience sts.amazonaws.com",
        ),
      });
    } finally {
      server.close();
    }
  });

  test('an account outside allowed-account-ids is refused before any other call', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999' });
    await expect(
      connectAws({ ...inputs, roleToAssume: undefined, allowedAccountIds: ['111111111111'] }),
    ).rejects.toMatchObject({
      reason: 'account-not-allowed',
    });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
  });
});
