// terraform-plan-apply end to end: the real bundle driving the real binaries (terraform and/or
// OpenTofu, every one this machine has) against an S3 backend on the local moto server, with S3
// native state locking. The cases of one binary share a state and run in order, like a pipeline.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  awsStack,
  Checkout,
  createBucket,
  deleteBucket,
  findBinaries,
  removeTempDirs,
  runWith,
  s3Client,
  tempDir,
  visibleLog,
  waitFor,
  writeBackendFile,
  type FoundBinary,
} from './support.js';
import type { Manifest } from '../../../src/terraform-plan-apply/bundle.js';
import { repoRoot } from '../../support/run-action.js';

const execFileAsync = promisify(execFile);

jest.setTimeout(120_000);

const binaries = findBinaries();
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const bucket = `tpa-it-${runId}`;
const secret = `s3cr3t-${randomBytes(8).toString('hex')}`;
const variables = JSON.stringify({ name: 'web', api_key: secret });

let awsEnv: Record<string, string>;
let s3: S3Client;

beforeAll(async () => {
  awsEnv = await awsStack();
  s3 = s3Client(awsEnv);
  await createBucket(s3, bucket);
}, 300_000);

afterAll(async () => {
  await deleteBucket(s3, bucket);
  s3.destroy();
  removeTempDirs();
});

test('the machine has terraform or OpenTofu to run the cases with (.ci/run ensures tofu)', () => {
  expect(binaries.map((b) => b.name).length).toBeGreaterThan(0);
});

test('a bad input fails before anything runs, with one error naming the input', async () => {
  const checkout = await Checkout.create(tempDir('tpa-bad-'), 'repo');
  const binary = binaries[0]!;
  const run = await runWith(binary, checkout, awsEnv, { command: 'plan', environment: 'dev;touch /tmp/pwned' });
  expect(run.exitCode).not.toBe(0);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(/Input 'environment'.*Accepted: an environment name/);
  expect(run.outputs['failure-reason']).toBe('invalid-input');
  expect(run.stdout).not.toMatch(/\[command\]/);
  expect(existsSync(path.join(checkout.dir, '.terraform'))).toBe(false);

  const badJson = await runWith(binary, checkout, awsEnv, { environment: 'dev', variables: '{"name": ' });
  expect(badJson.errors).toEqual([expect.stringMatching(/Input 'variables': .*not valid JSON/)]);

  // plan-bundle never replaces the checkout (which held .git), nor anything outside.
  for (const [bundle, problem] of [
    ['.', /holds the checkout/],
    ['../../etc', /is outside the workspace/],
  ] as const) {
    const refused = await runWith(binary, checkout, awsEnv, { environment: 'dev', 'plan-bundle': bundle });
    expect(refused.errors).toEqual([expect.stringMatching(new RegExp(`Input 'plan-bundle': .*${problem.source}`))]);
  }
  expect(existsSync(path.join(checkout.dir, '.git'))).toBe(true);
  expect(existsSync(path.join(checkout.dir, 'main.tf'))).toBe(true);
});

test('a configuration the binary rejects fails with plan-failed and its message, and writes no bundle', async () => {
  const dir = tempDir('tpa-invalid-');
  const checkout = await Checkout.create(dir, 'repo');
  const backendFile = writeBackendFile(dir, bucket, awsEnv);
  const bundle = path.join(dir, 'bundle');
  const run = await runWith(binaries[0]!, checkout, awsEnv, {
    command: 'plan',
    environment: 'dev',
    'backend-config': `${backendFile}\nkey=invalid/terraform.tfstate`,
    variables: '{"name": "web", "instances": "many"}',
    'plan-bundle': bundle,
  });
  expect(run.exitCode).not.toBe(0);
  expect(run.outputs['failure-reason']).toBe('plan-failed');
  expect(run.errors).toEqual([expect.stringMatching(/plan failed \(exit code 1\):[\s\S]*instances/)]);
  expect(existsSync(bundle)).toBe(false);
  expect(run.summary).toMatch(/Failed \(plan-failed\): /);
  // The diagnostic quotes the inline variables file: its values are masked in the log, cut from the summary.
  expect(run.stdout.indexOf('::add-mask::many')).toBeLessThan(run.stdout.indexOf('[command]'));
  expect(run.summary).not.toContain('many');
});

