import type { AwsSession } from '../../action-helpers/aws.js';
import { EvidenceStore, kmsSigner, type FoundEvidence, type ScanEvidence } from '../../action-helpers/evidence.js';
import type { RegistryClient } from '../../action-helpers/registry-api.js';
import { isExpired, type Policy } from './policy.js';

/**
 * The gate's verdicts as release evidence (action-helpers/evidence.ts): `scan` records on the image
 * digest, in the registry that holds the image. With a signing key, records are signed with it and
 * only records it signed are trusted when looking for one to reuse.
 */
export type ScanRecord = FoundEvidence<'scan'>;

export function verdictStore(
  session: AwsSession,
  registry: RegistryClient,
  repository: string,
  signingKey?: string,
): EvidenceStore {
  const signer = signingKey ? kmsSigner(session, signingKey) : undefined;
  return new EvidenceStore(registry, repository, { signer, verifier: signer });
}

/** The scan records of the image, newest first. */
export function scanRecords(store: EvidenceStore, digest: string): Promise<ScanRecord[]> {
  return store.list(digest, 'scan');
}

/**
 * A recorded ECR verdict that a re-run may reuse instead of waiting for a scan again: under the same
 * policy hash, from ECR, younger than max-age, and recorded before none of the policy's exceptions
 * expired (an expiry changes the verdict the same policy gives).
 */
export function reusableVerdict(
  records: readonly ScanRecord[],
  policy: Policy,
  policySha256: string,
  maxAgeMs: number,
  now: Date,
): ScanRecord | undefined {
  if (maxAgeMs <= 0) return undefined;
  return records.find(({ record }) => {
    const created = new Date(record.createdAt);
    const age = now.getTime() - created.getTime();
    return (
      record.data.policySha256 === policySha256 &&
      record.data.sources.length > 0 &&
      record.data.sources.every((s) => s.startsWith('ecr-')) &&
      age >= 0 &&
      age <= maxAgeMs &&
      !policy.ignores.some((rule) => isExpired(rule, now) && !isExpired(rule, created))
    );
  });
}

/**
 * The newest record, when it already says exactly this and is younger than max-age: then a re-run
 * writes nothing new. An older one is recorded again, so the latest record's age (what
 * promote-environment's max-scan-age checks) says when the image was last gated.
 */
export function alreadyRecorded(
  records: readonly ScanRecord[],
  data: ScanEvidence,
  maxAgeMs: number,
  now: Date,
): ScanRecord | undefined {
  const newest = records[0];
  if (!newest) return undefined;
  const age = now.getTime() - Date.parse(newest.record.createdAt);
  if (age < 0 || age > maxAgeMs) return undefined;
  return JSON.stringify(canonical(newest.record.data)) === JSON.stringify(canonical(data)) ? newest : undefined;
}

function canonical(data: ScanEvidence): unknown {
  const { critical, high, medium, low, unknown, total } = data.counts;
  return [data.verdict, data.policySha256, [critical, high, medium, low, unknown, total], [...data.sources].sort()];
}
