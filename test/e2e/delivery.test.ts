import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The delivery flow end to end, as a user runs it: `npm run demo` drives the sample service's own
 * workflow through act against the local stack, one act run per environment. These tests run the
 * demo itself and then look at the cluster and the registry's evidence.
 */
interface EnvironmentStatus {
  environment: string;
  digest?: string;
  ready: string;
  evidence: { kind: string; subject: string; data: Record<string, unknown> }[];
}
interface DemoResult {
  status: number | null;
  output: string;
  reached: string;
  environments: Record<string, EnvironmentStatus>;
}

const demoDir = mkdtempSync(path.join(tmpdir(), 'e2e-demo-'));
const statusFile = path.join(demoDir, 'status.json');

function demo(...args: string[]): DemoResult {
  const result = spawnSync(process.execPath, ['scripts/demo.mjs', '--no-color', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DEMO_DIR: demoDir, DEMO_STATUS_FILE: statusFile },
    timeout: 1_500_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const { reached, status } = JSON.parse(readFileSync(statusFile, 'utf8')) as {
    reached: string;
    status: EnvironmentStatus[];
  };
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}`,
    reached,
    environments: Object.fromEntries(status.map((s) => [s.environment, s])),
  };
}

const kinds = (s: EnvironmentStatus) => s.evidence.map((r) => r.kind);

let first: DemoResult;
beforeAll(() => {
  first = demo('--fresh', '--approve');
}, 1_500_000);
afterAll(() => rmSync(demoDir, { recursive: true, force: true }));

describe('npm run demo', () => {
  test('delivers the sample service to dev, UAT and prod', () => {
    if (first.status !== 0) console.log(first.output.slice(-20_000));
    expect(first.status).toBe(0);
    expect(first.reached).toBe('prod');
    for (const environment of ['dev', 'uat', 'prod']) {
      expect(first.environments[environment]!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(first.environments[environment]!.ready).toMatch(/^(\d+)\/\1$/);
    }
  });

  test('the same digest runs in every environment: built once, promoted, never rebuilt', () => {
    const digests = new Set(['dev', 'uat', 'prod'].map((e) => first.environments[e]!.digest));
    expect(digests.size).toBe(1);
  });

  test('the evidence beside the digest: a build, a passing scan, a deployment and promotion per environment', () => {
    const prod = first.environments.prod!;
    expect(kinds(prod)).toEqual(expect.arrayContaining(['build', 'scan', 'deployment', 'promotion']));
    const deployments = prod.evidence
      .filter((r) => r.kind === 'deployment')
      .map((r) => [r.data.environment, r.data.result]);
    expect(deployments).toEqual(
      expect.arrayContaining([
        ['dev', 'succeeded'],
        ['uat', 'succeeded'],
        ['prod', 'succeeded'],
      ]),
    );
    expect(prod.evidence.every((r) => r.subject === prod.digest)).toBe(true);
  });

  test('a second run with no change builds and deploys nothing', () => {
    const again = demo('--approve');
    expect(again.status).toBe(0);
    expect(again.output).toContain('no change since the last delivery');
    expect(again.output).toMatch(/0 of 1 group\(s\) changed/);
    expect(again.output).not.toMatch(/build-push-ecr@v1/);
    expect(again.output).not.toMatch(/kubectl-rollout@v1/);
    for (const environment of ['dev', 'uat', 'prod']) {
      expect(again.environments[environment]!.digest).toBe(first.environments[environment]!.digest);
    }
  }, 1_500_000);

  test('--fail-uat: the UAT rollout fails and is rolled back; prod is untouched', () => {
    const failing = demo('--fail-uat', '--approve');
    expect(failing.status).toBe(0); // the demo exits 0 when UAT failed as intended
    expect(failing.reached).toBe('dev');
    expect(failing.output).toContain('the UAT rollout failed as intended');
    // dev runs the new release; UAT is back on the release it ran before; prod never moved.
    expect(failing.environments.dev!.digest).not.toBe(first.environments.dev!.digest);
    expect(failing.environments.uat!.digest).toBe(first.environments.uat!.digest);
    expect(failing.environments.prod!.digest).toBe(first.environments.prod!.digest);
    const newRelease = failing.environments.dev!;
    const uatDeployment = newRelease.evidence.find((r) => r.kind === 'deployment' && r.data.environment === 'uat');
    expect(uatDeployment?.data.result).toBe('rolled-back');
  }, 1_500_000);
});
