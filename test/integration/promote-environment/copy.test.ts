// promote-environment to another registry: the stack's registry is the source account's, a second
// docker-registry on another loopback port the target account's. The image (a two-platform index)
// goes blob by blob with its evidence; the digest must come out identical, and a second copy must
// move no blob. Within one registry, another repository gets its blobs by cross-repository mount.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RegistryClient } from '../../../action-helpers/registry-api.js';
import { useLocalStack } from '../../support/local-stack.js';
import { parseOutputFile, repoRoot, runAction } from '../../support/run-action.js';
import {
  createEcrRepository,
  deleteEcrRepositories,
  deployment,
  evidenceIn,
  passedScan,
  pushImage,
  pushIndex,
  recordInEcr,
  runId,
  startSecondRegistry,
  tagDigest,
  writeEvidence,
  type SecondRegistry,
} from './stack.js';

let registry: string;
let second: SecondRegistry;
const repository = `pe-copy-${runId}/api`;
const env = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '43', GITHUB_SHA: 'd'.repeat(40) };

beforeAll(async () => {
  const stack = await useLocalStack('aws', 'registry');
  registry = stack.LOCAL_REGISTRY!;
  second = await startSecondRegistry();
  await createEcrRepository(repository);
  await createEcrRepository(`${repository}-mirror`);
}, 300_000);

afterAll(async () => {
  await second?.stop();
  await deleteEcrRepositories();
});

const copyLine = (summary: string) => /Copy: ([^<]*)/.exec(summary)?.[1] ?? '';

describe('another registry', () => {
  test('copies every manifest of an index, its blobs and evidence; the digest is the same; a second copy moves no blob', async () => {
    const index = await pushIndex(registry, repository, `rel-${runId}`);
    await recordInEcr(repository, index, `rel-${runId}`);
    await writeEvidence(registry, repository, index.digest, 'scan', passedScan);
    await writeEvidence(registry, repository, index.digest, 'deployment', deployment('uat'));
    const inputs = {
      repository,
      registry,
      source: `rel-${runId}`,
      'source-environment': 'uat',
      'target-environment': 'prod',
      'target-registry': second.host,
      'target-tags': 'prod\nv2.0.0',
    };

    const first = await runAction('promote-environment', inputs, { env });
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs['image-uri']).toBe(`${second.host}/${repository}@${index.digest}`);
    expect(await tagDigest(second.host, repository, 'prod')).toBe(index.digest);
    expect(await tagDigest(second.host, repository, 'v2.0.0')).toBe(index.digest);
    const target = new RegistryClient(second.host);
    for (const child of index.children)
      expect((await target.manifest(repository, child.digest))?.digest).toBe(child.digest);
    for (const blob of index.blobs) expect(await target.hasBlob(repository, blob)).toBe(true);
    expect(copyLine(first.summary)).toContain(`${index.blobs.length} blob(s) copied (${index.size} bytes), 0 mounted`);
    expect(copyLine(first.summary)).toContain('3 manifest(s) written');
    expect(copyLine(first.summary)).toContain('2 evidence record(s) copied');
    // The image's history travels with it; the promotion is recorded where the image now is.
    const evidence = evidenceIn(second.host, repository);
    expect((await evidence.list(index.digest, 'scan')).map((e) => e.record.data)).toEqual([passedScan]);
    expect((await evidence.list(index.digest, 'deployment')).map((e) => e.record.data.environment)).toEqual(['uat']);
    expect((await evidence.list(index.digest, 'promotion')).map((e) => e.record.data.to)).toEqual(['prod']);

    const again = await runAction('promote-environment', inputs, { env });
    expect(again.exitCode).toBe(0);
    expect(again.outputs.skipped).toBe('true');
    expect(copyLine(again.summary)).toContain(
      '0 blob(s) copied (0 bytes), 0 mounted, 0 already there; 0 manifest(s) written, 1 already there; 0 evidence record(s) copied',
    );
    expect(await evidence.list(index.digest, 'promotion')).toHaveLength(1);
  }, 120_000);

  test('a target registry that is not ECR or a loopback stand-in is refused as an input', async () => {
    const run = await runAction(
      'promote-environment',
      {
        repository,
        registry,
        source: 'x',
        'source-environment': 'uat',
        'target-environment': 'prod',
        'target-registry': 'evil.example.com',
      },
      { env },
    );
    expect(run.outputs['failure-reason']).toBe('invalid-input');
    expect(run.errors).toEqual([expect.stringContaining("Input 'target-registry'")]);
  });
});

describe('another repository of the same registry', () => {
  test('mounts the blobs instead of copying them', async () => {
    const img = await pushImage(registry, repository, `mnt-${runId}`, { layers: 3 });
    await recordInEcr(repository, img, `mnt-${runId}`);
    await writeEvidence(registry, repository, img.digest, 'scan', passedScan);
    await writeEvidence(registry, repository, img.digest, 'deployment', deployment('dev'));
    const run = await runAction(
      'promote-environment',
      {
        repository,
        registry,
        source: img.digest,
        'source-environment': 'dev',
        'target-environment': 'uat',
        'target-repository': `${repository}-mirror`,
      },
      { env },
    );
    expect(run.errors).toEqual([]);
    expect(copyLine(run.summary)).toContain(`0 blob(s) copied (0 bytes), ${img.blobs.length} mounted`);
    expect(await tagDigest(registry, `${repository}-mirror`, 'uat')).toBe(img.digest);
    const kinds = (await evidenceIn(registry, `${repository}-mirror`).list(img.digest)).map((e) => e.record.kind);
    expect(kinds.sort()).toEqual(['deployment', 'promotion', 'scan']);
  }, 60_000);
});

describe('cancel', () => {
  test('SIGTERM during a copy stops it: failure-reason cancelled, the target tag not set', async () => {
    const big = await pushImage(registry, repository, `big-${runId}`, { layers: 2, layerBytes: 64 * 1024 * 1024 });
    await recordInEcr(repository, big, `big-${runId}`);
    const dir = mkdtempSync(path.join(tmpdir(), 'pe-cancel-'));
    const output = path.join(dir, 'output');
    writeFileSync(output, '');
    const inputs = {
      repository,
      registry,
      source: big.digest,
      'source-environment': 'uat',
      'target-environment': 'prod',
      'target-registry': second.host,
      'target-tags': `cancelled-${runId}`,
      'require-scan': 'false',
      'require-deployment': 'false',
    };
    const childEnv: Record<string, string | undefined> = { ...process.env, ...env, GITHUB_OUTPUT: output };
    for (const [name, value] of Object.entries(inputs)) childEnv[`INPUT_${name.toUpperCase()}`] = value;
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist/promote-environment/index.js')], {
      env: childEnv,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // The Deploy group has started: the copy is under way.
      if (stdout.includes('::group::Deploy') && !child.killed) setTimeout(() => child.kill('SIGTERM'), 200);
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(parseOutputFile(readFileSync(output, 'utf8'))['failure-reason']).toBe('cancelled');
    expect(await tagDigest(second.host, repository, `cancelled-${runId}`)).toBeUndefined();
  }, 120_000);
});
