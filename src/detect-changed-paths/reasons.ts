import { commonReasons, execReasons } from '../../action-helpers/reasons.js';

/** Every `failure-reason` this action can set; git's own failures are the exec ones. */
export const reasons = [
  ...commonReasons,
  ...execReasons,
  'invalid-event',
  'missing-base',
  'missing-head',
  'not-a-repository',
  'github-access',
  'outputs-too-large',
] as const;
export type Reason = (typeof reasons)[number];