describe.each(binaries)('with $name', (binary: FoundBinary) => {
  let checkout: Checkout;
  let backendFile: string;
  let bundles: string;
  const key = `${binary.name}/service/terraform.tfstate`;

  const base = () => ({
    environment: 'dev',
    'backend-config': `${backendFile}\nkey=${key}`,
    'var-files': 'dev.tfvars',
    variables,
    'lock-timeout': '20s',
  });
  const plan = (bundle: string, extra: Record<string, string> = {}) =>
    runWith(binary, checkout, awsEnv, { ...base(), command: 'plan', 'plan-bundle': bundle, ...extra });
  const apply = (bundle: string, extra: Record<string, string> = {}) =>
    runWith(binary, checkout, awsEnv, { ...base(), command: 'apply', 'plan-bundle': bundle, ...extra });
  const manifestOf = (bundle: string) =>
    JSON.parse(readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as Manifest;
  const stateOutputs = async () => {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const state = JSON.parse(await object.Body!.transformToString()) as { outputs: Record<string, { value: unknown }> };
    return Object.fromEntries(Object.entries(state.outputs).map(([name, o]) => [name, o.value]));
  };

  beforeAll(async () => {
    const dir = tempDir(`tpa-${binary.name}-`);
    checkout = await Checkout.create(dir, 'repo');
    backendFile = writeBackendFile(dir, bucket, awsEnv);
    bundles = path.join(dir, 'bundles');
  });

  test('plan with changes writes a bundle bound to the run, and no sensitive value leaves the runner', async () => {
    const bundle = path.join(bundles, 'first');
    const run = await plan(bundle);
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const manifest = manifestOf(bundle);
    expect(run.outputs).toMatchObject({
      'has-changes': 'true',
      'add-count': '4',
      'destroy-count': '0',
      'replace-count': '0',
      'plan-bundle': bundle,
      'plan-json': path.join(bundle, 'plan.json'),
    });
    expect(manifest.bindings).toMatchObject({
      awsAccount: '123456789012',
      commit: await checkout.git('rev-parse', 'HEAD'),
      environment: 'dev',
      workspace: 'default',
      backend: { type: 's3', bucket, key },
      varFiles: [{ path: 'dev.tfvars' }],
      binary: { name: binary.name },
    });
    expect(manifest.plan.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(bundle, 'plan.txt'), 'utf8')).toMatch(
      /terraform_data\.instance\[1\] will be created/,
    );
    const planJson = readFileSync(path.join(bundle, 'plan.json'), 'utf8');
    expect(planJson).toContain('(sensitive value)');
    for (const text of [visibleLog(run), run.summary, planJson, readFileSync(path.join(bundle, 'plan.txt'), 'utf8')]) {
      expect(text).not.toContain(secret);
    }
    // Every leaf of `variables` is masked before the binary first runs (a diagnostic may quote them).
    expect(run.stdout).toContain(`::add-mask::${secret}`);
    expect(run.stdout.indexOf(`::add-mask::${secret}`)).toBeLessThan(run.stdout.indexOf('[command]'));
    expect(run.outputs['plan-sha256']).toBe(manifest.plan.sha256);
    expect(run.summary).toContain('terraform_data.service will be created');
  });

  test('apply applies exactly the reviewed plan; outputs leave sensitive ones out; a re-run does nothing', async () => {
    const bundle = path.join(bundles, 'first');
    const run = await apply(bundle);
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs.outputs!)).toEqual({ service_name: 'web', instance_count: 2 });
    expect(visibleLog(run)).not.toContain(secret);
    expect(run.summary).toMatch(/Applied: 4 to add/);
    expect(run.outputs.applied).toBe('true');
    expect(await stateOutputs()).toMatchObject({ service_name: 'web', instance_count: 2 });

    const again = await apply(bundle);
    expect(again.errors).toEqual([]);
    expect(again.exitCode).toBe(0);
    expect(again.summary).toMatch(/Already applied/);
    expect(again.outputs.applied).toBe('false');
    expect(again.stdout).not.toMatch(/Apply complete/);
  });

  test('a plan without changes says so, and applying it is a success', async () => {
    const bundle = path.join(bundles, 'unchanged');
    const run = await plan(bundle);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['has-changes']).toBe('false');
    expect(run.outputs['add-count']).toBe('0');
    const applied = await apply(bundle);
    expect(applied.exitCode).toBe(0);
    expect(applied.summary).toMatch(/No changes to apply/);
    expect(applied.stdout).not.toMatch(/\[command\].* apply /);
  });

  test('apply refuses a plan for another environment, a tampered plan, a changed var file, another commit', async () => {
    checkout.write('dev.tfvars', 'instances = 3\n');
    await checkout.commit('three instances');
    const bundle = path.join(bundles, 'three');
    expect((await plan(bundle)).outputs['add-count']).toBe('1');

    const refused = async (run: Awaited<ReturnType<typeof apply>>, difference: RegExp) => {
      expect(run.exitCode).not.toBe(0);
      expect(run.outputs['failure-reason']).toBe('plan-changed');
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(difference);
      expect(run.stdout).not.toMatch(/Apply complete/);
      // Named in the summary, one line each.
      expect(run.summary).toMatch(new RegExp(`Differs from the plan: ${difference.source}`));
    };
    const otherEnvironment = await apply(bundle, { environment: 'uat', workspace: 'mistyped' });
    await refused(otherEnvironment, /environment: planned dev, now uat/);
    // Refused before init: a mistyped workspace is never created.
    expect(otherEnvironment.stdout).not.toMatch(/\[command\] \S+ init /);
    expect(otherEnvironment.stdout).not.toMatch(/workspace select/);

    const tampered = path.join(bundles, 'tampered');
    cpSync(bundle, tampered, { recursive: true });
    const planFile = path.join(tampered, 'tfplan');
    const bytes = readFileSync(planFile);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(planFile, bytes);
    await refused(await apply(tampered), /plan file sha256: planned [0-9a-f]{64}, now [0-9a-f]{64}/);

    checkout.write('dev.tfvars', 'instances = 5\n');
    await refused(await apply(bundle), /var file dev\.tfvars sha256/);
    await checkout.git('checkout', '--', 'dev.tfvars');

    checkout.write('README.md', 'a later commit\n');
    const later = await checkout.commit('later');
    await refused(await apply(bundle), new RegExp(`commit: planned [0-9a-f]{40}, now ${later}`));

    expect(await stateOutputs()).toMatchObject({ instance_count: 2 });
  });

  test('apply refuses a stale plan after someone else applied', async () => {
    const bundle = path.join(bundles, 'stale');
    expect((await plan(bundle)).outputs['add-count']).toBe('1');
    const other = await runWith(binary, checkout, awsEnv, {
      ...base(),
      command: 'plan-apply',
      variables: JSON.stringify({ name: 'web', api_key: secret, instances: 4 }),
      'plan-bundle': path.join(bundles, 'other'),
    });
    expect(other.errors).toEqual([]);
    expect(await stateOutputs()).toMatchObject({ instance_count: 4 });

    const run = await apply(bundle);
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs['failure-reason']).toBe('plan-stale');
    expect(run.errors[0]).toMatch(/stale.*1 to destroy/);
    expect(await stateOutputs()).toMatchObject({ instance_count: 4 });

    // A bundle without changes, applied after the state moved, does not claim the state matches.
    const four = { variables: JSON.stringify({ name: 'web', api_key: secret, instances: 4 }) };
    const unchanged = path.join(bundles, 'unchanged-then-moved');
    expect((await plan(unchanged, four)).outputs['has-changes']).toBe('false');
    await execFileAsync(binary.path, ['state', 'rm', '-lock-timeout=20s', 'terraform_data.credential'], {
      cwd: checkout.dir,
      env: { ...process.env, ...awsEnv },
    });
    const moved = await apply(unchanged, four);
    expect(moved.outputs['failure-reason']).toBe('plan-stale');
    expect(moved.errors[0]).toMatch(/fresh plan shows 1 to add/);
  });

  test('a plan that destroys is blocked unless allow-destroy, at plan and at apply', async () => {
    const bundle = path.join(bundles, 'destroying');
    const run = await plan(bundle);
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs).toMatchObject({
      'failure-reason': 'destroy-blocked',
      'destroy-count': '1',
      'has-changes': 'true',
    });
    expect(run.errors).toEqual([expect.stringMatching(/terraform_data\.instance\[3\].*allow-destroy/)]);
    expect(existsSync(path.join(bundle, 'tfplan'))).toBe(true);
    expect(run.summary).toContain('Destroys or replaces: terraform_data.instance[3]');

    const blocked = await apply(bundle);
    expect(blocked.outputs['failure-reason']).toBe('destroy-blocked');
    expect(await stateOutputs()).toMatchObject({ instance_count: 4 });

    const allowed = await apply(bundle, { 'allow-destroy': 'true' });
    expect(allowed.errors).toEqual([]);
    expect(allowed.exitCode).toBe(0);
    expect(await stateOutputs()).toMatchObject({ instance_count: 3 });
  });

  test('drift-check passes on a converged state and reports drift after an out-of-band state change', async () => {
    const clean = await runWith(binary, checkout, awsEnv, { ...base(), command: 'drift-check' });
    expect(clean.errors).toEqual([]);
    expect(clean.outputs['has-changes']).toBe('false');

    // Someone edits the state by hand: the credential is forgotten, so the configuration wants it back.
    await execFileAsync(binary.path, ['state', 'rm', '-lock-timeout=20s', 'terraform_data.credential'], {
      cwd: checkout.dir,
      env: { ...process.env, ...awsEnv },
    });
    const drifted = await runWith(binary, checkout, awsEnv, { ...base(), command: 'drift-check' });
    expect(drifted.exitCode).not.toBe(0);
    expect(drifted.outputs).toMatchObject({
      'failure-reason': 'drift-detected',
      'has-changes': 'true',
      'add-count': '1',
    });
    expect(drifted.errors).toEqual([expect.stringMatching(/Drift detected/)]);
    expect(readFileSync(drifted.outputs['plan-json']!, 'utf8')).toContain('"terraform_data.credential"');
  });

  test('a state lock held by a concurrent run: waits lock-timeout, then fails with holder, id and age', async () => {
    const lockKey = `${binary.name}/locked/terraform.tfstate`;
    const holderCheckout = await Checkout.create(path.dirname(checkout.dir), 'holder');
    const waiterCheckout = await Checkout.create(path.dirname(checkout.dir), 'waiter');
    const inputs = (extra: Record<string, string>) => ({
      ...base(),
      'backend-config': `${backendFile}\nkey=${lockKey}`,
      ...extra,
    });
    const holder = runWith(
      binary,
      holderCheckout,
      awsEnv,
      inputs({ command: 'plan-apply', variables: JSON.stringify({ name: 'held', hold_seconds: 8 }) }),
    );
    // Wait until the holder's apply (not its plan, which locks only briefly) holds the lock.
    await waitFor('the first run to hold the state lock', 30_000, async () => {
      try {
        const lock = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${lockKey}.tflock` }));
        const info = JSON.parse(await lock.Body!.transformToString()) as { Operation?: string };
        return info.Operation === 'OperationTypeApply' ? true : undefined;
      } catch {
        return undefined;
      }
    });
    const started = Date.now();
    const waiter = await runWith(binary, waiterCheckout, awsEnv, inputs({ command: 'plan', 'lock-timeout': '2s' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(waiter.exitCode).not.toBe(0);
    expect(waiter.outputs['failure-reason']).toBe('state-locked');
    expect(waiter.errors).toHaveLength(1);
    expect(waiter.errors[0]).toMatch(
      /held by \S+@\S+ \(lock ID [0-9a-f-]{36}, operation OperationTypeApply, age \d+s, path .*locked\/terraform\.tfstate\)/,
    );
    expect(waiter.errors[0]).toMatch(/never force-unlocks/);
    const lockInfo = JSON.parse(waiter.outputs['lock-info']!) as Record<string, string>;
    expect(lockInfo).toMatchObject({ operation: 'OperationTypeApply', path: expect.stringContaining(lockKey) });
    expect(lockInfo.id).toMatch(/^[0-9a-f-]{36}$/);

    const held = await holder;
    expect(held.errors).toEqual([]);
    expect(held.exitCode).toBe(0);
  });
});

describe.each(binaries)('on Node 24, in a named workspace, with $name', (binary: FoundBinary) => {
  test('the bundle runs on the runtime action.yml declares, and keeps the workspace state apart', async () => {
    const node = spawnSync('bash', [path.join(repoRoot, 'scripts/ensure-node24.sh')], { encoding: 'utf8' });
    expect(node.status).toBe(0);
    const checkout = await Checkout.create(tempDir('tpa-node24-'), 'repo');
    const backendFile = writeBackendFile(path.dirname(checkout.dir), bucket, awsEnv);
    const key = `${binary.name}/node24/terraform.tfstate`;
    const run = await runWith(
      binary,
      checkout,
      awsEnv,
      {
        command: 'plan-apply',
        environment: 'dev',
        workspace: 'blue',
        'backend-config': `${backendFile}\nkey=${key}`,
        variables: 'name = "node24"\n',
      },
      { node: node.stdout.trim() },
    );
    expect(run.errors).toEqual([]);
    expect(run.outputs['add-count']).toBe('3');
    expect(JSON.parse(run.outputs.outputs!)).toEqual({ service_name: 'node24', instance_count: 1 });
    // The sensitive variable kept its default, which the JSON plan carries in clear until redacted.
    expect(readFileSync(run.outputs['plan-json']!, 'utf8')).not.toContain('fixture-default-key');
    expect(visibleLog(run)).not.toContain('fixture-default-key');
    const state = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `env:/blue/${key}` }));
    expect(await state.Body!.transformToString()).toContain('"node24"');
  });
});
