// The ECR API path of a retag (no stand-in registry), against moto: PutImage with the exact bytes,
// and the read-back that catches what PutImage does not say. moto answers a PutImage that would move
// an IMMUTABLE tag with ImageAlreadyExistsException, which putImageTags takes as "already tagged":
// only reading the tag back shows it still names the other image.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { ECRClient } from '@aws-sdk/client-ecr';
import { RegistryClient } from '../../../action-helpers/registry-api.js';
import { readTagStates, retag } from '../../../src/promote-environment/promote.js';
import type { RegistryEnd } from '../../../src/promote-environment/registries.js';
import { useLocalStack } from '../../support/local-stack.js';
import { createEcrRepository, deleteEcrRepositories, recordInEcr, runId } from './stack.js';

const manifest = (seed: string) => {
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${seed.repeat(64)}`, size: 2 },
    layers: [],
  });
  return {
    body,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: `sha256:${createHash('sha256').update(body).digest('hex')}`,
  };
};

const end = (repository: string): RegistryEnd => ({
  host: 'ecr',
  repository,
  client: new RegistryClient('127.0.0.1:1'),
  ecr: new ECRClient({}),
  evidence: undefined as never,
});

beforeAll(async () => {
  await useLocalStack('aws');
  await createEcrRepository(`pe-api-${runId}/mutable`, 'MUTABLE');
  await createEcrRepository(`pe-api-${runId}/immutable`, 'IMMUTABLE');
}, 300_000);

afterAll(async () => {
  await deleteEcrRepositories();
});

test('tags the digest with the same bytes; ECR reads them back', async () => {
  const repository = `pe-api-${runId}/mutable`;
  const image = manifest('a');
  await recordInEcr(repository, image, 'build');
  await retag(end(repository), { ...image }, ['uat', 'v1'], false);
  expect(await readTagStates(end(repository), ['build', 'uat', 'v1'], true)).toEqual([
    { tag: 'build', digest: image.digest },
    { tag: 'uat', digest: image.digest },
    { tag: 'v1', digest: image.digest },
  ]);
});

test('an immutable tag that PutImage did not move is a tag-conflict', async () => {
  const repository = `pe-api-${runId}/immutable`;
  const old = manifest('b');
  const img = manifest('c');
  await recordInEcr(repository, old, 'uat');
  await recordInEcr(repository, img, 'build');
  await expect(retag(end(repository), img, ['uat'], false)).rejects.toMatchObject({
    reason: 'tag-conflict',
    message: expect.stringContaining(`points at ${old.digest}`),
  });
});
