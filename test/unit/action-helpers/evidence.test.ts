import { describe, expect, test } from '@jest/globals';
import {
  addReferrers,
  annotations,
  buildArtifact,
  dataProblem,
  emptyConfig,
  evidenceArtifactType,
  parseRecord,
  recordProblem,
  referrerDescriptor,
  referrersTag,
  runContext,
  selectReferrers,
  type EvidenceKind,
  type EvidenceRecord,
} from '../../../action-helpers/evidence.js';
import { manifestMediaTypes, nextLink, sha256Digest } from '../../../action-helpers/registry-api.js';

const image = `sha256:${'1'.repeat(64)}`;
const other = `sha256:${'2'.repeat(64)}`;
const imageDescriptor = { digest: image, mediaType: manifestMediaTypes.ociManifest, size: 512 };

const samples: { [K in EvidenceKind]: EvidenceRecord<K>['data'] } = {
  scan: {
    verdict: 'passed',
    policySha256: 'f'.repeat(64),
    counts: { critical: 0, high: 0, medium: 2, low: 1, unknown: 0, total: 3 },
    sources: ['ecr-basic'],
  },
  deployment: {
    environment: 'dev',
    cluster: 'dev-eks',
    namespace: 'shop',
    workloads: [{ kind: 'Deployment', name: 'web', namespace: 'shop' }],
    result: 'succeeded',
  },
  promotion: { from: 'dev', to: 'uat', tags: ['uat'], sourceImage: 'a/b@' + image, targetImage: 'c/d@' + image },
  build: { commit: 'c'.repeat(40), repository: 'acme/shop' },
};

const record = <K extends EvidenceKind>(kind: K, subject = image): EvidenceRecord<K> => ({
  kind,
  subject,
  createdAt: '2026-12-01T00:00:00.000Z',
  run: { repository: 'acme/shop', runId: '7' },
  data: samples[kind] as EvidenceRecord<K>['data'],
});

describe('runContext', () => {
  test('takes what the runner sets and links the run attempt', () => {
    expect(
      runContext({
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: '123',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_SERVER_URL: 'https://ghe.example.com',
        GITHUB_SHA: 'abc',
        GITHUB_ACTOR: 'octocat',
        GITHUB_WORKFLOW: 'deliver',
      }),
    ).toEqual({
      repository: 'acme/shop',
      runId: '123',
      runAttempt: '2',
      url: 'https://ghe.example.com/acme/shop/actions/runs/123/attempts/2',
      commit: 'abc',
      actor: 'octocat',
      workflow: 'deliver',
    });
  });

  test('leaves out what is not set (a run outside GitHub)', () => {
    expect(runContext({})).toEqual({});
    expect(runContext({ GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '5' })).toEqual({
      repository: 'acme/shop',
      runId: '5',
      url: 'https://github.com/acme/shop/actions/runs/5',
    });
  });
});

describe('record validation', () => {
  test.each(Object.keys(samples) as EvidenceKind[])('a well formed %s record passes', (kind) => {
    expect(recordProblem(record(kind))).toBeUndefined();
  });

  test.each([
    ['scan', { ...samples.scan, verdict: 'maybe' }, 'data.verdict'],
    ['scan', { ...samples.scan, policySha256: 'not-hex' }, 'data.policySha256'],
    ['scan', { ...samples.scan, counts: { ...samples.scan.counts, high: -1 } }, 'data.counts'],
    ['scan', { ...samples.scan, counts: { ...samples.scan.counts, low: 1.5 } }, 'data.counts'],
    ['scan', { ...samples.scan, sources: 'ecr' }, 'data.sources'],
    ['deployment', { ...samples.deployment, result: 'ok' }, 'data.result'],
    ['deployment', { ...samples.deployment, workloads: [{ kind: 'Deployment' }] }, 'data.workloads'],
    ['deployment', { ...samples.deployment, environment: '' }, 'data.environment'],
    ['promotion', { ...samples.promotion, tags: [1] }, 'data.tags'],
    ['build', { repository: 'acme/shop' }, 'data.commit'],
    ['build', { ...samples.build, ref: 3 }, 'data.ref'],
    ['build', 'commit', 'data is not an object'],
  ] as [EvidenceKind, unknown, string][])('%s data %j: %s', (kind, data, problem) => {
    expect(dataProblem(kind, data)).toContain(problem);
  });

  test.each([
    [null, 'not a JSON object'],
    [{ ...record('scan'), kind: 'audit' }, 'unknown kind'],
    [{ ...record('scan'), subject: 'latest' }, 'subject'],
    [{ ...record('scan'), subject: `sha256:${'A'.repeat(64)}` }, 'subject'],
    [{ ...record('scan'), createdAt: 'yesterday' }, 'createdAt'],
    [{ ...record('scan'), run: { runId: 7 } }, 'run'],
    [{ ...record('scan'), data: undefined }, 'data'],
  ])('%j is refused: %s', (value, problem) => {
    expect(recordProblem(value)).toContain(problem);
  });

  test('parseRecord keeps a record about the digest asked for, of the kind asked for', () => {
    const bytes = Buffer.from(JSON.stringify(record('scan')));
    expect(parseRecord(bytes, { subject: image, kind: 'scan' })).toEqual({ record: record('scan') });
    expect(parseRecord(bytes, { subject: image })).toEqual({ record: record('scan') });
    expect(parseRecord(bytes, { subject: other })).toEqual({ problem: `the record is about ${image}` });
    expect(parseRecord(bytes, { subject: image, kind: 'deployment' })).toEqual({
      problem: 'the record is of kind scan',
    });
    expect(parseRecord(Buffer.from('{"kind":'), { subject: image })).toEqual({ problem: 'the record is not JSON' });
  });
});

