// terraform-plan-apply under the setups people really have: the setup actions' wrappers, a cancelled
// apply, ephemeral variables and OpenTofu's early evaluation, the S3 plan store (with KMS), untrusted
// events and dry-run. The real bundle, the real binaries, S3 and KMS on the local moto server.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
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
  waitFor,
  writeBackendFile,
  type FoundBinary,
} from './support.js';
import { repoRoot } from '../../support/run-action.js';

jest.setTimeout(120_000);

const binaries = findBinaries();
const terraform = binaries.find((b) => b.name === 'terraform');
const tofu = binaries.find((b) => b.name === 'tofu');
const first = binaries[0]!;
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const bucket = `tpa-setups-${runId}`;
const fixtures = path.join(repoRoot, 'test/fixtures/terraform-plan-apply');

let awsEnv: Record<string, string>;
let s3: S3Client;
let dir: string;
let backendFile: string;

beforeAll(async () => {
  awsEnv = await awsStack();
  s3 = s3Client(awsEnv);
  await createBucket(s3, bucket);
  dir = tempDir('tpa-setups-');
  backendFile = writeBackendFile(dir, bucket, awsEnv);
}, 300_000);

afterAll(async () => {
  await deleteBucket(s3, bucket);
  s3.destroy();
  removeTempDirs();
});

const serviceInputs = (key: string, extra: Record<string, string> = {}) => ({
  environment: 'dev',
  'backend-config': `${backendFile}\nkey=${key}`,
  variables: JSON.stringify({ name: 'web', instances: 2 }),
  'lock-timeout': '20s',
  ...extra,
});

/**
 * A wrapper as hashicorp/setup-terraform and opentofu/setup-opentofu install it: a Node script on PATH
 * that runs the real binary, prints workflow commands, and turns plan's exit code 2 into 0.
 */
function wrapperScript(real: string): string {
  return [
    '#!/usr/bin/env node',
    "const { spawnSync } = require('node:child_process');",
    `const r = spawnSync(${JSON.stringify(real)}, process.argv.slice(2), { stdio: ['inherit', 'pipe', 'inherit'] });`,
    'process.stdout.write(r.stdout);',
    "process.stdout.write('\\n::debug::wrapped\\n::set-output name=exitcode::' + r.status + '\\n');",
    'process.exit(r.status === 2 ? 0 : r.status);',
    '',
  ].join('\n');
}

function wrapped(binary: FoundBinary, withRealBeside: boolean): FoundBinary {
  const bin = path.join(tempDir('tpa-wrapper-'), 'bin');
  mkdirSync(bin);
  const script = path.join(bin, binary.name);
  const real = withRealBeside ? `${script}-bin` : binary.path;
  if (withRealBeside) symlinkSync(binary.path, real);
  writeFileSync(script, wrapperScript(real));
  chmodSync(script, 0o755);
  return { name: binary.name, path: script };
}

