// resolveImage against a real HTTP server standing in for a registry (the `registry` input's path):
// what a registry answers that the local stack's never does.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { AwsSession } from '../../../action-helpers/aws.js';
import { resolveImage } from '../../../src/scan-image/image.js';

let server: Server;
let host: string;
const answers = new Map<string, { status: number; body?: string; type?: string }>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = answers.get(req.url ?? '') ?? { status: 404 };
    res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const session = new AwsSession('us-east-1');
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'c'.repeat(64)}`, size: 2 },
  layers: [],
});

describe('resolveImage', () => {
  test('a tag resolves to the digest of the manifest bytes', async () => {
    answers.set('/v2/shop/api/manifests/v1', {
      status: 200,
      body: manifest,
      type: 'application/vnd.oci.image.manifest.v1+json',
    });
    const image = await resolveImage(session, { text: 'shop/api:v1', repository: 'shop/api', tag: 'v1' }, host);
    expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(image.reference).toBe(`${host}/shop/api@${image.digest}`);
  });

  test('absent: image-not-found', async () => {
    await expect(
      resolveImage(session, { text: 'shop/api:v2', repository: 'shop/api', tag: 'v2' }, host),
    ).rejects.toMatchObject({
      reason: 'image-not-found',
    });
  });

  test.each([401, 403])('HTTP %i: aws-access-denied, not a bug', async (status) => {
    answers.set('/v2/shop/api/manifests/denied', { status, body: '{"errors":[{"code":"DENIED"}]}' });
    await expect(
      resolveImage(session, { text: 'shop/api:denied', repository: 'shop/api', tag: 'denied' }, host),
    ).rejects.toMatchObject({ reason: 'aws-access-denied', message: expect.stringContaining(`HTTP ${status}`) });
  });
});
