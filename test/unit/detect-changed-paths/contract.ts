import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs, type Inputs } from '../../../src/detect-changed-paths/inputs.js';
import { reasons } from '../../../src/detect-changed-paths/reasons.js';
import { outputsOf, type Outcome } from '../../../src/detect-changed-paths/report.js';
import type { ActionContract } from '../../support/contract.js';

const workspace = join(tmpdir(), 'dcp-contract');
mkdirSync(workspace, { recursive: true });

/**
 * The declared outputs are the fixed ones; the per-group outputs (`<group>`, `<group>-count`,
 * `<group>-files`, `<group>-files-path`) are dynamic and documented in the README. The sample outcome
 * is a run that failed before it could list any change: every fixed output is there, unset.
 */
export const contract: ActionContract<Inputs, Outcome> = {
  readInputs,
  sampleInputs: {
    filters: 'api: [services/api/**]',
    base: 'main',
    head: 'v2',
    'since-deployment': '',
    'github-token': 'ghs_sample',
    'on-missing-base': 'fail',
    'list-files': 'json',
    'max-fetch-depth': '100',
    'working-directory': '.',
  },
  sampleEnv: { GITHUB_WORKSPACE: workspace },
  outputsOf,
  sampleOutcome: {
    inputs: {
      filters: { groups: [], warnings: [], source: 'filters' },
      onMissingBase: 'all',
      listFiles: 'none',
      maxFetchDepth: 5000,
      workingDirectory: workspace,
    },
    failure: { reason: 'missing-base', message: 'No base to compare with', expected: true },
  },
  reasons,
};
