import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { STSClient } from '@aws-sdk/client-sts';
import * as k8s from '@kubernetes/client-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { parse, stringify } from 'yaml';
import type { AwsSession } from './aws.js';

/**
 * Access to a Kubernetes cluster for the actions that deploy: an EKS cluster reached with the job's
 * AWS credentials (no kubeconfig secret), or a supplied kubeconfig, checked before it is used. API
 * clients from @kubernetes/client-node with a timeout on every request and the run's abort signal.
 * Errors are plain: each action decides what they mean for its `failure-reason`.
 */

/** A kubeconfig the caller supplied, refused when it would run a program or an auth provider. */
export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

export interface KubeconfigCheck {
  /** Accept `exec` credential plugins and `auth-provider` users (they run programs on the runner). */
  allowExec: boolean;
  /** The context to use; default the file's current-context. */
  context?: string;
}

/**
 * Parses kubeconfig text and checks the user of the context it will use. An `exec` plugin or an
 * `auth-provider` runs code on the runner with the job's environment, so a kubeconfig from a pull
 * request or an artifact could exfiltrate credentials: both are refused unless explicitly allowed.
 */
export function loadKubeconfig(text: string, check: KubeconfigCheck): k8s.KubeConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new KubeconfigError(`it is not YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const config = raw as RawKubeconfig | null;
  if (!config || typeof config !== 'object' || !Array.isArray(config.contexts) || !Array.isArray(config.clusters)) {
    throw new KubeconfigError('it is not a kubeconfig (no clusters and contexts)');
  }
  const contextName = check.context ?? config['current-context'];
  if (!contextName) throw new KubeconfigError('it has no current-context, and no context was named');
  const context = config.contexts.find((c) => c?.name === contextName);
  if (!context) throw new KubeconfigError(`it has no context named ${JSON.stringify(contextName)}`);
  const userName = context.context?.user;
  const user = (config.users ?? []).find((u) => u?.name === userName)?.user;
  for (const secret of [user?.token, user?.password, user?.['client-key-data']]) {
    if (typeof secret === 'string' && secret !== '') core.setSecret(secret);
  }
  if (!check.allowExec) {
    if (user?.exec) {
      throw new KubeconfigError(
        `its user ${JSON.stringify(userName)} runs a credential plugin (exec: ${JSON.stringify(String(user.exec.command ?? ''))})`,
      );
    }
    if (user?.['auth-provider']) {
      throw new KubeconfigError(`its user ${JSON.stringify(userName)} uses an auth-provider`);
    }
  }
  const kc = new k8s.KubeConfig();
  try {
    kc.loadFromString(text);
    kc.setCurrentContext(contextName);
  } catch (err) {
    throw new KubeconfigError(`it cannot be loaded (${(err as Error).message})`);
  }
  if (!kc.getCurrentCluster()?.server)
    throw new KubeconfigError(`context ${JSON.stringify(contextName)} names no cluster server`);
  return kc;
}

interface RawKubeconfig {
  'current-context'?: string;
  clusters: { name?: string }[];
  contexts: { name?: string; context?: { user?: string; cluster?: string; namespace?: string } }[];
  users?: {
    name?: string;
    user?: {
      token?: string;
      password?: string;
      'client-key-data'?: string;
      exec?: { command?: unknown };
      'auth-provider'?: unknown;
    };
  }[];
}

/** The suffix of AWS hosts in a region's partition. */
function dnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

export interface EksTokenOptions {
  now?: Date;
}

/**
 * A bearer token for an EKS cluster, made the way aws-iam-authenticator (and `aws eks get-token`)
 * makes it: a presigned STS GetCallerIdentity URL whose signed headers include `x-k8s-aws-id: <cluster>`,
 * valid 60 seconds for presentation, base64url without padding behind `k8s-aws-v1.`. The cluster
 * calls STS with it to learn who is calling; EKS accepts it for 15 minutes after signing.
 */
export async function eksToken(
  session: AwsSession,
  clusterName: string,
  options: EksTokenOptions = {},
): Promise<string> {
  const sts = session.client(STSClient);
  const hostname = `sts.${session.region}.${dnsSuffix(session.region)}`;
  const signer = new SignatureV4({
    credentials: session.credentials ?? sts.config.credentials,
    region: session.region,
    service: 'sts',
    sha256: sts.config.sha256,
    uriEscapePath: true,
    applyChecksum: false,
  });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': clusterName },
    },
    { expiresIn: 60, signingDate: options.now },
  );
  const query = Object.entries(presigned.query ?? {})
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => [key, v ?? ''] as const))
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  const url = `https://${hostname}/?${query}`;
  const token = `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
  core.setSecret(token);
  return token;
}

export interface EksCluster {
  name: string;
  endpoint: string;
  /** Base64 PEM of the cluster's certificate authority, as EKS returns it. */
  certificateAuthority: string;
  status: string;
  version?: string;
  arn?: string;
}

/** The endpoint and certificate authority of an EKS cluster (EKS DescribeCluster). */
export async function describeEksCluster(session: AwsSession, clusterName: string): Promise<EksCluster> {
  const response = await session.client(EKSClient).send(new DescribeClusterCommand({ name: clusterName }));
  const cluster = response.cluster;
  return {
    name: clusterName,
    endpoint: cluster?.endpoint ?? '',
    certificateAuthority: cluster?.certificateAuthority?.data ?? '',
    status: cluster?.status ?? 'UNKNOWN',
    version: cluster?.version,
    arn: cluster?.arn,
  };
}

/** EKS accepts a token for 15 minutes; a fresh one is made well before that. */
const tokenLifetimeMs = 10 * 60_000;

export interface EksAccess {
  kubeconfig: k8s.KubeConfig;
  /** The kubeconfig file (mode 0600, in RUNNER_TEMP) the client reads; removed by `dispose()`. */
  file: string;
  dispose: () => void;
}

/**
 * A kubeconfig for an EKS cluster, written to a private folder of RUNNER_TEMP (mode 0600) with a
 * bearer token made from the session's credentials: no kubeconfig secret, no program run. The
 * token is remade (in memory and in the file) once it is 10 minutes old, so a long rollout outlives
 * it. `dispose()` removes the file, so no token is left behind.
 */
export async function eksKubeconfig(session: AwsSession, cluster: EksCluster): Promise<EksAccess> {
  const dir = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), 'kubeconfig-'));
  const file = path.join(dir, 'kubeconfig');
  let madeAt = Date.now();
  const write = (token: string) => {
    writeFileSync(file, tokenKubeconfig(cluster, token), { mode: 0o600 });
    chmodSync(file, 0o600);
  };
  write(await eksToken(session, cluster.name));
  const kubeconfig = new k8s.KubeConfig();
  kubeconfig.loadFromFile(file);
  kubeconfig.addAuthenticator({
    isAuthProvider: (user) => user.name === cluster.name,
    applyAuthentication: async (user) => {
      if (Date.now() - madeAt < tokenLifetimeMs) return;
      const token = await eksToken(session, cluster.name);
      madeAt = Date.now();
      // The client reads user.token for each request, after the authenticators have run.
      (user as { token?: string }).token = token;
      write(token);
    },
  });
  return { kubeconfig, file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function tokenKubeconfig(cluster: EksCluster, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster.name,
        cluster: { server: cluster.endpoint, 'certificate-authority-data': cluster.certificateAuthority },
      },
    ],
    users: [{ name: cluster.name, user: { token } }],
    contexts: [{ name: cluster.name, context: { cluster: cluster.name, user: cluster.name } }],
    'current-context': cluster.name,
  });
}

export interface ClientOptions {
  /** Longest a single request may take (a watch is not a request: it has its own limits). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

type ApiConstructor<T> = new (config: k8s.Configuration) => T;

/** An API client whose every request ends after `timeoutMs`, or when the run is cancelled. */
export function makeClient<T>(kc: k8s.KubeConfig, Api: ApiConstructor<T>, options: ClientOptions = {}): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubeconfigError('it has no current cluster');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const config = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      {
        pre: async (context) => {
          const signals = [AbortSignal.timeout(timeoutMs)];
          if (options.signal) signals.push(options.signal);
          context.setSignal(AbortSignal.any(signals));
          return context;
        },
        post: async (response) => response,
      },
    ],
  });
  return new Api(config);
}

/** The generic client (any kind, by apiVersion and kind) with the same request limits. */
export function makeObjectClient(kc: k8s.KubeConfig, options: ClientOptions = {}): k8s.KubernetesObjectApi {
  // Objects always name their namespace (or are cluster-scoped): no default namespace is needed.
  return makeClient(kc, k8s.KubernetesObjectApi, options);
}

/** The HTTP status of an API error, when the server answered. */
export function statusOf(err: unknown): number | undefined {
  if (err instanceof k8s.ApiException) return err.code;
  const code = (err as { statusCode?: unknown; code?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** The server's own message (a metav1.Status), or the error's. */
export function apiMessage(err: unknown): string {
  if (err instanceof k8s.ApiException) {
    const body: unknown = err.body;
    let parsed: { message?: string } | undefined;
    if (typeof body === 'string') {
      try {
        parsed = JSON.parse(body) as { message?: string };
      } catch {
        return body.slice(0, 500) || `HTTP ${err.code}`;
      }
    } else if (body && typeof body === 'object') {
      parsed = body as { message?: string };
    }
    return parsed?.message ?? `HTTP ${err.code}`;
  }
  return err instanceof Error ? err.message : String(err);
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** True when the cluster could not be reached at all (no answer, a refused connection, a TLS failure, a timeout). */
export function isUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, errno, name, type } = e as { code?: unknown; errno?: unknown; name?: unknown; type?: unknown };
    if ([code, errno].some((c) => typeof c === 'string' && networkCodes.has(c))) return true;
    if (name === 'AbortError' || name === 'TimeoutError' || type === 'request-timeout') return true;
    if (name === 'FetchError' && type === 'system') return true;
  }
  return false;
}

/** A watch that failed for good; says what was watched (the server's answer to a watch has no message). */
export class WatchError extends Error {
  override name = 'WatchError';
  constructor(
    readonly path: string,
    cause: unknown,
    readonly statusCode?: number,
  ) {
    super(
      `the watch of ${path} failed: ${statusCode ? `HTTP ${statusCode} ` : ''}${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

export interface WatchOptions {
  /** e.g. /apis/apps/v1/namespaces/web/deployments */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  signal: AbortSignal;
  /** Every object as it is now (ADDED, MODIFIED) or was (DELETED). */
  onEvent: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: k8s.KubernetesObject) => void;
}

/** The server ends a watch after this long; it is then resumed from the last version seen. */
const watchSeconds = 240;

/**
 * Watches objects until `signal` fires: the current state first (a watch without a
 * resourceVersion starts with an ADDED event per object), then every change, resumed after the
 * server closes it and started afresh when the version it resumes from has expired (410). Resolves
 * when the signal fires; rejects on an error that a new attempt cannot fix (403, 404, 401), or after
 * five network failures in a row.
 */
export async function watchObjects(kc: k8s.KubeConfig, options: WatchOptions): Promise<void> {
  const watch = new k8s.Watch(kc);
  let resourceVersion: string | undefined;
  let failures = 0;
  while (!options.signal.aborted) {
    const outcome = await new Promise<{ err?: unknown; expired?: boolean }>((resolve) => {
      let controller: AbortController | undefined;
      let expired = false;
      const onAbort = () => controller?.abort();
      options.signal.addEventListener('abort', onAbort, { once: true });
      watch
        .watch(
          options.path,
          {
            labelSelector: options.labelSelector,
            fieldSelector: options.fieldSelector,
            resourceVersion,
            allowWatchBookmarks: true,
            timeoutSeconds: watchSeconds,
          },
          (type: string, object: k8s.KubernetesObject & { code?: number }) => {
            failures = 0;
            if (type === 'ERROR') {
              expired = object.code === 410;
              controller?.abort();
              return;
            }
            if (object.metadata?.resourceVersion) resourceVersion = object.metadata.resourceVersion;
            if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') options.onEvent(type, object);
          },
          (err: unknown) => {
            options.signal.removeEventListener('abort', onAbort);
            resolve({ err: expired ? undefined : err, expired });
          },
        )
        .then((c) => {
          controller = c;
          if (options.signal.aborted) c.abort();
        })
        .catch((err: unknown) => resolve({ err }));
    });
    if (options.signal.aborted) return;
    if (outcome.expired) resourceVersion = undefined;
    if (!outcome.err || (outcome.err as { name?: string }).name === 'AbortError') continue;
    const status = statusOf(outcome.err);
    if ((status !== undefined && status !== 429 && status < 500) || ++failures >= 5) {
      throw new WatchError(options.path, outcome.err, status);
    }
    await new Promise((r) => setTimeout(r, Math.min(4000, 250 * 2 ** failures) * (0.5 + Math.random())));
  }
}
