// The signature checks with keys node makes here; signing through KMS itself is tested against
// moto's KMS in test/integration/evidence.test.ts.
import { describe, expect, test } from '@jest/globals';
import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { algorithmFor, signaturePayload, verifyLocally } from '../../../action-helpers/evidence-signing.js';

const subject = `sha256:${'1'.repeat(64)}`;
const record = `sha256:${'2'.repeat(64)}`;
const payload = signaturePayload(subject, record);

describe('signaturePayload', () => {
  test('names the image and the record blob', () => {
    expect(Buffer.from(payload).toString()).toBe(`eks-delivery-evidence.v1 subject=${subject} record=${record}`);
  });

  test('differs when either digest differs', () => {
    const others = [signaturePayload(`sha256:${'3'.repeat(64)}`, record), signaturePayload(subject, subject)];
    for (const other of others) expect(Buffer.from(other).equals(Buffer.from(payload))).toBe(false);
  });
});

describe('algorithmFor', () => {
  test.each([
    [['ECDSA_SHA_256'], 'ECDSA_SHA_256'],
    [['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_512'], 'RSASSA_PSS_SHA_256'],
    [['ECDSA_SHA_384'], undefined], // ECC_NIST_P384: not one this module signs with
    [['RSASSA_PKCS1_V1_5_SHA_256'], undefined],
    [undefined, undefined],
  ])('%j -> %s', (offered, algorithm) => {
    expect(algorithmFor(offered)).toBe(algorithm);
  });
});

describe('verifyLocally', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ecSignature = sign('sha256', payload, ec.privateKey).toString('base64');
  // KMS signs RSASSA_PSS_SHA_256 with a 32-byte salt; moto with the longest salt the key allows.
  const pss = (saltLength: number) =>
    sign('sha256', payload, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }).toString(
      'base64',
    );

  test('an ECDSA P-256 signature over the payload verifies', () => {
    expect(verifyLocally(ec.publicKey, 'ECDSA_SHA_256', payload, ecSignature)).toBe(true);
  });

  test.each([32, constants.RSA_PSS_SALTLEN_MAX_SIGN])('an RSA-PSS signature with salt %s verifies', (salt) => {
    expect(verifyLocally(rsa.publicKey, 'RSASSA_PSS_SHA_256', payload, pss(salt))).toBe(true);
  });

  test('a signature over another payload, by another key, or under another algorithm does not', () => {
    const other = signaturePayload(subject, subject);
    expect(verifyLocally(ec.publicKey, 'ECDSA_SHA_256', other, ecSignature)).toBe(false);
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(verifyLocally(otherKey.publicKey, 'ECDSA_SHA_256', payload, ecSignature)).toBe(false);
    expect(verifyLocally(ec.publicKey, 'ECDSA_SHA_512', payload, ecSignature)).toBe(false);
    expect(verifyLocally(rsa.publicKey, 'ECDSA_SHA_256', payload, pss(32))).toBe(false);
    const pkcs1 = sign('sha256', payload, rsa.privateKey).toString('base64');
    expect(verifyLocally(rsa.publicKey, 'RSASSA_PSS_SHA_256', payload, pkcs1)).toBe(false);
  });

  test.each(['', 'not base64 at all!', Buffer.from('short').toString('base64')])(
    'a malformed signature %j does not verify (and does not throw)',
    (signature) => {
      expect(verifyLocally(ec.publicKey, 'ECDSA_SHA_256', payload, signature)).toBe(false);
    },
  );
});
