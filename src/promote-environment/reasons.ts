import { awsReasons, commonReasons, execReasons } from '../../action-helpers/reasons.js';

/** The `failure-reason` values of promote-environment (documented in action.yml and the README). */
export const reasons = [
  ...commonReasons,
  ...awsReasons,
  ...execReasons,
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
  'evidence-failed',
  'gitops-conflict',
  'gitops-failed',
  'github-api-failed',
] as const;

export type Reason = (typeof reasons)[number];
