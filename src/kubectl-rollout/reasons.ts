import { awsReasons, commonReasons, execReasons } from '../../action-helpers/reasons.js';

export const reasons = [
  ...commonReasons,
  ...awsReasons,
  // kustomize build runs as a program
  ...execReasons,
  'invalid-manifest',
  'cluster-unreachable',
  'forbidden',
  'apply-failed',
  'rollout-failed',
  'rollout-timeout',
  'rollback-failed',
  'evidence-failed',
] as const;
export type Reason = (typeof reasons)[number];
