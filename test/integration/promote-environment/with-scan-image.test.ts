// The scan gate fed by the real scan-image bundle: its verdict on a Trivy report, recorded as evidence
// on the digest, is what promote-environment reads. (Deployment records are written through
// action-helpers/evidence.ts, in the format kubectl-rollout writes: its bundle needs the cluster.)
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useLocalStack } from '../../support/local-stack.js';
import { repoRoot, runAction } from '../../support/run-action.js';
import {
  createEcrRepository,
  deleteEcrRepositories,
  deployment,
  pushImage,
  recordInEcr,
  runId,
  writeEvidence,
} from './stack.js';

const repository = `pe-scan-${runId}/api`;
const placeholder = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
let registry: string;
let workspace: string;

beforeAll(async () => {
  registry = (await useLocalStack('aws', 'registry')).LOCAL_REGISTRY!;
  workspace = mkdtempSync(path.join(tmpdir(), 'pe-scan-'));
  mkdirSync(path.join(workspace, 'reports'));
  await createEcrRepository(repository);
}, 300_000);

afterAll(async () => {
  rmSync(workspace, { recursive: true, force: true });
  await deleteEcrRepositories();
});

async function scannedImage(tag: string, fixture: string) {
  const image = await pushImage(registry, repository, tag);
  await recordInEcr(repository, image, tag);
  const report = readFileSync(path.join(repoRoot, 'test/fixtures/scan-image', fixture), 'utf8').replaceAll(
    placeholder,
    image.digest,
  );
  writeFileSync(path.join(workspace, 'reports', `${tag}.json`), report);
  const scan = await runAction(
    'scan-image',
    { image: `${repository}@${image.digest}`, registry, source: 'report', reports: `reports/${tag}.json` },
    { env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace }, cwd: workspace },
  );
  await writeEvidence(registry, repository, image.digest, 'deployment', deployment('dev'));
  return { image, scan };
}

const promote = (source: string) =>
  runAction(
    'promote-environment',
    { repository, registry, source, 'source-environment': 'dev', 'target-environment': 'uat' },
    { env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '45' } },
  );

test('a clean report passes the scan gate', async () => {
  const { image, scan } = await scannedImage(`clean-${runId}`, 'trivy-empty.json');
  expect(scan.outputs.passed).toBe('true');
  const run = await promote(image.digest);
  expect(run.errors).toEqual([]);
  expect(run.summary).toContain('latest scan passed');
}, 120_000);

test('a report with high findings fails it: gate-scan-failed', async () => {
  const { image, scan } = await scannedImage(`vulnerable-${runId}`, 'trivy.json');
  expect(scan.outputs['failure-reason']).toBeDefined();
  const run = await promote(image.digest);
  expect(run.outputs['failure-reason']).toBe('gate-scan-failed');
  expect(run.errors[0]).toContain(`critical ${scan.outputs.critical}, high ${scan.outputs.high}`);
}, 120_000);
