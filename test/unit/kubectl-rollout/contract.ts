import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInputs, type Inputs } from '../../../src/kubectl-rollout/inputs.js';
import { reasons } from '../../../src/kubectl-rollout/reasons.js';
import { outputsOf, type Outcome } from '../../../src/kubectl-rollout/report.js';
import type { ActionContract } from '../../support/contract.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/kubectl-rollout');
const digest = `sha256:${'a'.repeat(64)}`;

export const contract: ActionContract<Inputs, Outcome> = {
  readInputs,
  sampleInputs: {
    'cluster-name': 'prod-eu',
    kubeconfig: '',
    context: '',
    'allow-kubeconfig-exec': 'false',
    manifests: 'web.yaml',
    kustomize: '',
    namespace: 'apps',
    images: `registry.local/web=registry.local/web@${digest}`,
    'allow-tags': 'false',
    annotations: 'example.com/team=payments',
    'field-manager': 'kubectl-rollout',
    'force-conflicts': 'true',
    prune: 'true',
    'apply-set': 'payments',
    'dry-run': 'server',
    timeout: '2m',
    'rollback-on-failure': 'true',
    environment: 'prod',
    'record-evidence': 'true',
    registry: '127.0.0.1:5050',
    'evidence-signing-key': 'alias/evidence',
    'github-token': 'ghs_sample',
    'aws-region': 'eu-west-1',
    'role-to-assume': 'arn:aws:iam::123456789012:role/deploy',
    'role-session-name': 'deploy',
    'role-duration-seconds': '900',
    audience: 'sts.amazonaws.com',
    'allowed-account-ids': '123456789012',
  },
  sampleEnv: { GITHUB_WORKSPACE: fixtures },
  outputsOf,
  sampleOutcome: {
    inputs: {} as Inputs,
    changed: true,
    workloads: [
      {
        kind: 'Deployment',
        name: 'web',
        namespace: 'apps',
        revision: '2',
        images: { web: 'x' },
        ready: true,
        state: 'ready',
        message: '',
      },
    ],
    previous: [],
    rollback: { state: 'rolled-back', message: '' },
    evidence: [{ image: 'x', digest, artifactDigest: digest }],
  },
  reasons,
};
