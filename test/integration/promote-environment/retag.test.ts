// promote-environment in one registry: the stack's registry standing in for ECR (the `registry`
// input), moto's ECR API beside it (PutImage/BatchGetImage/DescribeImages), evidence written in the
// format scan-image and kubectl-rollout write. Each gate is failed on its own.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CreateKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { kmsSigner } from '../../../action-helpers/evidence.js';
import { AwsSession } from '../../../action-helpers/aws.js';
import { useLocalStack } from '../../support/local-stack.js';
import { runAction, type ActionRun } from '../../support/run-action.js';
import {
  createEcrRepository,
  deleteEcrRepositories,
  deployment,
  evidenceIn,
  failedScan,
  passedScan,
  pushImage,
  recordInEcr,
  runId,
  tagDigest,
  writeEvidence,
  type PushedImage,
} from './stack.js';

let registry: string;
const repository = `pe-${runId}/api`;
const env = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '42', GITHUB_SHA: 'c'.repeat(40) };

const promote = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction(
    'promote-environment',
    {
      repository,
      registry,
      'source-environment': 'dev',
      'target-environment': 'uat',
      ...inputs,
    },
    { env },
  );

/** An image in the registry and in ECR, tagged `tag`, with the evidence given. */
async function image(
  tag: string,
  evidence: { scan?: typeof passedScan; deployed?: string[] } = {},
): Promise<PushedImage> {
  const pushed = await pushImage(registry, repository, tag);
  await recordInEcr(repository, pushed, tag);
  if (evidence.scan) await writeEvidence(registry, repository, pushed.digest, 'scan', evidence.scan);
  for (const result of evidence.deployed ?? []) {
    await writeEvidence(registry, repository, pushed.digest, 'deployment', deployment('dev', result as 'succeeded'));
  }
  return pushed;
}

async function ecrTags(digest: string): Promise<string[]> {
  const images = await new ECRClient({}).send(
    new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageDigest: digest }] }),
  );
  return [...(images.imageDetails?.[0]?.imageTags ?? [])].sort();
}

beforeAll(async () => {
  const stack = await useLocalStack('aws', 'registry');
  registry = stack.LOCAL_REGISTRY!;
  await createEcrRepository(repository, 'MUTABLE');
  await createEcrRepository(`${repository}-immutable`, 'IMMUTABLE');
}, 300_000);

afterAll(async () => {
  await deleteEcrRepositories();
});

