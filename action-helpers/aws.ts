import * as core from '@actions/core';
import { STSClient, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { ActionFailure, InputError, messageOf } from './errors.js';
import { awsAccountId, awsRegion, iamRoleArn } from './formats.js';
import { getInteger, getList, getString } from './inputs.js';

/**
 * AWS access shared by every action: the common inputs, credentials (the runner's own, or a role
 * assumed with the job's GitHub OIDC token), an account guard, and clients with timeouts and
 * bounded retries. Endpoints come from the SDK's standard AWS_ENDPOINT_URL[_<SERVICE>] variables,
 * which is how tests and `act` runs reach the local moto server without any code path of their own.
 */
export interface AwsInputs {
  region: string;
  roleToAssume?: string;
  roleSessionName: string;
  roleDurationSeconds: number;
  audience: string;
  allowedAccountIds: string[];
}

/** Reads the AWS inputs every AWS-facing action declares (see action.yml of build-push-ecr). */
export function getAwsInputs(): AwsInputs {
  const region = getString('aws-region', { format: awsRegion }) ?? regionFromEnvironment();
  return {
    region,
    roleToAssume: getString('role-to-assume', { format: iamRoleArn }),
    roleSessionName: getString('role-session-name', {
      default: defaultSessionName(),
      format: {
        accepted: '2-64 characters from letters, digits and +=,.@-_',
        test: (v) => /^[\w+=,.@-]{2,64}$/.test(v),
      },
    }),
    roleDurationSeconds: getInteger('role-duration-seconds', { default: 3600, min: 900, max: 43200 }),
    audience: getString('audience', { default: 'sts.amazonaws.com' }),
    allowedAccountIds: getList('allowed-account-ids', { format: awsAccountId }),
  };
}

/** The runner's region, when the input leaves it out; checked like the input, since it is one. */
function regionFromEnvironment(): string {
  const region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new InputError('aws-region', 'a value is required when AWS_REGION is not set', awsRegion.accepted);
  }
  if (!awsRegion.test(region)) {
    throw new InputError('aws-region', `${JSON.stringify(region)} (from AWS_REGION) is not valid`, awsRegion.accepted);
  }
  return region;
}

function defaultSessionName(): string {
  const run = process.env.GITHUB_RUN_ID ?? 'local';
  return `GitHubActions-${run}`.slice(0, 64);
}

/** Settings every client gets: a region, credentials, timeouts and the SDK's bounded retries. */
export interface ClientConfig {
  region: string;
  credentials?: AwsCredentialIdentity;
  maxAttempts: number;
  retryMode: 'standard';
  requestHandler: { connectionTimeout: number; requestTimeout: number };
}

export function clientConfig(region: string, credentials?: AwsCredentialIdentity): ClientConfig {
  return {
    region,
    credentials,
    // The SDK's standard mode retries throttling, 5xx and network errors with jittered backoff.
    maxAttempts: 5,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  };
}

type ClientConstructor<C> = new (config: ClientConfig & { forcePathStyle?: boolean }) => C;

export class AwsSession {
  private readonly clients = new Map<unknown, unknown>();
  private accountIdPromise?: Promise<string>;

  constructor(
    readonly region: string,
    readonly credentials?: AwsCredentialIdentity,
  ) {}

  /** One client per service for the session: `session.client(ECRClient)`. */
  client<C>(Client: ClientConstructor<C>): C {
    let client = this.clients.get(Client) as C | undefined;
    if (!client) {
      // Path-style S3 addressing is what a local endpoint (moto) understands; AWS accepts it too.
      const forcePathStyle = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL) || undefined;
      client = new Client({ ...clientConfig(this.region, this.credentials), forcePathStyle });
      this.clients.set(Client, client);
    }
    return client;
  }

  /** The account the credentials belong to (one STS call, remembered). */
  accountId(): Promise<string> {
    this.accountIdPromise ??= this.client(STSClient)
      .send(new GetCallerIdentityCommand({}))
      .then((identity) => identity.Account ?? '');
    return this.accountIdPromise;
  }
}

/**
 * Credentials for the job: with `role-to-assume`, the job's OIDC token exchanged through STS
 * AssumeRoleWithWebIdentity (no long-lived key anywhere); otherwise the SDK's default chain.
 * Then, when `allowed-account-ids` is set, refuses credentials of any other account.
 */
export async function connectAws(inputs: AwsInputs): Promise<AwsSession> {
  const credentials = inputs.roleToAssume ? await assumeRoleWithOidc(inputs) : undefined;
  const session = new AwsSession(inputs.region, credentials);
  if (inputs.allowedAccountIds.length > 0) await guardAccount(session, inputs.allowedAccountIds);
  return session;
}

async function assumeRoleWithOidc(inputs: AwsInputs): Promise<AwsCredentialIdentity> {
  if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL) {
    throw new ActionFailure(
      "Input 'role-to-assume' needs the job's OIDC token, which GitHub only issues with `permissions: id-token: write` on the job.",
      'aws-credentials',
    );
  }
  const token = await core.getIDToken(inputs.audience);
  core.setSecret(token);
  const sts = new STSClient(clientConfig(inputs.region));
  let response;
  try {
    response = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: inputs.roleToAssume,
        RoleSessionName: inputs.roleSessionName,
        WebIdentityToken: token,
        DurationSeconds: inputs.roleDurationSeconds,
      }),
    );
  } catch (err) {
    throw new ActionFailure(
      `Could not assume ${inputs.roleToAssume} with the job's OIDC token: ${messageOf(err)}. Check the role's trust policy allows this repository and audience ${inputs.audience}.`,
      'aws-credentials',
      { cause: err },
    );
  }
  const c = response.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new Error('STS AssumeRoleWithWebIdentity returned no credentials');
  }
  for (const secret of [c.AccessKeyId, c.SecretAccessKey, c.SessionToken]) core.setSecret(secret);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
  };
}

async function guardAccount(session: AwsSession, allowed: readonly string[]): Promise<void> {
  const account = await session.accountId();
  if (!allowed.includes(account)) {
    throw new ActionFailure(
      `The AWS credentials belong to account ${account}, which is not in allowed-account-ids (${allowed.join(', ')}). Nothing was changed.`,
      'account-not-allowed',
    );
  }
}
