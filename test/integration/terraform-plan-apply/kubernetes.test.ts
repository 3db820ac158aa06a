// Real infrastructure: the Kubernetes provider, built from the Go module proxy and installed from a
// filesystem mirror with a lock file, manages a namespace, a ServiceAccount and its RBAC per
// environment on the local Kubernetes control plane. plan -> review -> apply -> drift -> destroy,
// with every binary the machine has.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Checkout, findBinaries, removeTempDirs, runWith, tempDir, type FoundBinary } from './support.js';
import { useLocalStack } from '../../support/local-stack.js';
import { repoRoot } from '../../support/run-action.js';

const execFileAsync = promisify(execFile);

jest.setTimeout(180_000);

const binaries = findBinaries();
const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const created: string[] = [];

let kubeEnv: Record<string, string>;
let cliConfig: string;
let mirror: string;

async function kubectl(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await execFileAsync('kubectl', args, { env: { ...process.env, ...kubeEnv }, timeout: 60_000 });
    return { code: 0, stdout };
  } catch (err) {
    return { code: (err as { code?: number }).code ?? 1, stdout: '' };
  }
}

beforeAll(async () => {
  kubeEnv = await useLocalStack('kube');
  const ensured = await execFileAsync('bash', [path.join(repoRoot, 'scripts/ensure-tf-provider-kubernetes.sh')], {
    timeout: 1_800_000,
  });
  mirror = ensured.stdout.trim();
  cliConfig = path.join(tempDir('tpa-kube-cli-'), 'cli.tfrc');
  // Both binaries read TF_CLI_CONFIG_FILE: the provider comes from the mirror, never from a registry.
  writeFileSync(
    cliConfig,
    [
      'provider_installation {',
      `  filesystem_mirror {`,
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/hashicorp/kubernetes"]',
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/hashicorp/kubernetes"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
}, 1_800_000);

afterAll(async () => {
  for (const namespace of created)
    await kubectl('delete', 'namespace', namespace, '--ignore-not-found', '--wait=false');
  removeTempDirs();
});

describe.each(binaries)('the Kubernetes provider with $name', (binary: FoundBinary) => {
  const environment = `tpa-${binary.name}-${runId}`;
  let checkout: Checkout;
  let bundles: string;
  const env = () => ({ TF_CLI_CONFIG_FILE: cliConfig, KUBE_CONFIG_PATH: kubeEnv.KUBECONFIG!, AWS_REGION: undefined });
  const run = (inputs: Record<string, string>) =>
    runWith(
      binary,
      checkout,
      {},
      { environment, variables: JSON.stringify({ environment }), 'lock-timeout': '20s', ...inputs },
      { env: env(), timeoutMs: 170_000 },
    );

  beforeAll(async () => {
    const dir = tempDir(`tpa-kube-${binary.name}-`);
    checkout = await Checkout.create(dir, 'repo', path.join(repoRoot, 'test/fixtures/terraform-plan-apply/kubernetes'));
    bundles = path.join(dir, 'bundles');
    // The lock file, committed as a team would: the mirror's package hash, for the one platform here.
    await execFileAsync(
      binary.path,
      [
        'providers',
        'lock',
        `-fs-mirror=${mirror}`,
        '-platform=linux_amd64',
        'registry.terraform.io/hashicorp/kubernetes',
      ],
      { cwd: checkout.dir, env: { ...process.env, ...env() } as NodeJS.ProcessEnv, timeout: 120_000 },
    );
    await checkout.commit('lock file');
    created.push(environment);
  });

  test('plan, then apply exactly that plan: the namespace, ServiceAccount, Role and RoleBinding exist', async () => {
    const bundle = path.join(bundles, 'create');
    const planned = await run({ command: 'plan', 'plan-bundle': bundle });
    expect(planned.errors).toEqual([]);
    expect(planned.outputs).toMatchObject({ 'has-changes': 'true', 'add-count': '4' });
    expect(readFileSync(path.join(bundle, 'plan.txt'), 'utf8')).toContain('kubernetes_role_binding_v1.deployer');
    const manifest = JSON.parse(readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as {
      bindings: { dependencyLockSha256: string | null };
    };
    expect(manifest.bindings.dependencyLockSha256).toMatch(/^[0-9a-f]{64}$/);

    const applied = await run({ command: 'apply', 'plan-bundle': bundle });
    expect(applied.errors).toEqual([]);
    expect(applied.outputs.applied).toBe('true');
    expect(JSON.parse(applied.outputs.outputs!)).toEqual({ namespace: environment, service_account: 'deployer' });
    expect((await kubectl('get', 'serviceaccount', 'deployer', '-n', environment)).code).toBe(0);
    const can = await kubectl(
      'auth',
      'can-i',
      'patch',
      'deployments.apps',
      '-n',
      environment,
      `--as=system:serviceaccount:${environment}:deployer`,
    );
    expect(can.stdout.trim()).toBe('yes');
  });

  test('drift: a ServiceAccount deleted by hand is detected, and a new plan puts it back', async () => {
    expect((await run({ command: 'drift-check' })).errors).toEqual([]);
    expect((await kubectl('delete', 'serviceaccount', 'deployer', '-n', environment)).code).toBe(0);
    const drifted = await run({ command: 'drift-check' });
    expect(drifted.outputs).toMatchObject({ 'failure-reason': 'drift-detected', 'add-count': '1' });

    const healed = await run({ command: 'plan-apply', 'plan-bundle': path.join(bundles, 'heal') });
    expect(healed.errors).toEqual([]);
    expect((await kubectl('get', 'serviceaccount', 'deployer', '-n', environment)).code).toBe(0);
  });

  test('destroy: blocked without allow-destroy; with it, everything goes', async () => {
    const bundle = path.join(bundles, 'destroy');
    const blocked = await run({ command: 'plan', destroy: 'true', 'plan-bundle': bundle });
    expect(blocked.outputs).toMatchObject({ 'failure-reason': 'destroy-blocked', 'destroy-count': '4' });
    const planned = await run({ command: 'plan', destroy: 'true', 'allow-destroy': 'true', 'plan-bundle': bundle });
    expect(planned.errors).toEqual([]);
    const applied = await run({ command: 'apply', 'allow-destroy': 'true', 'plan-bundle': bundle });
    expect(applied.errors).toEqual([]);
    expect(applied.outputs.applied).toBe('true');
    const gone = await kubectl('get', 'namespace', environment, '-o', 'jsonpath={.status.phase}');
    // Namespace deletion finishes asynchronously: gone, or on its way.
    expect(gone.code !== 0 || gone.stdout === 'Terminating').toBe(true);
  });
});