describe('same registry: a retag through the ECR API', () => {
  test('promotes by digest, records the promotion, and a re-run changes nothing', async () => {
    const img = await image(`build-${runId}`, { scan: passedScan, deployed: ['succeeded'] });
    const first = await promote({ source: `build-${runId}`, 'target-tags': 'uat\nv1.2.3' });
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs.digest).toBe(img.digest);
    expect(first.outputs['image-uri']).toBe(`${registry}/${repository}@${img.digest}`);
    expect(JSON.parse(first.outputs['promoted-tags']!)).toEqual(['uat', 'v1.2.3']);
    expect(first.outputs.skipped).toBe('false');
    const gates = JSON.parse(first.outputs.gates!) as { gate: string; status: string }[];
    expect(gates.map((g) => [g.gate, g.status])).toEqual([
      ['image-exists', 'passed'],
      ['scanned', 'passed'],
      ['deployed', 'passed'],
      ['soak', 'off'],
      ['signed', 'off'],
    ]);
    // ECR's view (PutImage with the same bytes) and the registry's agree on the digest.
    expect(await ecrTags(img.digest)).toEqual([`build-${runId}`, 'uat', 'v1.2.3']);
    expect(await tagDigest(registry, repository, 'uat')).toBe(img.digest);
    const records = await evidenceIn(registry, repository).list(img.digest, 'promotion');
    expect(records.map((r) => r.record.data)).toEqual([
      {
        from: 'dev',
        to: 'uat',
        tags: ['uat', 'v1.2.3'],
        sourceImage: `${registry}/${repository}@${img.digest}`,
        targetImage: `${registry}/${repository}@${img.digest}`,
      },
    ]);
    expect(records[0]!.artifactDigest).toBe(first.outputs['evidence-record']);
    expect(first.summary).toContain('Gates');
    expect(first.summary).toContain('latest scan passed');

    const again = await promote({ source: img.digest, 'target-tags': 'uat,v1.2.3' });
    expect(again.exitCode).toBe(0);
    expect(again.outputs.skipped).toBe('true');
    expect(again.outputs['evidence-record']).toBe(first.outputs['evidence-record']);
    expect(await evidenceIn(registry, repository).list(img.digest, 'promotion')).toHaveLength(1);
  }, 60_000);

  test('dry-run evaluates the gates and changes nothing', async () => {
    const img = await image(`dry-${runId}`, { scan: passedScan, deployed: ['succeeded'] });
    const run = await promote({ source: `dry-${runId}`, 'target-tags': `dry-target-${runId}`, 'dry-run': 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`[dry-run] would tag ${registry}/${repository} dry-target-${runId}`);
    expect(await tagDigest(registry, repository, `dry-target-${runId}`)).toBeUndefined();
    expect(await ecrTags(img.digest)).toEqual([`dry-${runId}`]);
    expect(await evidenceIn(registry, repository).list(img.digest, 'promotion')).toEqual([]);
  }, 60_000);

  test('an immutable tag that names another image is a tag-conflict, before any change', async () => {
    const immutable = `${repository}-immutable`;
    // What build-push-ecr leaves with the `registry` input: the tag in the registry, recorded in ECR.
    const old = await pushImage(registry, immutable, 'uat');
    await recordInEcr(immutable, old, 'uat');
    const img = await pushImage(registry, immutable, `new-${runId}`);
    await recordInEcr(immutable, img, `new-${runId}`);
    await writeEvidence(registry, immutable, img.digest, 'scan', passedScan);
    await writeEvidence(registry, immutable, img.digest, 'deployment', deployment('dev'));
    const run = await promote({ repository: immutable, source: `new-${runId}`, 'target-tags': 'uat' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('tag-conflict');
    expect(run.errors[0]).toContain(`already points at ${old.digest}`);
  }, 60_000);
});

describe('each gate fails on its own, naming the evidence it looked at', () => {
  const cases: [string, () => Promise<{ tag: string; inputs?: Record<string, string> }>, string, RegExp][] = [
    ['no such image', async () => ({ tag: `missing-${runId}` }), 'image-not-found', /is not in the registry/],
    [
      'never scanned',
      async () => (await image(`unscanned-${runId}`, { deployed: ['succeeded'] }), { tag: `unscanned-${runId}` }),
      'gate-not-scanned',
      /no scan record/,
    ],
    [
      'scan failed',
      async () => (
        await image(`vulnerable-${runId}`, { scan: failedScan, deployed: ['succeeded'] }),
        { tag: `vulnerable-${runId}` }
      ),
      'gate-scan-failed',
      /verdict is failed \(critical 1, high 2/,
    ],
    [
      'never deployed to dev',
      async () => (await image(`undeployed-${runId}`, { scan: passedScan }), { tag: `undeployed-${runId}` }),
      'gate-not-deployed',
      /no deployment record for this digest in dev/,
    ],
    [
      'rolled back in dev since it was deployed',
      async () => (
        await image(`rolledback-${runId}`, { scan: passedScan, deployed: ['succeeded', 'rolled-back'] }),
        { tag: `rolledback-${runId}` }
      ),
      'gate-not-deployed',
      /was rolled back/,
    ],
    [
      'not soaked long enough',
      async () => (
        await image(`fresh-${runId}`, { scan: passedScan, deployed: ['succeeded'] }),
        { tag: `fresh-${runId}`, inputs: { 'min-soak-time': '1h' } }
      ),
      'gate-soak',
      /less than min-soak-time 1h/,
    ],
  ];

  test.each(cases)(
    '%s',
    async (_name, arrange, reason, message) => {
      const { tag, inputs } = await arrange();
      const run = await promote({ source: tag, 'target-tags': `blocked-${runId}`, ...inputs });
      expect(run.exitCode).toBe(1);
      expect(run.outputs['failure-reason']).toBe(reason);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(message);
      if (reason !== 'image-not-found') expect(run.errors[0]).toContain('Evidence looked at');
      expect(await tagDigest(registry, repository, `blocked-${runId}`)).toBeUndefined();
      expect(run.summary).toContain(reason);
    },
    60_000,
  );
});

describe('evidence-signing-key (KMS Sign/Verify in moto)', () => {
  let keyId: string;
  beforeAll(async () => {
    const key = await new KMSClient({}).send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    );
    keyId = key.KeyMetadata!.KeyId!;
  });
  afterAll(async () => {
    await new KMSClient({})
      .send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
      .catch(() => undefined);
  });

  test('unsigned records do not count: gate-unsigned', async () => {
    await image(`unsigned-${runId}`, { scan: passedScan, deployed: ['succeeded'] });
    const run = await promote({
      source: `unsigned-${runId}`,
      'target-tags': `signed-${runId}`,
      'evidence-signing-key': keyId,
    });
    expect(run.outputs['failure-reason']).toBe('gate-unsigned');
    expect(run.errors[0]).toContain(`none signed by ${keyId}`);
  }, 60_000);

  test('records signed by the key pass, and the promotion record is signed too', async () => {
    const signer = kmsSigner(new AwsSession(process.env.AWS_REGION!), keyId);
    const img = await pushImage(registry, repository, `signed-src-${runId}`);
    await recordInEcr(repository, img, `signed-src-${runId}`);
    await writeEvidence(registry, repository, img.digest, 'scan', passedScan, signer);
    await writeEvidence(registry, repository, img.digest, 'deployment', deployment('dev'), signer);
    const run = await promote({ source: img.digest, 'target-tags': `signed-${runId}`, 'evidence-signing-key': keyId });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const { EvidenceStore } = await import('../../../action-helpers/evidence.js');
    const { RegistryClient } = await import('../../../action-helpers/registry-api.js');
    const verified = await new EvidenceStore(new RegistryClient(registry), repository, { verifier: signer }).list(
      img.digest,
      'promotion',
    );
    expect(verified).toHaveLength(1);
    expect(verified[0]!.signedBy).toContain(keyId);
  }, 60_000);
});

describe('inputs', () => {
  test('a bad value is one error naming the input, before anything happens', async () => {
    const run = await promote({ source: '--upload-pack=evil', 'target-tags': 'uat' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('invalid-input');
    expect(run.errors).toEqual([expect.stringContaining("Input 'source'")]);
    expect(run.stdout).not.toContain('    at ');
  });
});
