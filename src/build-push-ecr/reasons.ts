import { awsReasons, commonReasons, evidenceReasons, execReasons } from '../../action-helpers/reasons.js';

export const reasons = [
  ...commonReasons,
  ...awsReasons,
  ...execReasons,
  ...evidenceReasons,
  'secrets-unsupported',
  'platforms-unsupported',
  'docker-missing',
  'repository-not-found',
  'tag-conflict',
  'build-failed',
  'push-failed',
  'image-missing',
  'codebuild-project-not-found',
] as const;
export type Reason = (typeof reasons)[number];
