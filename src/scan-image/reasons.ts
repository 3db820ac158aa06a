import { awsReasons, commonReasons, evidenceReasons } from '../../action-helpers/reasons.js';

export const reasons = [
  ...commonReasons,
  ...awsReasons,
  ...evidenceReasons,
  'image-not-found',
  'scan-failed',
  'scan-timeout',
  'report-invalid',
  'vulnerabilities-found',
  'stale-ignores',
] as const;
export type Reason = (typeof reasons)[number];