describe(`the setup actions' wrappers, with ${first.name}`, () => {
  test('a wrapper with the real binary beside it (<name>-bin) is bypassed: the changes are seen', async () => {
    const checkout = await Checkout.create(tempDir('tpa-wrapped-'), 'repo');
    const run = await runWith(wrapped(first, true), checkout, awsEnv, {
      ...serviceInputs(`wrapped/${first.name}.tfstate`),
      command: 'plan',
    });
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({ 'has-changes': 'true', 'add-count': '4' });
    expect(run.stdout).toMatch(/is a setup action's wrapper: running .*-bin itself/);
  });

  test('an exit code that disagrees with the plan fails loudly, naming the wrapper settings', async () => {
    const checkout = await Checkout.create(tempDir('tpa-wrapped-'), 'repo');
    const run = await runWith(wrapped(first, false), checkout, awsEnv, {
      ...serviceInputs(`wrapped-unknown/${first.name}.tfstate`),
      command: 'plan-apply',
    });
    expect(run.outputs['failure-reason']).toBe('exit-code-mismatch');
    expect(run.errors).toEqual([
      expect.stringMatching(/exited 0 .* but the plan it wrote has changes.*_wrapper: false/),
    ]);
    expect(run.outputs.applied).toBe('false');
  });
});

test(`a cancel during apply: ${first.name} gets SIGINT, saves the state, releases the lock; cancelled`, async () => {
  const checkout = await Checkout.create(tempDir('tpa-cancel-'), 'repo');
  const key = `cancel/${first.name}.tfstate`;
  let child: { kill: (signal: NodeJS.Signals) => boolean } | undefined;
  const running = runWith(
    first,
    checkout,
    awsEnv,
    serviceInputs(key, { command: 'plan-apply', variables: JSON.stringify({ name: 'held', hold_seconds: 40 }) }),
    { onStart: (c) => (child = c) },
  );
  await waitFor('the apply to hold the state lock', 60_000, async () => {
    try {
      const lock = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${key}.tflock` }));
      const info = JSON.parse(await lock.Body!.transformToString()) as { Operation?: string };
      return info.Operation === 'OperationTypeApply' ? true : undefined;
    } catch {
      return undefined;
    }
  });
  child!.kill('SIGINT'); // what the runner sends first when a job is cancelled
  const run = await running;
  expect(run.exitCode).not.toBe(0);
  expect(run.outputs['failure-reason']).toBe('cancelled');
  expect(run.stdout).toMatch(/Received SIGINT/);
  // The lock is released and the state was written (the resources created before the cancel are in it).
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'cancel/' }));
  const keys = (listed.Contents ?? []).map((o) => o.Key);
  expect(keys).toContain(key);
  expect(keys).not.toContain(`${key}.tflock`);
  const state = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  expect(await state.Body!.transformToString()).toContain('"terraform_data"');
});

(terraform ? test : test.skip)('ephemeral variables (Terraform >= 1.10) are given again at apply', async () => {
  const checkout = await Checkout.create(tempDir('tpa-ephemeral-'), 'repo', path.join(fixtures, 'ephemeral'));
  const run = await runWith(terraform!, checkout, awsEnv, {
    command: 'plan-apply',
    environment: 'dev',
    variables: JSON.stringify({ name: 'eph', token: 't0k3n-ephemeral' }),
  });
  expect(run.errors).toEqual([]);
  expect(run.outputs.applied).toBe('true');
  expect(JSON.parse(run.outputs.outputs!)).toEqual({ name: 'eph' });
});

(tofu ? test : test.skip)(
  "OpenTofu's early evaluation: init gets the variables (a variable in the backend)",
  async () => {
    const checkout = await Checkout.create(tempDir('tpa-early-'), 'repo', path.join(fixtures, 'early'));
    const run = await runWith(tofu!, checkout, awsEnv, {
      command: 'plan-apply',
      environment: 'dev',
      variables: 'environment = "dev"',
    });
    expect(run.errors).toEqual([]);
    expect(run.outputs.applied).toBe('true');
  },
);

describe(`the plan store on S3 with KMS, with ${first.name}`, () => {
  const env = { GITHUB_REPOSITORY: 'acme/service' };
  let checkout: Checkout;
  let kmsKey: string;
  const store = `s3://${bucket}/plans`;

  beforeAll(async () => {
    checkout = await Checkout.create(tempDir('tpa-store-'), 'repo');
    const kms = new KMSClient({
      region: awsEnv.AWS_REGION,
      endpoint: awsEnv.AWS_ENDPOINT_URL,
      credentials: { accessKeyId: awsEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: awsEnv.AWS_SECRET_ACCESS_KEY! },
    });
    kmsKey = (await kms.send(new CreateKeyCommand({ Description: `tpa ${runId}` }))).KeyMetadata!.KeyId!;
    kms.destroy();
  });

  const inputs = (extra: Record<string, string>) => serviceInputs(`store/${first.name}.tfstate`, extra);

  test('plan stores the bundle, encrypted, keyed by repository/environment/directory/commit; apply fetches and applies it', async () => {
    const planned = await runWith(
      first,
      checkout,
      awsEnv,
      inputs({ command: 'plan', 'plan-store': store, 'plan-store-kms-key': kmsKey }),
      { env },
    );
    expect(planned.errors).toEqual([]);
    const sha = planned.outputs['plan-sha256']!;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const commit = await checkout.git('rev-parse', 'HEAD');
    const prefix = `plans/acme/service/dev/_root/${commit}`;
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `${prefix}/tfplan` }));
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.SSEKMSKeyId).toContain(kmsKey);
    expect(planned.summary).toContain(`s3://${bucket}/${prefix}/`);

    // The apply job has no artifact: only the store, and the plan job's plan-sha256.
    const wrongSha = await runWith(
      first,
      checkout,
      awsEnv,
      inputs({ command: 'apply', 'plan-store': store, 'plan-sha256': 'f'.repeat(64) }),
      { env },
    );
    expect(wrongSha.outputs['failure-reason']).toBe('plan-changed');
    expect(wrongSha.errors[0]).toMatch(/plan-sha256 input f{64}, bundle [0-9a-f]{64}/);

    const applied = await runWith(
      first,
      checkout,
      awsEnv,
      inputs({ command: 'apply', 'plan-store': store, 'plan-sha256': sha }),
      { env },
    );
    expect(applied.errors).toEqual([]);
    expect(applied.outputs).toMatchObject({ applied: 'true', 'plan-sha256': sha });
  });

  test('a stored plan file changed after the plan is refused', async () => {
    checkout.write('dev.tfvars', 'instances = 3\n');
    const commit = await checkout.commit('three');
    const planned = await runWith(first, checkout, awsEnv, inputs({ command: 'plan', 'plan-store': store }), { env });
    expect(planned.errors).toEqual([]);
    const key = `plans/acme/service/dev/_root/${commit}/tfplan`;
    const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = Buffer.from(await original.Body!.transformToByteArray());
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, Metadata: original.Metadata }));
    const run = await runWith(first, checkout, awsEnv, inputs({ command: 'apply', 'plan-store': store }), { env });
    expect(run.outputs['failure-reason']).toBe('invalid-bundle');
    expect(run.errors[0]).toMatch(/does not match its recorded sha256/);
  });

  test('dry-run verifies the bundle and says what it would apply, and applies nothing', async () => {
    const three = { variables: JSON.stringify({ name: 'web', instances: 3 }) };
    const run = await runWith(
      first,
      checkout,
      awsEnv,
      inputs({ command: 'apply', 'plan-store': store, 'dry-run': 'true' }),
      { env },
    );
    // The tampered bundle of the test before is refused in a dry run too; plan again and dry-run that.
    expect(run.outputs['failure-reason']).toBe('invalid-bundle');
    expect(
      (await runWith(first, checkout, awsEnv, inputs({ command: 'plan', 'plan-store': store, ...three }), { env }))
        .errors,
    ).toEqual([]);
    const dry = await runWith(
      first,
      checkout,
      awsEnv,
      inputs({ command: 'apply', 'plan-store': store, 'dry-run': 'true', ...three }),
      { env },
    );
    expect(dry.errors).toEqual([]);
    expect(dry.outputs.applied).toBe('false');
    expect(dry.summary).toMatch(/Dry run: the bundle is verified; applying it would 1 to add/);
    expect(dry.stdout).not.toMatch(/\[command\] \S+ apply /);
  });

  test.each(['pull_request_target', 'issue_comment', 'workflow_run'])(
    'apply refuses to run in a %s run, before anything runs',
    async (event) => {
      const run = await runWith(first, checkout, awsEnv, inputs({ command: 'apply', 'plan-store': store }), {
        env: { ...env, GITHUB_EVENT_NAME: event },
      });
      expect(run.outputs['failure-reason']).toBe('event-not-allowed');
      expect(run.stdout).not.toMatch(/\[command\] \S+ init /);
    },
  );
});

