import {
  awsReasons,
  commonReasons,
  evidenceReasons,
  execReasons,
  githubReasons,
} from '../../action-helpers/reasons.js';

/** The `failure-reason` values of promote-environment (documented in action.yml and the README). */
export const reasons = [
  ...commonReasons,
  ...awsReasons,
  ...execReasons,
  ...evidenceReasons,
  ...githubReasons,
  'image-not-found',
  'gate-not-scanned',
  'gate-scan-failed',
  'gate-not-deployed',
  'gate-soak',
  'gate-unsigned',
  'repository-not-found',
  'tag-conflict',
  'copy-failed',
  'digest-mismatch',
  'gitops-conflict',
  'gitops-failed',
] as const;

export type Reason = (typeof reasons)[number];
