import * as core from '@actions/core';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import type { AwsSession } from './aws.js';
import { execProgram } from './exec.js';
import { RegistryClient } from './registry-api.js';

/**
 * ECR authentication: an account's registry token, a `docker login` that keeps it off argv, and a
 * RegistryClient (registry-api.ts, the OCI distribution client) set up for ECR or for a registry
 * standing in for it.
 */

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
export async function dockerLogin(
  credentials: RegistryCredentials,
  dockerConfigDir?: string,
  signal?: AbortSignal,
): Promise<void> {
  await execProgram('docker', ['login', '--username', credentials.username, '--password-stdin', credentials.registry], {
    stdin: credentials.password,
    secrets: [credentials.password],
    env: dockerConfigDir ? { DOCKER_CONFIG: dockerConfigDir } : undefined,
    timeoutMs: 60_000,
    signal,
  });
}

export interface EcrRegistry {
  /** host[:port] images are pushed to and read from. */
  host: string;
  client: RegistryClient;
  /** The ECR credentials, for `docker login`; undefined with a stand-in registry, which gets none. */
  credentials?: RegistryCredentials;
}

/**
 * The registry of the session's account: ECR with its token as HTTP Basic credentials, or, with
 * `standIn` (a local registry, act runs), that registry without credentials: the ECR token stays with ECR.
 */
export async function ecrRegistry(session: AwsSession, standIn?: string): Promise<EcrRegistry> {
  if (standIn) return { host: standIn, client: new RegistryClient(standIn) };
  const credentials = await ecrCredentials(session);
  const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  core.setSecret(basic);
  return {
    host: credentials.registry,
    client: new RegistryClient(credentials.registry, { authorization: `Basic ${basic}` }),
    credentials,
  };
}