describe(`plan on the pull request, apply on merge, with ${first.name}`, () => {
  const env = { GITHUB_REPOSITORY: 'acme/merge' };
  const store = `s3://${bucket}/merge`;
  let checkout: Checkout;
  const inputs = (extra: Record<string, string>) =>
    serviceInputs(`merge/${first.name}.tfstate`, { 'working-directory': 'infra', 'plan-store': store, ...extra });
  const vars = (instances: number) => ({ variables: JSON.stringify({ name: 'web', instances }) });

  beforeAll(async () => {
    // A repository whose root module is infra/, beside files Terraform does not read.
    const source = tempDir('tpa-merge-src-');
    cpSync(path.join(fixtures, 'service'), path.join(source, 'infra'), { recursive: true });
    writeFileSync(path.join(source, 'README.md'), 'service\n');
    checkout = await Checkout.create(tempDir('tpa-merge-'), 'repo', source);
  });

  const planAt = async (instances: number) => {
    const run = await runWith(first, checkout, awsEnv, inputs({ command: 'plan', ...vars(instances) }), { env });
    expect(run.errors).toEqual([]);
    return checkout.git('rev-parse', 'HEAD');
  };
  const applyReviewed = (reviewed: string, instances: number) =>
    runWith(first, checkout, awsEnv, inputs({ command: 'apply', 'reviewed-commit': reviewed, ...vars(instances) }), {
      env,
    });

  test('nothing Terraform reads changed since the review: the reviewed plan applies as is', async () => {
    const reviewed = await planAt(2);
    checkout.write('README.md', 'merged with another pull request\n');
    await checkout.commit('merge: README');
    const run = await applyReviewed(reviewed, 2);
    expect(run.errors).toEqual([]);
    expect(run.outputs.applied).toBe('true');
    expect(run.summary).toContain(`Reviewed on ${reviewed}; nothing Terraform reads changed since`);
    expect(run.stdout).not.toMatch(/\[command\] \S+ plan /);
  });

  test('the module changed but the new plan does the same: the new plan applies', async () => {
    const reviewed = await planAt(3);
    checkout.write('infra/main.tf', `${readFileSync(path.join(checkout.dir, 'infra/main.tf'), 'utf8')}\n# a comment\n`);
    await checkout.commit('merge: a comment in the module');
    const run = await applyReviewed(reviewed, 3);
    expect(run.errors).toEqual([]);
    expect(run.outputs.applied).toBe('true');
    expect(run.summary).toMatch(/1 file\(s\) Terraform reads changed since \(infra\/main\.tf\).*does exactly what/);
  });

  test('the new plan does something else: plan-changed, naming the difference, nothing applied', async () => {
    const reviewed = await planAt(4);
    const main = readFileSync(path.join(checkout.dir, 'infra/main.tf'), 'utf8');
    checkout.write('infra/main.tf', main.replace('-instance-${count.index}', '-node-${count.index}'));
    await checkout.commit('merge: instances renamed');
    const run = await applyReviewed(reviewed, 4);
    expect(run.outputs['failure-reason']).toBe('plan-changed');
    expect(run.errors[0]).toMatch(
      /since the review.*terraform_data\.instance\[3\]: reviewed create .*web-instance-3.*now create/,
    );
    expect(run.stdout).not.toMatch(/Apply complete/);
  });
});

