import { describe, expect, test } from '@jest/globals';
import {
  imageSize,
  isLoopback,
  platformManifests,
  RegistryClient,
  type StoredManifest,
} from '../../../action-helpers/registry-api.js';

describe('registry-api', () => {
  test.each([
    ['127.0.0.1:5050', true, 'http://127.0.0.1:5050'],
    ['localhost:5000', true, 'http://localhost:5000'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', false, 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
    ['127.example.com', false, 'https://127.example.com'],
  ])('%s: loopback %s, spoken to at %s', (host, loopback, url) => {
    expect(isLoopback(host)).toBe(loopback);
    expect(new RegistryClient(host).baseUrl).toBe(url);
  });

  const index: StoredManifest = {
    digest: 'sha256:i',
    mediaType: 'application/vnd.oci.image.index.v1+json',
    body: '{}',
    manifests: [
      { digest: 'sha256:a', size: 1, platform: { os: 'linux', architecture: 'amd64' } },
      { digest: 'sha256:b', size: 1, platform: { os: 'linux', architecture: 'arm64' } },
      {
        digest: 'sha256:c',
        size: 1,
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
      },
    ],
  };

  test('the platforms of an index leave buildx attestations out', () => {
    expect(platformManifests(index).map((m) => m.digest)).toEqual(['sha256:a', 'sha256:b']);
  });

  test('the size of a single-platform image is its config and layers', () => {
    const manifest: StoredManifest = {
      digest: 'sha256:m',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      body: '{}',
      config: { digest: 'sha256:c', size: 100 },
      layers: [
        { digest: 'sha256:l1', size: 1000 },
        { digest: 'sha256:l2', size: 24 },
      ],
    };
    expect(imageSize(manifest)).toBe(1124);
    expect(imageSize(index)).toBeUndefined();
  });
});

describe('RegistryClient requests', () => {
  // A registry answering 503 once cannot be had from the real one: a tiny server plays that part.
  test('retries a 503, reads the manifest, and digests the exact bytes', async () => {
    const { createServer } = await import('node:http');
    const { createHash } = await import('node:crypto');
    const body = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}';
    let calls = 0;
    const server = createServer((req, res) => {
      calls++;
      if (calls === 1) return res.writeHead(503).end();
      if (req.url === '/v2/team/api/manifests/missing') return res.writeHead(404).end();
      expect(req.headers.authorization).toBe('Basic abc');
      expect(req.headers.accept).toContain('application/vnd.oci.image.index.v1+json');
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const client = new RegistryClient(`127.0.0.1:${port}`, { authorization: 'Basic abc' });
      const manifest = await client.manifest('team/api', 'v1');
      expect(manifest?.digest).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
      expect(manifest?.body).toBe(body);
      expect(calls).toBe(2);
      await expect(client.manifest('team/api', 'missing')).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });
});