describe('artifact format', () => {
  test('one layer holding the record, the empty config, the image as subject, annotations to list by', () => {
    const artifact = buildArtifact(record('scan'), imageDescriptor);
    const manifest = JSON.parse(artifact.manifest);
    expect(manifest).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.eks-delivery.evidence.v1+json',
      config: emptyConfig,
      layers: [
        {
          mediaType: 'application/vnd.eks-delivery.evidence.scan.v1+json',
          digest: artifact.blobDigest,
          size: Buffer.byteLength(artifact.blob),
          annotations: { 'org.opencontainers.image.title': 'scan.json' },
        },
      ],
      subject: imageDescriptor,
      annotations: {
        'org.opencontainers.image.created': '2026-12-01T00:00:00.000Z',
        'vnd.eks-delivery.evidence.kind': 'scan',
        'vnd.eks-delivery.evidence.record': artifact.blobDigest,
      },
    });
    expect(JSON.parse(artifact.blob)).toEqual(record('scan'));
    expect(artifact.blobDigest).toBe(sha256Digest(artifact.blob));
    expect(artifact.manifestDigest).toBe(sha256Digest(artifact.manifest));
  });

  test('the empty config descriptor is the digest of {}', () => {
    expect(emptyConfig.digest).toBe(sha256Digest('{}'));
    expect(emptyConfig.size).toBe(2);
  });

  test('a signature goes into the annotations, so the referrers list carries it', () => {
    const signature = {
      signature: 'c2ln',
      keyId: 'arn:aws:kms:us-east-1:111122223333:key/k',
      algorithm: 'ECDSA_SHA_256',
    };
    const artifact = buildArtifact(record('deployment'), imageDescriptor, signature);
    expect(JSON.parse(artifact.manifest).annotations).toMatchObject({
      [annotations.signature]: 'c2ln',
      [annotations.signatureKey]: signature.keyId,
      [annotations.signatureAlgorithm]: 'ECDSA_SHA_256',
    });
    expect(JSON.parse(artifact.manifest).layers[0].mediaType).toBe(
      'application/vnd.eks-delivery.evidence.deployment.v1+json',
    );
  });

  test('the same record gives the same bytes (a re-push is a no-op)', () => {
    expect(buildArtifact(record('build'), imageDescriptor)).toEqual(buildArtifact(record('build'), imageDescriptor));
  });

  test('a referrer descriptor carries the artifact type and annotations, as the referrers API lists them', () => {
    const artifact = buildArtifact(record('scan'), imageDescriptor);
    expect(referrerDescriptor(artifact.manifest)).toEqual({
      mediaType: manifestMediaTypes.ociManifest,
      digest: artifact.manifestDigest,
      size: Buffer.byteLength(artifact.manifest),
      artifactType: evidenceArtifactType,
      annotations: JSON.parse(artifact.manifest).annotations,
    });
  });

  test('the referrers tag schema names the index after the digest', () => {
    expect(referrersTag(image)).toBe(`sha256-${'1'.repeat(64)}`);
  });
});

