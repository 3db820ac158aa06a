import { createPublicKey, verify as verifySignature, constants, type KeyObject } from 'node:crypto';
import {
  DescribeKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import type { AwsSession } from './aws.js';
import { ActionFailure } from './errors.js';

/**
 * Signatures over release evidence with an AWS KMS asymmetric key. What is signed is a short
 * statement naming the image and the record blob's digest (`signaturePayload`), so a signature
 * cannot be moved to another image or another record.
 *
 * KMS signs it with MessageType RAW (KMS hashes the payload with SHA-256 itself). Not DIGEST: moto
 * ignores MessageType and signs whatever it is given as a message, so a pre-hashed digest would be
 * signed one way on AWS and another on the local stack; RAW is one signature on both, which the
 * local public key verifies.
 *
 * Verification is local, with the public key from one GetPublicKey call (node:crypto), not a KMS
 * Verify call per record: listing 50 records costs one KMS request instead of 50, stays clear of
 * KMS's per-second quota for asymmetric operations, and needs only kms:GetPublicKey.
 */

export interface EvidenceSignature {
  /** base64 */
  signature: string;
  /** The key that signed, as KMS names it (its ARN). */
  keyId: string;
  /** A KMS signing algorithm: ECDSA_SHA_256 or RSASSA_PSS_SHA_256. */
  algorithm: string;
}

export interface EvidenceSigner {
  /** The key as it was given (id, ARN or alias). */
  readonly keyId: string;
  sign(payload: Uint8Array): Promise<EvidenceSignature>;
  /** The key's ARN when the signature is this key's over the payload, otherwise undefined. */
  verify(payload: Uint8Array, signature: EvidenceSignature): Promise<string | undefined>;
}

/** What a record's signature covers: the image digest and the record blob's digest. */
export function signaturePayload(subject: string, recordDigest: string): Uint8Array {
  return Buffer.from(`eks-delivery-evidence.v1 subject=${subject} record=${recordDigest}`, 'utf8');
}

/** The algorithms used, by preference: one per key type, each with SHA-256. */
const algorithms = ['ECDSA_SHA_256', 'RSASSA_PSS_SHA_256'] as const;

/** The signing algorithm for a key, from the algorithms KMS says it offers. */
export function algorithmFor(offered: readonly string[] | undefined): (typeof algorithms)[number] | undefined {
  return algorithms.find((a) => offered?.includes(a));
}

/** Checks a signature locally with the key's public key. */
export function verifyLocally(
  publicKey: KeyObject,
  algorithm: string,
  payload: Uint8Array,
  signature: string,
): boolean {
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length === 0) return false;
  try {
    if (algorithm === 'ECDSA_SHA_256') return verifySignature('sha256', payload, publicKey, bytes);
    if (algorithm === 'RSASSA_PSS_SHA_256') {
      // AWS uses a salt as long as the digest, moto the longest possible: AUTO accepts either.
      return verifySignature(
        'sha256',
        payload,
        { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
        bytes,
      );
    }
  } catch {
    return false; // a malformed signature
  }
  return false;
}

interface KeyFacts {
  arn: string;
  algorithm: (typeof algorithms)[number];
  publicKey: KeyObject;
}

/** A signer and verifier backed by a KMS asymmetric key (ECC_NIST_P256 or RSA, usage SIGN_VERIFY). */
export function kmsSigner(session: AwsSession, keyId: string): EvidenceSigner {
  let facts: Promise<KeyFacts> | undefined;
  const keyFacts = (): Promise<KeyFacts> => {
    facts ??= describe(session.client(KMSClient), keyId);
    facts.catch(() => (facts = undefined)); // a failed look-up is tried again next time
    return facts;
  };
  return {
    keyId,
    async sign(payload) {
      const { algorithm } = await keyFacts();
      const response = await session
        .client(KMSClient)
        .send(new SignCommand({ KeyId: keyId, Message: payload, MessageType: 'RAW', SigningAlgorithm: algorithm }));
      if (!response.Signature) throw new Error(`KMS Sign with ${keyId} returned no signature`);
      return {
        signature: Buffer.from(response.Signature).toString('base64'),
        keyId: response.KeyId ?? (await keyFacts()).arn,
        algorithm,
      };
    },
    async verify(payload, signature) {
      const { arn, algorithm, publicKey } = await keyFacts();
      // Only the algorithm this key signs with: never one the (untrusted) artifact asks for.
      if (signature.algorithm !== algorithm) return undefined;
      return verifyLocally(publicKey, algorithm, payload, signature.signature) ? arn : undefined;
    },
  };
}

async function describe(kms: KMSClient, keyId: string): Promise<KeyFacts> {
  const key = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  const algorithm = algorithmFor(key.SigningAlgorithms as SigningAlgorithmSpec[] | undefined);
  if (key.KeyUsage !== 'SIGN_VERIFY' || !algorithm || !key.PublicKey) {
    throw new ActionFailure(
      `KMS key ${keyId} cannot sign evidence: it needs KeyUsage SIGN_VERIFY and a key spec signing with ${algorithms.join(' or ')} (ECC_NIST_P256 or RSA_*), not ${key.KeyUsage ?? 'unknown usage'} with ${(key.SigningAlgorithms ?? []).join(', ') || 'no signing algorithm'}.`,
      'evidence-failed',
    );
  }
  const publicKey = createPublicKey({ key: Buffer.from(key.PublicKey), format: 'der', type: 'spki' });
  // AWS answers with the key's ARN; moto with its bare id, whose ARN DescribeKey gives.
  let arn = key.KeyId ?? keyId;
  if (!arn.startsWith('arn:')) arn = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.Arn ?? arn;
  return { arn, algorithm, publicKey };
}