test(`plan options reach ${first.name}: targets, replace, refresh-only, parallelism`, async () => {
  const checkout = await Checkout.create(tempDir('tpa-options-'), 'repo');
  const inputs = (extra: Record<string, string>) => serviceInputs(`options/${first.name}.tfstate`, extra);
  const targeted = await runWith(
    first,
    checkout,
    awsEnv,
    inputs({ command: 'plan-apply', targets: 'terraform_data.service', parallelism: '2' }),
  );
  expect(targeted.errors).toEqual([]);
  expect(targeted.outputs).toMatchObject({ 'add-count': '1', applied: 'true' });
  expect(targeted.stdout).toMatch(/-target=terraform_data\.service -parallelism=2/);

  const replaced = await runWith(
    first,
    checkout,
    awsEnv,
    inputs({ command: 'plan', replace: 'terraform_data.service', targets: 'terraform_data.service' }),
  );
  expect(replaced.outputs).toMatchObject({ 'replace-count': '1', 'failure-reason': 'destroy-blocked' });

  const refreshOnly = await runWith(first, checkout, awsEnv, inputs({ command: 'plan', 'refresh-only': 'true' }));
  expect(refreshOnly.errors).toEqual([]);
  // Only the state and outputs would change: no resource is created, even those the targeted apply left out.
  expect(refreshOnly.outputs).toMatchObject({ 'add-count': '0', 'change-count': '0', 'destroy-count': '0' });
  expect(refreshOnly.stdout).toMatch(/\[command\] \S+ plan .*-refresh-only/);
});

describe(`role-to-assume with the job's OIDC token, with ${first.name}`, () => {
  let server: Server;
  const jwt = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: 'repo:acme/service:ref:refs/heads/main' })).toString('base64url')}.`;
  let oidcEnv: Record<string, string>;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ value: jwt }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    oidcEnv = {
      ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token',
    };
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test('the binary gets the assumed credentials in its environment, masked; the account is bound and guarded', async () => {
    const checkout = await Checkout.create(tempDir('tpa-oidc-'), 'repo', path.join(fixtures, 'whoami'));
    const inputs = {
      command: 'plan-apply',
      environment: 'dev',
      'role-to-assume': 'arn:aws:iam::210987654321:role/terraform',
      'allowed-account-ids': '210987654321',
    };
    const run = await runWith(first, checkout, awsEnv, inputs, { env: oidcEnv });
    expect(run.errors).toEqual([]);
    const who = readFileSync(path.join(checkout.dir, 'who'), 'utf8');
    expect(who).not.toBe(awsEnv.AWS_ACCESS_KEY_ID);
    expect(run.stdout).toContain(`::add-mask::${who}`);
    const bundle = JSON.parse(readFileSync(path.join(run.outputs['plan-bundle']!, 'manifest.json'), 'utf8')) as {
      bindings: { awsAccount: string };
    };
    expect(bundle.bindings.awsAccount).toBe('210987654321');

    const refused = await runWith(
      first,
      checkout,
      awsEnv,
      { ...inputs, 'allowed-account-ids': '111111111111' },
      { env: oidcEnv },
    );
    expect(refused.outputs['failure-reason']).toBe('account-not-allowed');
    expect(refused.stdout).not.toMatch(/\[command\] \S+ init /);
  });
});
