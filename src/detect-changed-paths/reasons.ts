import { commonReasons, execReasons, githubReasons } from '../../action-helpers/reasons.js';

/** Every `failure-reason` this action can set; git's own failures are the exec ones, the Deployments API's the github ones. */
export const reasons = [
  ...commonReasons,
  ...execReasons,
  ...githubReasons,
  'invalid-event',
  'missing-base',
  'missing-head',
  'not-a-repository',
  'outputs-too-large',
] as const;
export type Reason = (typeof reasons)[number];
