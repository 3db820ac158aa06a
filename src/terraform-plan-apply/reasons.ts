import { awsReasons, commonReasons, execReasons } from '../../action-helpers/reasons.js';

export const reasons = [
  ...commonReasons,
  ...awsReasons,
  ...execReasons,
  'no-commit',
  'init-failed',
  'plan-failed',
  'apply-failed',
  'exit-code-mismatch',
  'state-locked',
  'destroy-blocked',
  'plan-changed',
  'plan-stale',
  'invalid-bundle',
  'plan-store-failed',
  'event-not-allowed',
  'drift-detected',
  'comment-failed',
] as const;
export type Reason = (typeof reasons)[number];
