import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readInputs, type Inputs } from '../../../src/terraform-plan-apply/inputs.js';
import { reasons } from '../../../src/terraform-plan-apply/reasons.js';
import { outputsOf, type Outcome } from '../../../src/terraform-plan-apply/report.js';
import type { ActionContract } from '../../support/contract.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'tpa-contract-'));
mkdirSync(path.join(workspace, 'infra'));
writeFileSync(path.join(workspace, 'infra', 'dev.tfvars'), 'a = 1\n');

const sampleOutcome: Outcome = {
  inputs: { command: 'plan-apply' } as Inputs,
  plan: {
    hasChanges: true,
    summary: {
      counts: { add: 1, change: 0, destroy: 0, replace: 0, move: 0, import: 0 },
      destructive: [],
      outputChanges: 0,
    },
    text: 'Plan: 1 to add',
  },
};

export const contract: ActionContract<Inputs, Outcome> = {
  readInputs,
  sampleInputs: {
    command: 'plan',
    'working-directory': 'infra',
    environment: 'dev',
    workspace: 'blue',
    'backend-config': 'key=dev/terraform.tfstate',
    'var-files': 'dev.tfvars',
    variables: '{"name": "web"}',
    binary: 'tofu',
    'lock-timeout': '1m',
    'allow-destroy': 'false',
    'comment-on-pr': 'true',
    'github-token': 'token',
    'plan-bundle': 'bundle',
    'plan-store': 's3://bucket/plans',
    'plan-store-kms-key': 'alias/plans',
    'plan-sha256': 'a'.repeat(64),
    'reviewed-commit': 'b'.repeat(40),
    destroy: 'false',
    targets: 'terraform_data.a',
    replace: 'terraform_data.b',
    'refresh-only': 'false',
    parallelism: '4',
    'dry-run': 'false',
    'aws-region': 'eu-west-1',
    'role-to-assume': 'arn:aws:iam::123456789012:role/deploy',
    'role-session-name': 'session',
    'role-duration-seconds': '900',
    audience: 'sts.amazonaws.com',
    'allowed-account-ids': '123456789012',
  },
  sampleEnv: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: path.join(workspace, 'tmp') },
  outputsOf,
  sampleOutcome,
  reasons,
};
