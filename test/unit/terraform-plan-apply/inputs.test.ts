import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleName, inlineVariables, readInputs } from '../../../src/terraform-plan-apply/inputs.js';

let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'tpa-inputs-'));
  mkdirSync(path.join(workspace, 'infra'));
  writeFileSync(path.join(workspace, 'infra', 'dev.tfvars'), 'a = 1\n');
  writeFileSync(path.join(workspace, 'infra', 'dev.s3.tfbackend'), 'bucket = "b"\n');
});

function withInputs(inputs: Record<string, string>) {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
  return readInputs({ ...process.env, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: '/runner/temp' });
}

afterAll(() => rmSync(workspace, { recursive: true, force: true }));

afterEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
});

describe('readInputs', () => {
  test('defaults', () => {
    expect(withInputs({ environment: 'dev' })).toEqual({
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
      commentOnPr: true,
      githubToken: undefined,
      planBundle: '/runner/temp/plan-bundles/root--dev',
    });
  });

  test('every input read and resolved against the workspace and working directory', () => {
    const inputs = withInputs({
      command: 'plan-apply',
      'working-directory': './infra/',
      environment: 'prod-eu',
      workspace: 'blue',
      'backend-config': 'dev.s3.tfbackend\n  key = prod/terraform.tfstate \nendpoints={s3="http://x"}',
      'var-files': 'dev.tfvars',
      variables: '{"name": "web"}',
      binary: 'tofu',
      'lock-timeout': '90s',
      'allow-destroy': 'true',
      'comment-on-pr': 'false',
      'plan-bundle': 'out/bundle',
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
      varFiles: ['dev.tfvars'],
      variables: { syntax: 'json', text: '{"name": "web"}' },
      binary: 'tofu',
      lockTimeoutMs: 90_000,
      allowDestroy: true,
      commentOnPr: false,
      planBundle: path.join(workspace, 'out/bundle'),
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
    [{ environment: 'dev', 'working-directory': 'nope' }, /Input 'working-directory': "nope" is not a directory/],
    [{ environment: 'dev', 'var-files': 'missing.tfvars' }, /Input 'var-files': "missing.tfvars" is not a file/],
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
    [{ environment: 'dev', command: 'apply' }, /Input 'plan-bundle': a value is required for command apply/],
  ])('refuses %j', (inputs, message) => {
    expect(() => withInputs(inputs as Record<string, string>)).toThrow(message);
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
])('bundleName(%j, %j) = %j', (dir, env, expected) => {
  expect(bundleName(dir, env)).toBe(expected);
});
