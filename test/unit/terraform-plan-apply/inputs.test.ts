import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  defaultBundle,
  inlineVariables,
  readInputs,
  variableLeaves,
} from '../../../src/terraform-plan-apply/inputs.js';
import { withInputs } from '../../support/inputs.js';

let workspace: string;
let runnerTemp: string;
const saved = { ...process.env };

beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'tpa-inputs-'));
  runnerTemp = mkdtempSync(path.join(tmpdir(), 'tpa-runner-temp-'));
  mkdirSync(path.join(workspace, 'infra', 'env'), { recursive: true });
  writeFileSync(path.join(workspace, 'infra', 'dev.tfvars'), 'a = 1\n');
  writeFileSync(path.join(workspace, 'infra', 'env', 'x.tfvars'), 'a = 1\n');
  writeFileSync(path.join(workspace, 'infra', 'dev.s3.tfbackend'), 'bucket = "b"\n');
  mkdirSync(path.join(workspace, 'notes'));
  writeFileSync(path.join(workspace, 'notes', 'keep.txt'), 'mine');
  mkdirSync(path.join(workspace, 'old-bundle'));
  writeFileSync(path.join(workspace, 'old-bundle', 'manifest.json'), '{}');
  symlinkSync('/etc', path.join(workspace, 'escape'));
  process.env.GITHUB_WORKSPACE = workspace;
  process.env.RUNNER_TEMP = runnerTemp;
  for (const key of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'TF_WORKSPACE']) delete process.env[key];
});

afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  rmSync(workspace, { recursive: true, force: true });
  rmSync(runnerTemp, { recursive: true, force: true });
});

const read = (inputs: Record<string, string>) => withInputs(inputs, readInputs);

