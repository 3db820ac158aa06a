// RegistryClient's evidence requests, on answers the local registries never give: a paginated
// referrers list, a conditional write refused (412), an upload location on another host, a blob
// whose bytes do not match its digest. The ordinary paths run against the real registries in
// test/integration/evidence.test.ts.
import { afterEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import {
  manifestMediaTypes,
  RegistryClient,
  RegistryError,
  sha256Digest,
} from '../../../action-helpers/registry-api.js';

const host = 'registry.example.com';
const origin = `https://${host}`;
const subject = `sha256:${'1'.repeat(64)}`;
const client = () => new RegistryClient(host, { authorization: 'Basic c2VjcmV0', attempts: 1, timeoutMs: 2_000 });
const descriptor = (n: number) => ({
  mediaType: manifestMediaTypes.ociManifest,
  digest: `sha256:${String(n).repeat(64)}`,
  size: n,
});
const index = (...manifests: object[]) =>
  JSON.stringify({ schemaVersion: 2, mediaType: manifestMediaTypes.ociIndex, manifests });

afterEach(() => {
  nock.cleanAll();
});

describe('referrers', () => {
  test('follows Link pages and returns every descriptor', async () => {
    nock(origin)
      .get(`/v2/app/referrers/${subject}`)
      .reply(200, index(descriptor(2)), {
        'Content-Type': manifestMediaTypes.ociIndex,
        Link: `</v2/app/referrers/${subject}?last=2>; rel="next"`,
      })
      .get(`/v2/app/referrers/${subject}`)
      .query({ last: '2' })
      .reply(200, index(descriptor(3)), { 'Content-Type': manifestMediaTypes.ociIndex });
    expect((await client().referrers('app', subject))?.map((d) => d.size)).toEqual([2, 3]);
  });

  test('stops after maxPages', async () => {
    nock(origin)
      .get(`/v2/app/referrers/${subject}`)
      .reply(200, index(descriptor(2)), {
        'Content-Type': manifestMediaTypes.ociIndex,
        Link: `</v2/app/referrers/${subject}?last=2>; rel="next"`,
      });
    expect(await client().referrers('app', subject, { maxPages: 1 })).toHaveLength(1);
  });

  test('a registry with the API and no such repository: none, not "no API"', async () => {
    nock(origin)
      .get(`/v2/app/referrers/${subject}`)
      .reply(404, '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}', {
        'Content-Type': 'application/json',
      });
    expect(await client().referrers('app', subject)).toEqual([]);
  });

  test.each([
    ['404 (distribution 2.8)', 404, 'text/plain', '404 page not found'],
    ['an answer that is not an index', 200, 'text/html', '<html></html>'],
  ])('no referrers API: %s', async (_, status, type, body) => {
    nock(origin).get(`/v2/app/referrers/${subject}`).reply(status, body, { 'Content-Type': type });
    expect(await client().referrers('app', subject)).toBeUndefined();
  });
});

describe('pushManifest', () => {
  test('sends the condition and reports a refused one as 412, not as an error', async () => {
    const body = index();
    nock(origin, { reqheaders: { 'if-match': '"sha256:abc"', authorization: 'Basic c2VjcmV0' } })
      .put('/v2/app/manifests/sha256-1')
      .reply(412, 'precondition failed');
    expect(
      await client().pushManifest('app', 'sha256-1', manifestMediaTypes.ociIndex, body, { ifMatch: 'sha256:abc' }),
    ).toEqual({
      digest: sha256Digest(body),
      status: 412,
    });
  });

  test('reports the OCI-Subject header of a registry that indexed the subject', async () => {
    nock(origin)
      .put(/\/v2\/app\/manifests\/sha256:.*/)
      .reply(201, '', { 'OCI-Subject': subject });
    const pushed = await client().pushManifest('app', sha256Digest('{}'), manifestMediaTypes.ociManifest, '{}');
    expect(pushed.ociSubject).toBe(subject);
  });

  test('If-None-Match: * for a first index', async () => {
    nock(origin, { reqheaders: { 'if-none-match': '*' } })
      .put('/v2/app/manifests/sha256-1')
      .reply(201);
    expect(
      (await client().pushManifest('app', 'sha256-1', manifestMediaTypes.ociIndex, index(), { ifNoneMatch: true }))
        .status,
    ).toBe(201);
  });
});

describe('pushBlob', () => {
  test('an upload location on another host gets the data but not the registry credentials', async () => {
    const data = Buffer.from('record');
    const digest = sha256Digest(data);
    nock(origin).head(`/v2/app/blobs/${digest}`).reply(404);
    nock(origin)
      .post('/v2/app/blobs/uploads/')
      .reply(202, '', { Location: 'https://uploads.example.net/session/1?state=x' });
    nock('https://uploads.example.net', { badheaders: ['authorization'] })
      .put('/session/1')
      .query({ state: 'x', digest })
      .reply(201);
    expect(await client().pushBlob('app', data)).toBe(digest);
    expect(nock.isDone()).toBe(true);
  });

  test('a blob the repository holds already is not uploaded again', async () => {
    const digest = sha256Digest('record');
    nock(origin).head(`/v2/app/blobs/${digest}`).reply(200);
    expect(await client().pushBlob('app', 'record')).toBe(digest);
    expect(nock.isDone()).toBe(true);
  });
});

describe('blob', () => {
  test('refuses bytes that do not match the digest', async () => {
    const digest = sha256Digest('record');
    nock(origin).get(`/v2/app/blobs/${digest}`).reply(200, 'tampered');
    await expect(client().blob('app', digest)).rejects.toThrow(RegistryError);
  });

  test('refuses a blob larger than asked for, by its length header', async () => {
    const digest = sha256Digest('x'.repeat(100));
    nock(origin).get(`/v2/app/blobs/${digest}`).reply(200, 'x'.repeat(100), { 'Content-Length': '100' });
    await expect(client().blob('app', digest, 10)).rejects.toThrow('more than 10');
  });
});
