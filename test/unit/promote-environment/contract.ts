import type { ActionContract } from '../../support/contract.js';
import { withInputs } from '../../support/inputs.js';
import { readInputs, type Inputs } from '../../../src/promote-environment/inputs.js';
import { reasons } from '../../../src/promote-environment/reasons.js';
import { outputsOf, type Outcome } from '../../../src/promote-environment/report.js';

export const sampleInputs: Record<string, string> = {
  repository: 'team/api',
  source: 'sha256:' + 'a'.repeat(64),
  'source-environment': 'uat',
  'target-environment': 'prod',
  'target-tags': 'prod\nv1.2.3',
  'target-repository': 'team/api',
  'target-registry': '210987654321.dkr.ecr.eu-west-1.amazonaws.com',
  'target-region': 'eu-west-1',
  'target-role-to-assume': 'arn:aws:iam::210987654321:role/promote',
  registry: '127.0.0.1:5050',
  'require-scan': 'true',
  'require-deployment': 'true',
  'max-scan-age': '24h',
  'min-soak-time': '30m',
  'evidence-signing-key': 'alias/evidence',
  'github-token': 'ghs_contract',
  'github-deployment': 'true',
  'gitops-repository': 'acme/gitops',
  'gitops-path': 'clusters/prod/kustomization.yaml',
  'gitops-branch': 'main',
  'gitops-mode': 'pull-request',
  'gitops-format': 'auto',
  'gitops-image-name': 'api',
  'gitops-helm-repository-key': 'image.repository',
  'gitops-helm-digest-key': 'image.digest',
  'gitops-token': 'ghs_gitops',
  'dry-run': 'true',
  'aws-region': 'eu-west-1',
  'role-to-assume': 'arn:aws:iam::123456789012:role/promote',
  'role-session-name': 'promote',
  'role-duration-seconds': '3600',
  audience: 'sts.amazonaws.com',
  'allowed-account-ids': '123456789012',
};

const digest = 'sha256:' + 'b'.repeat(64);

export const contract: ActionContract<Inputs, Outcome> = {
  readInputs: () => readInputs(),
  sampleInputs,
  sampleEnv: { GITHUB_WORKSPACE: process.cwd() },
  outputsOf,
  sampleOutcome: {
    inputs: withInputs({ ...sampleInputs, 'dry-run': 'false' }, readInputs),
    digest,
    sourceImage: `127.0.0.1:5050/team/api@${digest}`,
    targetImage: `210987654321.dkr.ecr.eu-west-1.amazonaws.com/team/api@${digest}`,
    mode: 'copy',
    gates: [{ gate: 'image-exists', status: 'passed', detail: 'the digest is in the repository', evidence: [] }],
    tagsAlreadyThere: [],
    tagsSet: ['prod', 'v1.2.3'],
    promotionRecord: { artifactDigest: digest, written: true },
    deploymentId: 7,
    gitops: {
      commit: 'c'.repeat(40),
      changed: true,
      branch: 'promote/prod/x',
      attempts: 1,
      pullRequest: { number: 1, url: 'u' },
    },
  },
  reasons,
};
