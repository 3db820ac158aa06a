import * as core from '@actions/core';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import type { AwsSession } from './aws.js';
import { execProgram } from './exec.js';

/** The ECR registry host of an account in a region (the aws-cn partition has its own suffix). */
export function ecrRegistryHost(accountId: string, region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${accountId}.dkr.ecr.${region}.${suffix}`;
}

export interface RegistryCredentials {
  /** host[:port] of the registry, as docker names it. */
  registry: string;
  username: string;
  password: string;
}

/** An ECR authorization token, decoded and masked before anything can print it. */
export async function ecrCredentials(session: AwsSession): Promise<RegistryCredentials> {
  const response = await session.client(ECRClient).send(new GetAuthorizationTokenCommand({}));
  const data = response.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) throw new Error('ECR GetAuthorizationToken returned no token');
  core.setSecret(data.authorizationToken);
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const password = decoded.slice(separator + 1);
  core.setSecret(password);
  return { registry: new URL(data.proxyEndpoint).host, username: decoded.slice(0, separator), password };
}

/** docker login with the password on stdin: it never appears in argv, the log or an output. */
export async function dockerLogin(credentials: RegistryCredentials, dockerConfigDir?: string): Promise<void> {
  await execProgram('docker', ['login', '--username', credentials.username, '--password-stdin', credentials.registry], {
    stdin: credentials.password,
    secrets: [credentials.password],
    env: dockerConfigDir ? { DOCKER_CONFIG: dockerConfigDir } : undefined,
    timeoutMs: 60_000,
  });
}
