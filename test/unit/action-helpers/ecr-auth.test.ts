import { afterEach, describe, expect, test } from '@jest/globals';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSession } from '../../../action-helpers/aws.js';
import { ecrRegistry, ecrRegistryHost } from '../../../action-helpers/ecr-auth.js';

const ecr = mockClient(ECRClient);
afterEach(() => {
  ecr.reset();
});

describe('ecrRegistry', () => {
  test("ECR: the account's registry, with its token as HTTP Basic credentials", async () => {
    const token = Buffer.from('AWS:pa55word').toString('base64');
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        { authorizationToken: token, proxyEndpoint: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com' },
      ],
    });
    const registry = await ecrRegistry(new AwsSession('eu-west-1'));
    expect(registry.host).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    expect(registry.credentials).toEqual({ registry: registry.host, username: 'AWS', password: 'pa55word' });
    expect(registry.client.baseUrl).toBe('https://123456789012.dkr.ecr.eu-west-1.amazonaws.com');
  });

  test('a stand-in registry gets no ECR credentials, and ECR is not asked for a token', async () => {
    const registry = await ecrRegistry(new AwsSession('eu-west-1'), '127.0.0.1:5050');
    expect(registry.host).toBe('127.0.0.1:5050');
    expect(registry.credentials).toBeUndefined();
    expect(registry.client.baseUrl).toBe('http://127.0.0.1:5050');
    expect(ecr.commandCalls(GetAuthorizationTokenCommand)).toHaveLength(0);
  });

  test('registry hosts per partition', () => {
    expect(ecrRegistryHost('123456789012', 'eu-west-1')).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    expect(ecrRegistryHost('123456789012', 'cn-north-1')).toBe('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn');
  });
});