describe('referrers index (tag schema fallback)', () => {
  const a = { mediaType: manifestMediaTypes.ociManifest, digest: `sha256:${'a'.repeat(64)}`, size: 10 };
  const b = { mediaType: manifestMediaTypes.ociManifest, digest: `sha256:${'b'.repeat(64)}`, size: 20 };

  test('a first referrer makes a new index', () => {
    expect(JSON.parse(addReferrers(undefined, [a])!)).toEqual({
      schemaVersion: 2,
      mediaType: manifestMediaTypes.ociIndex,
      manifests: [a],
    });
  });

  test("adds after what is there, keeping other writers' entries and fields", () => {
    const current = JSON.stringify({
      schemaVersion: 2,
      mediaType: manifestMediaTypes.ociIndex,
      manifests: [{ ...b, artifactType: 'application/vnd.dev.sigstore.bundle+json' }],
      annotations: { kept: 'yes' },
    });
    expect(JSON.parse(addReferrers(current, [a])!)).toEqual({
      schemaVersion: 2,
      mediaType: manifestMediaTypes.ociIndex,
      manifests: [{ ...b, artifactType: 'application/vnd.dev.sigstore.bundle+json' }, a],
      annotations: { kept: 'yes' },
    });
  });

  test('nothing to write when every referrer is listed already', () => {
    const current = addReferrers(undefined, [a, b]);
    expect(addReferrers(current, [b])).toBeUndefined();
    expect(addReferrers(current, [a, b])).toBeUndefined();
  });

  test('an index with no manifests field is still added to', () => {
    expect(JSON.parse(addReferrers('{"schemaVersion":2}', [a])!).manifests).toEqual([a]);
  });
});

describe('selectReferrers', () => {
  const descriptor = (
    digest: string,
    kind: string | undefined,
    created: string,
    artifactType = evidenceArtifactType,
  ) => ({
    mediaType: manifestMediaTypes.ociManifest,
    digest,
    size: 1,
    artifactType,
    annotations: kind ? { [annotations.kind]: kind, [annotations.created]: created } : undefined,
  });

  test('evidence of the kind asked for, newest first; other artifacts left out', () => {
    const found = selectReferrers(
      [
        descriptor('old-scan', 'scan', '2026-01-01T00:00:00Z'),
        descriptor('signature', undefined, '', 'application/vnd.dev.cosign.artifact.sig.v1+json'),
        descriptor('new-scan', 'scan', '2026-03-01T00:00:00Z'),
        descriptor('deploy', 'deployment', '2026-02-01T00:00:00Z'),
      ],
      'scan',
    );
    expect(found.map((d) => d.digest)).toEqual(['new-scan', 'old-scan']);
  });

  test('every kind when none is asked for; an entry without annotations is kept for a closer look', () => {
    const found = selectReferrers([
      descriptor('scan', 'scan', '2026-01-01T00:00:00Z'),
      descriptor('bare', undefined, ''),
      descriptor('deploy', 'deployment', '2026-02-01T00:00:00Z'),
    ]);
    expect(found.map((d) => d.digest)).toEqual(['deploy', 'scan', 'bare']);
    expect(selectReferrers([descriptor('bare', undefined, '')], 'scan').map((d) => d.digest)).toEqual(['bare']);
  });

  test("a registry that lists the config's media type as artifactType still finds evidence by its annotations", () => {
    const found = selectReferrers(
      [
        descriptor('scan', 'scan', '2026-01-01T00:00:00Z', emptyConfig.mediaType),
        descriptor('unknown', undefined, '', emptyConfig.mediaType),
        descriptor('sbom', undefined, '', 'application/spdx+json'),
        { ...descriptor('index', 'scan', '2026-01-01T00:00:00Z'), mediaType: manifestMediaTypes.ociIndex },
      ],
      'scan',
    );
    expect(found.map((d) => d.digest)).toEqual(['scan', 'unknown']);
  });
});

describe('nextLink', () => {
  test.each([
    ['</v2/r/referrers/sha256:x?n=2&last=y>; rel="next"', '/v2/r/referrers/sha256:x?n=2&last=y'],
    ['<https://reg.example/v2/r/tags/list?last=b>; rel=next', 'https://reg.example/v2/r/tags/list?last=b'],
    ['</v2/r/tags/list?last=b>; rel="prev"', undefined],
    [null, undefined],
  ])('%s -> %s', (header, next) => {
    expect(nextLink(header)).toBe(next);
  });
});
