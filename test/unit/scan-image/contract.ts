import type { ActionContract } from '../../support/contract.js';
import { readInputs, type Inputs } from '../../../src/scan-image/inputs.js';
import { reasons } from '../../../src/scan-image/reasons.js';
import { outputsOf, type Outcome } from '../../../src/scan-image/report.js';

export const contract: ActionContract<Inputs, Outcome> = {
  readInputs,
  sampleInputs: {
    image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.0',
    source: 'report',
    reports: 'test/fixtures/scan-image/trivy.json\ntest/fixtures/scan-image/grype.json',
    'fail-on': 'critical',
    display: 'any',
    'ignore-unfixed': 'true',
    'ignore-file': 'test/fixtures/scan-image/ignore.yaml',
    'fail-on-stale-ignores': 'true',
    'wait-timeout': '5m',
    'max-age': '12h',
    'sarif-file': 'scan.sarif',
    registry: '',
    'record-evidence': 'false',
    'evidence-signing-key': 'alias/release-evidence',
    'dry-run': 'true',
    'aws-region': 'eu-west-1',
    'role-to-assume': 'arn:aws:iam::123456789012:role/gate',
    'role-session-name': 'gate',
    'role-duration-seconds': '900',
    audience: 'sts.amazonaws.com',
    'allowed-account-ids': '123456789012',
  },
  sampleEnv: { GITHUB_WORKSPACE: process.cwd() },
  outputsOf,
  sampleOutcome: { inputs: {} as Inputs, notes: [] },
  reasons,
};
