// The EKS path against moto: DescribeCluster for the endpoint and certificate authority, and the
// bearer token aws-iam-authenticator would accept, decoded and checked. The bundle is then pointed
// at the moto cluster, whose endpoint does not exist, to show what an unreachable EKS cluster gives.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateClusterCommand, DeleteClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { parse } from 'yaml';
import { AwsSession } from '../../../action-helpers/aws.js';
import { describeEksCluster, eksKubeconfig } from '../../../action-helpers/kube.js';
import { useLocalStack } from '../../support/local-stack.js';
import { runAction } from '../../support/run-action.js';
import { runId } from './cluster.js';

const clusterName = `kubectl-rollout-${runId}`;
let session: AwsSession;

beforeAll(async () => {
  await useLocalStack('aws');
  session = new AwsSession('us-east-1');
  await session.client(EKSClient).send(
    new CreateClusterCommand({
      name: clusterName,
      roleArn: 'arn:aws:iam::123456789012:role/eks',
      resourcesVpcConfig: { subnetIds: [] },
    }),
  );
}, 10 * 60_000);

afterAll(async () => {
  await session
    ?.client(EKSClient)
    .send(new DeleteClusterCommand({ name: clusterName }))
    .catch(() => undefined);
});

/** The presigned URL inside a `k8s-aws-v1.` token. */
function decodeToken(token: string): URL {
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  const encoded = token.slice('k8s-aws-v1.'.length);
  expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/); // base64url, no padding
  return new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
}

describe('EKS access', () => {
  test('endpoint and CA from DescribeCluster; a kubeconfig in RUNNER_TEMP (0600) with the token aws-iam-authenticator expects', async () => {
    const cluster = await describeEksCluster(session, clusterName);
    expect(cluster.endpoint).toMatch(/^https:\/\/.+\.eks\.amazonaws\.com\/?$/);
    expect(cluster.status).toBe('ACTIVE');

    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'runner-temp-'));
    process.env.RUNNER_TEMP = runnerTemp;
    const before = Date.now();
    const access = await eksKubeconfig(session, cluster);
    try {
      expect(path.dirname(path.dirname(access.file))).toBe(runnerTemp);
      expect(statSync(access.file).mode & 0o777).toBe(0o600);
      const kubeconfig = parse(readFileSync(access.file, 'utf8')) as {
        clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
        users: { user: { token: string } }[];
      };
      expect(kubeconfig.clusters[0]!.cluster.server).toBe(cluster.endpoint);
      expect(kubeconfig.clusters[0]!.cluster['certificate-authority-data']).toBe(cluster.certificateAuthority);

      const url = decodeToken(kubeconfig.users[0]!.user.token);
      expect(url.protocol).toBe('https:');
      expect(url.host).toBe('sts.us-east-1.amazonaws.com');
      expect(url.pathname).toBe('/');
      const q = url.searchParams;
      expect(q.get('Action')).toBe('GetCallerIdentity');
      expect(q.get('Version')).toBe('2011-06-15');
      expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
      expect(q.get('X-Amz-Expires')).toBe('60');
      expect(q.get('X-Amz-SignedHeaders')!.split(';')).toEqual(['host', 'x-k8s-aws-id']);
      expect(q.get('X-Amz-Credential')).toMatch(/^testing\/\d{8}\/us-east-1\/sts\/aws4_request$/);
      expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      // The cluster name travels as a signed header, never in the URL.
      expect(url.toString()).not.toContain(clusterName);
      const signedAt = Date.parse(
        q.get('X-Amz-Date')!.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
      );
      expect(signedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
      expect(signedAt).toBeLessThanOrEqual(Date.now());
      // The client loaded from that file sends the same token.
      expect(access.kubeconfig.getCurrentUser()?.token).toBe(kubeconfig.users[0]!.user.token);
    } finally {
      access.dispose();
    }
    expect(existsSync(access.file)).toBe(false);
  }, 60_000);

  test('the bundle with cluster-name: an endpoint that does not answer is cluster-unreachable, and no kubeconfig is left behind', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'kubectl-rollout-eks-'));
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'runner-temp-'));
    writeFileSync(path.join(workspace, 'web.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n');
    const env = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp, KUBECONFIG: undefined };
    const run = await runAction(
      'kubectl-rollout',
      {
        'cluster-name': clusterName,
        'aws-region': 'us-east-1',
        manifests: 'web.yaml',
        namespace: 'apps',
        'dry-run': 'server',
      },
      { env, timeoutMs: 90_000 },
    );
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('cluster-unreachable');
    expect(run.errors[0]).toMatch(/cannot be reached/);
    expect(run.stdout).toContain(`EKS cluster ${clusterName}`);
    expect(readdirSync(runnerTemp)).toEqual([]);

    const missing = await runAction(
      'kubectl-rollout',
      { 'cluster-name': `${clusterName}-missing`, 'aws-region': 'us-east-1', manifests: 'web.yaml' },
      { env, timeoutMs: 60_000 },
    );
    expect(missing.outputs['failure-reason']).toBe('cluster-unreachable');
    expect(missing.errors).toEqual([
      expect.stringContaining(`EKS cluster ${clusterName}-missing does not exist in us-east-1`),
    ]);
  }, 120_000);
});
