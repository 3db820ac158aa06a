import { describe, expect, test } from '@jest/globals';
import type { ScanEvidence } from '../../../action-helpers/evidence.js';
import { manifestDigestsOf, reportMismatch } from '../../../src/scan-image/image.js';
import { parseIgnoreFile, policyHash, type Policy } from '../../../src/scan-image/policy.js';
import { alreadyRecorded, reusableVerdict, type ScanRecord } from '../../../src/scan-image/verdict-store.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const now = new Date('2026-06-15T12:00:00Z');
const policy: Policy = {
  failOn: 'high',
  ignoreUnfixed: false,
  failOnStaleIgnores: false,
  ignores: parseIgnoreFile('- id: CVE-2024-1234\n  reason: r\n  expires: "2026-06-14"\n', 'ignore-file', 'i.yaml'),
};
const hash = policyHash(policy);
const data = (more: Partial<ScanEvidence> = {}): ScanEvidence => ({
  verdict: 'passed',
  policySha256: hash,
  counts: { critical: 0, high: 0, medium: 2, low: 1, unknown: 0, total: 3 },
  sources: ['ecr-basic'],
  ...more,
});
const record = (createdAt: string, more: Partial<ScanEvidence> = {}): ScanRecord => ({
  record: { kind: 'scan', subject: d('a'), createdAt, run: {}, data: data(more) },
  artifactDigest: d('e'),
});

describe('reusableVerdict', () => {
  test('the newest ECR verdict under the same policy hash, within max-age', () => {
    const fresh = record('2026-06-15T10:00:00Z');
    expect(reusableVerdict([fresh], policy, hash, 3 * 3_600_000, now)).toBe(fresh);
  });
  test.each([
    ['older than max-age', record('2026-06-15T08:00:00Z'), 3 * 3_600_000],
    ['max-age 0', record('2026-06-15T11:59:00Z'), 0],
    ['another policy', record('2026-06-15T11:00:00Z', { policySha256: 'f'.repeat(64) }), 3_600_000 * 3],
    ['from reports, not ECR', record('2026-06-15T11:00:00Z', { sources: ['trivy:r.json'] }), 3_600_000 * 3],
    // The exception expired at 2026-06-15T00:00Z: the same policy now gives another verdict.
    ['recorded before an exception expired', record('2026-06-14T23:00:00Z'), 24 * 3_600_000],
    ['from the future', record('2026-06-15T13:00:00Z'), 3_600_000 * 3],
  ])('not reused: %s', (_, candidate, maxAge) => {
    expect(reusableVerdict([candidate], policy, hash, maxAge, now)).toBeUndefined();
  });
});

describe('alreadyRecorded', () => {
  const day = 24 * 3_600_000;
  test('the newest record saying exactly this (sources in any order), within max-age, is not written again', () => {
    const newest = record('2026-06-15T10:00:00Z', { sources: ['grype:g.json', 'trivy:t.json'] });
    expect(alreadyRecorded([newest], data({ sources: ['trivy:t.json', 'grype:g.json'] }), day, now)).toBe(newest);
  });
  test('past max-age (or with max-age 0) the same verdict is recorded again, so the latest record is fresh', () => {
    const newest = record('2026-06-14T10:00:00Z');
    expect(alreadyRecorded([newest], data(), day, now)).toBeUndefined();
    expect(alreadyRecorded([record('2026-06-15T11:59:00Z')], data(), 0, now)).toBeUndefined();
  });
  test('a different verdict, count or source is written', () => {
    const newest = record('2026-06-15T10:00:00Z');
    expect(alreadyRecorded([newest], data({ verdict: 'failed' }), day, now)).toBeUndefined();
    expect(
      alreadyRecorded([newest], data({ counts: { ...data().counts, low: 2, total: 4 } }), day, now),
    ).toBeUndefined();
    expect(alreadyRecorded([newest], data({ sources: ['ecr-enhanced'] }), day, now)).toBeUndefined();
    expect(alreadyRecorded([], data(), day, now)).toBeUndefined();
  });
});

describe('reportMismatch', () => {
  const index = {
    digest: d('1'),
    manifest: {
      digest: d('1'),
      mediaType: 'application/vnd.oci.image.index.v1+json',
      body: '{}',
      manifests: [
        { digest: d('2'), size: 1, platform: { os: 'linux', architecture: 'amd64' } },
        { digest: d('3'), size: 1, platform: { os: 'unknown', architecture: 'unknown' } },
      ],
    },
  };
  const digests = manifestDigestsOf(index);
  test('the index and its platforms (not its attestations) are the image', () => {
    expect(digests).toEqual([d('1'), d('2')]);
  });
  test.each([
    [{ manifestDigests: [d('1')], configDigests: [] }, undefined],
    [{ manifestDigests: [d('2'), d('9')], configDigests: [] }, undefined],
    [{ manifestDigests: [], configDigests: [] }, undefined],
    [{ manifestDigests: [], configDigests: [d('c')] }, undefined],
  ])('%j is about it', (report, expected) => {
    expect(reportMismatch(report, digests, [d('c')])).toBe(expected);
  });
  test.each([
    [{ manifestDigests: [d('3')], configDigests: [] }, /names sha256:3{64}, not this image/],
    [{ manifestDigests: [d('9')], configDigests: [d('c')] }, /names sha256:9{64}/],
    [{ manifestDigests: [], configDigests: [d('8')] }, /names image ID sha256:8{64}/],
  ])('%j is about another image', (report, message) => {
    expect(reportMismatch(report, digests, [d('c')])).toMatch(message);
  });
});
