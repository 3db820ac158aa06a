// The gates fed only by the real bundles: scan-image records the verdict on a Trivy report,
// kubectl-rollout deploys to dev on the local cluster (kube-apiserver with kwok nodes) and records
// the deployment, and promote-environment reads both. A release whose dev rollout was rolled back
// is refused with the rollback record as its evidence.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useLocalStack } from '../../support/local-stack.js';
import { repoRoot, runAction } from '../../support/run-action.js';
import {
  cleanUp,
  connect,
  namespace,
  rollout,
  workload,
  writeManifests,
  type Cluster,
  type WorkloadSpec,
} from '../kubectl-rollout/cluster.js';
import { createEcrRepository, deleteEcrRepositories, evidenceIn, pushImage, recordInEcr, runId } from './stack.js';

const repository = `pe-flow-${runId}/web`;
const placeholder = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
let registry: string;
let cluster: Cluster;
let ns: string;

beforeAll(async () => {
  const env = await useLocalStack('aws', 'registry', 'kube');
  registry = env.LOCAL_REGISTRY!;
  cluster = connect(env.KUBECONFIG ?? '');
  mkdirSync(path.join(cluster.workspace, 'reports'));
  ns = await namespace(cluster, 'promote');
  await createEcrRepository(repository);
}, 30 * 60_000);

afterAll(async () => {
  await cleanUp(cluster);
  await deleteEcrRepositories();
}, 60_000);

/** Built (pushed), scanned by scan-image, deployed to dev by kubectl-rollout. */
async function release(tag: string, template: Partial<WorkloadSpec> = {}) {
  const image = await pushImage(registry, repository, tag);
  await recordInEcr(repository, image, tag);
  const report = readFileSync(path.join(repoRoot, 'test/fixtures/scan-image/trivy-empty.json'), 'utf8');
  writeFileSync(path.join(cluster.workspace, 'reports', `${tag}.json`), report.replaceAll(placeholder, image.digest));
  const scan = await runAction(
    'scan-image',
    { image: `${repository}@${image.digest}`, registry, source: 'report', reports: `reports/${tag}.json` },
    { env: { GITHUB_WORKSPACE: cluster.workspace, RUNNER_TEMP: cluster.workspace }, cwd: cluster.workspace },
  );
  expect(scan.errors).toEqual([]);
  writeManifests(cluster, 'web.yaml', [workload({ name: 'web', image: 'web', ...template })]);
  const deploy = await rollout(cluster, {
    manifests: 'web.yaml',
    namespace: ns,
    images: `web=${registry}/${repository}@${image.digest}`,
    environment: 'dev',
    'record-evidence': 'true',
  });
  return { image, deploy };
}

const promote = (digest: string) =>
  runAction(
    'promote-environment',
    { repository, registry, source: digest, 'source-environment': 'dev', 'target-environment': 'uat' },
    { env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '46' } },
  );

test('scanned and deployed to dev by the real bundles: promoted', async () => {
  const { image, deploy } = await release(`v1-${runId}`);
  expect(deploy.errors).toEqual([]);
  const run = await promote(image.digest);
  expect(run.errors).toEqual([]);
  expect(run.exitCode).toBe(0);
  const [deployed] = await evidenceIn(registry, repository).list(image.digest, 'deployment');
  const gates = JSON.parse(run.outputs.gates!) as { gate: string; evidence: string[] }[];
  expect(gates.find((g) => g.gate === 'deployed')?.evidence[0]).toContain(deployed!.artifactDigest);
}, 300_000);

test('rolled back in dev by kubectl-rollout: gate-not-deployed, naming the rollback record', async () => {
  const { image, deploy } = await release(`v2-${runId}`, { behavior: 'never-ready' });
  expect(deploy.outputs['rolled-back']).toBe('true');
  const run = await promote(image.digest);
  expect(run.outputs['failure-reason']).toBe('gate-not-deployed');
  const [rolledBack] = await evidenceIn(registry, repository).list(image.digest, 'deployment');
  expect(rolledBack!.record.data.result).toBe('rolled-back');
  expect(run.errors[0]).toContain(rolledBack!.artifactDigest);
}, 300_000);
