import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsSession } from '../../../action-helpers/aws.js';
import { eksToken, KubeconfigError, loadKubeconfig } from '../../../action-helpers/kube.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/kubectl-rollout');
const text = readFileSync(path.join(fixtures, 'kubeconfig.yaml'), 'utf8');

describe('loadKubeconfig', () => {
  test('a token user loads, on the named or current context', () => {
    const kc = loadKubeconfig(text, { allowExec: false });
    expect(kc.getCurrentContext()).toBe('test');
    expect(kc.getCurrentUser()?.token).toBe('unit-test-token');
  });

  test.each([
    ['exec', 'runs a credential plugin'],
    ['provider', 'uses an auth-provider'],
  ])('context %s is refused: %s', (context, message) => {
    expect(() => loadKubeconfig(text, { allowExec: false, context })).toThrow(KubeconfigError);
    expect(() => loadKubeconfig(text, { allowExec: false, context })).toThrow(message);
    expect(loadKubeconfig(text, { allowExec: true, context }).getCurrentContext()).toBe(context);
  });

  test.each([
    ['not: [yaml', 'it is not YAML'],
    ['a: 1', 'it is not a kubeconfig'],
    ['clusters: []\ncontexts: []', 'it has no current-context'],
  ])('%j: %s', (bad, message) => {
    expect(() => loadKubeconfig(bad, { allowExec: false })).toThrow(message);
  });
});

describe('eksToken', () => {
  test('a presigned GetCallerIdentity URL with the cluster as a signed header, 60 s, base64url behind k8s-aws-v1.', async () => {
    const session = new AwsSession('eu-west-1', {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'session',
    });
    const token = await eksToken(session, 'prod-eu', { now: new Date('2026-01-02T03:04:05Z') });
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString());
    expect(url.origin).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20260102/eu-west-1/sts/aws4_request',
      'X-Amz-Date': '20260102T030405Z',
      'X-Amz-Expires': '60',
      'X-Amz-Security-Token': 'session',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Deterministic for the same inputs; another cluster name signs differently.
    expect(await eksToken(session, 'prod-eu', { now: new Date('2026-01-02T03:04:05Z') })).toBe(token);
    expect(await eksToken(session, 'prod-us', { now: new Date('2026-01-02T03:04:05Z') })).not.toBe(token);
  });

  test('the China partition signs for its own STS host', async () => {
    const session = new AwsSession('cn-north-1', { accessKeyId: 'AKID', secretAccessKey: 's' });
    const token = await eksToken(session, 'c');
    expect(Buffer.from(token.slice(11), 'base64url').toString()).toMatch(
      /^https:\/\/sts\.cn-north-1\.amazonaws\.com\.cn\/\?/,
    );
  });
});