describe('readInputs', () => {
  test('defaults', () => {
    expect(read({ environment: 'dev' })).toEqual({
      command: 'plan',
      workingDirectory: workspace,
      workingDirectoryLabel: '.',
      environment: 'dev',
      workspace: 'default',
      backendConfig: [],
      varFiles: [],
      variables: undefined,
      binary: 'auto',
      lockTimeoutMs: 300_000,
      allowDestroy: false,
      destroy: false,
      targets: [],
      replace: [],
      refreshOnly: false,
      parallelism: undefined,
      commentOnPr: true,
      githubToken: undefined,
      planBundle: path.join(runnerTemp, 'plan-bundles/root--dev'),
      planStore: undefined,
      expectedPlanSha256: undefined,
      reviewedCommit: undefined,
      dryRun: false,
      aws: undefined,
    });
  });

  test('every input read and resolved against the workspace and working directory', () => {
    const inputs = read({
      command: 'plan-apply',
      'working-directory': './infra/',
      environment: 'prod-eu',
      workspace: 'blue',
      'backend-config': 'dev.s3.tfbackend\n  key = prod/terraform.tfstate \nendpoints={s3="http://x"}',
      'var-files': 'dev.tfvars\n./env/../env/x.tfvars',
      variables: '{"name": "web"}',
      binary: 'tofu',
      'lock-timeout': '90s',
      'allow-destroy': 'true',
      'comment-on-pr': 'false',
      'plan-bundle': 'out/bundle',
      'plan-store': 's3://plans-bucket/team/a',
      'plan-store-kms-key': 'alias/plans',
      'aws-region': 'eu-west-1',
      targets: 'module.a.b["x"]',
      parallelism: '4',
    });
    expect(inputs).toMatchObject({
      command: 'plan-apply',
      workingDirectory: path.join(workspace, 'infra'),
      workingDirectoryLabel: 'infra',
      workspace: 'blue',
      backendConfig: [
        path.join(workspace, 'infra', 'dev.s3.tfbackend'),
        'key=prod/terraform.tfstate',
        'endpoints={s3="http://x"}',
      ],
      // One spelling per file, so ./env/x.tfvars and env/x.tfvars bind the same.
      varFiles: [
        { path: 'dev.tfvars', absolute: path.join(workspace, 'infra/dev.tfvars') },
        { path: 'env/x.tfvars', absolute: path.join(workspace, 'infra/env/x.tfvars') },
      ],
      variables: { syntax: 'json', text: '{"name": "web"}' },
      binary: 'tofu',
      lockTimeoutMs: 90_000,
      allowDestroy: true,
      commentOnPr: false,
      planBundle: path.join(workspace, 'out/bundle'),
      planStore: { bucket: 'plans-bucket', prefix: 'team/a', kmsKeyId: 'alias/plans' },
      targets: ['module.a.b["x"]'],
      parallelism: 4,
      aws: { region: 'eu-west-1', allowedAccountIds: [] },
    });
  });

  test('TF_WORKSPACE: used when the input is empty, refused when it disagrees', () => {
    process.env.TF_WORKSPACE = 'green';
    try {
      expect(read({ environment: 'dev' }).workspace).toBe('green');
      expect(read({ environment: 'dev', workspace: 'green' }).workspace).toBe('green');
      expect(() => read({ environment: 'dev', workspace: 'blue' })).toThrow(
        /Input 'workspace': "blue" differs from TF_WORKSPACE="green"/,
      );
    } finally {
      delete process.env.TF_WORKSPACE;
    }
  });

  test('apply reads a bundle folder that is there; with plan-store it needs none', () => {
    expect(read({ environment: 'dev', command: 'apply', 'plan-bundle': 'old-bundle' }).planBundle).toBe(
      path.join(workspace, 'old-bundle'),
    );
    expect(
      read({ environment: 'dev', command: 'apply', 'plan-store': 's3://plans-bucket', 'aws-region': 'us-east-1' }),
    ).toMatchObject({
      planStore: { bucket: 'plans-bucket', prefix: '' },
      planBundle: expect.stringContaining(runnerTemp),
    });
  });

  test.each([
    [
      { environment: 'dev', command: 'destroy' },
      /Input 'command': "destroy" is not valid. Accepted: one of plan, apply, plan-apply, drift-check/,
    ],
    [{}, /Input 'environment': a value is required/],
    [{ environment: 'dev;rm -rf /' }, /Input 'environment'.*Accepted: an environment name/],
    [{ environment: 'dev', workspace: '$(id)' }, /Input 'workspace'.*Accepted: a workspace name/],
    [{ environment: 'dev', 'working-directory': 'nope' }, /Input 'working-directory': "nope" does not exist/],
    [
      { environment: 'dev', 'working-directory': '../..' },
      /Input 'working-directory': "..\/.." is outside the workspace/,
    ],
    [{ environment: 'dev', 'var-files': 'missing.tfvars' }, /Input 'var-files': "missing.tfvars" does not exist/],
    [{ environment: 'dev', 'var-files': '/etc/passwd' }, /Input 'var-files': "\/etc\/passwd" is outside the workspace/],
    [{ environment: 'dev', 'backend-config': 'missing.hcl' }, /Input 'backend-config': "missing.hcl" is not a file/],
    [
      { environment: 'dev', 'backend-config': 'bad key=x' },
      /Input 'backend-config': "bad key" is not a backend setting name/,
    ],
    [{ environment: 'dev', variables: '{"a": ' }, /Input 'variables': the value starts with \{ but is not valid JSON/],
    [{ environment: 'dev', variables: '["a"]' }, /Input 'variables': the value is neither/],
    [{ environment: 'dev', binary: 'terragrunt' }, /Input 'binary'.*one of auto, terraform, tofu/],
    [{ environment: 'dev', 'lock-timeout': 'forever' }, /Input 'lock-timeout'/],
    [{ environment: 'dev', 'allow-destroy': 'yes' }, /Input 'allow-destroy'.*true or false/],
    [{ environment: 'dev', command: 'apply' }, /Input 'plan-bundle': .* does not exist/],
    [{ environment: 'dev', targets: '-lock=false' }, /Input 'targets'/],
    [{ environment: 'dev', replace: 'a b' }, /Input 'replace'/],
    [{ environment: 'dev', parallelism: '-1' }, /Input 'parallelism'/],
    [{ environment: 'dev', 'plan-store': 'https://bucket' }, /Input 'plan-store'.*s3:\/\/bucket/],
    [{ environment: 'dev', 'plan-store-kms-key': 'alias/x' }, /Input 'plan-store-kms-key': it needs plan-store/],
    [{ environment: 'dev', 'plan-sha256': 'abc' }, /Input 'plan-sha256'/],
    [{ environment: 'dev', 'dry-run': 'maybe' }, /Input 'dry-run'/],
    // plan-bundle: never the checkout, the module, a folder that is not a bundle, or outside.
    [{ environment: 'dev', 'plan-bundle': '.' }, /Input 'plan-bundle': .* holds the checkout or the root module/],
    [
      { environment: 'dev', 'plan-bundle': 'infra/..', 'working-directory': 'infra' },
      /Input 'plan-bundle': .* holds the checkout/,
    ],
    [{ environment: 'dev', 'plan-bundle': '.git/x' }, /Input 'plan-bundle': .* holds the checkout/],
    [{ environment: 'dev', 'plan-bundle': 'notes' }, /Input 'plan-bundle': .* is a folder that is not a plan bundle/],
    [{ environment: 'dev', 'plan-bundle': '../../etc' }, /Input 'plan-bundle': "..\/..\/etc" is outside the workspace/],
    [{ environment: 'dev', 'plan-bundle': 'escape/x' }, /Input 'plan-bundle': "escape\/x" is outside the workspace/],
  ])('refuses %j', (inputs, message) => {
    expect(() => read(inputs as Record<string, string>)).toThrow(message);
  });

  test('plan-bundle: an old bundle or a new folder in the workspace or RUNNER_TEMP is accepted', () => {
    expect(read({ environment: 'dev', 'plan-bundle': 'old-bundle' }).planBundle).toBe(
      path.join(workspace, 'old-bundle'),
    );
    const inTemp = path.join(runnerTemp, 'b');
    expect(read({ environment: 'dev', 'plan-bundle': inTemp }).planBundle).toBe(inTemp);
  });
});

describe('variableLeaves: every value masked before the binary runs', () => {
  test.each([
    [
      '{"name": "web", "nested": {"token": "t0ken-x", "list": ["a1b2", 12345]}, "on": true}',
      ['web', 't0ken-x', 'a1b2', '12345'],
    ],
    [
      'name = "web"\n# comment\ntoken = "s3cr\\"et"\nport = 54321\ntags = ["x-tag", 99999]\ncert = <<EOT\nline-one\nline-two\nEOT\nenabled = true',
      ['web', 's3cr\\"et', '54321', 'x-tag', '99999', 'line-one', 'line-two'],
    ],
  ])('%j', (raw, leaves) => {
    expect(new Set(variableLeaves(inlineVariables(raw)!))).toEqual(new Set(leaves));
  });
});

describe('inlineVariables', () => {
  test.each([
    ['', undefined],
    ['  {"a": [1, 2]}  ', { syntax: 'json', text: '{"a": [1, 2]}' }],
    ['# comment\nname = "web"\ninstances = 2', { syntax: 'hcl', text: '# comment\nname = "web"\ninstances = 2' }],
  ])('%j', (raw, expected) => {
    expect(inlineVariables(raw)).toEqual(expected);
  });

  test.each(['{"a": }', '"just a string"', 'rm -rf /', '{"a":1} trailing', '[1]'])('refuses %j', (raw) => {
    expect(() => inlineVariables(raw)).toThrow(/Input 'variables'/);
  });
});

test.each([
  ['.', 'dev', 'root--dev'],
  ['infra/network', 'prod', 'infra-network--prod'],
  ['./infra/../x y', 'uat', 'x-y--uat'],
])('defaultBundle(%j, %j) = %j', (dir, env, expected) => {
  expect(defaultBundle('/t', dir, env)).toBe(`/t/plan-bundles/${expected}`);
});
