/**
 * The `failure-reason` values the shared helpers raise. Each action's `reasons.ts` lists the groups
 * it can meet (every action meets the common ones) beside its own, and the contract test ties that
 * list to the action's action.yml and README.
 */

/** Any action: a bad input, the runner's cancel, a bug. */
export const commonReasons = ['invalid-input', 'cancelled', 'internal'] as const;

/** Actions that call AWS (action-helpers/aws.ts). */
export const awsReasons = ['aws-credentials', 'aws-access-denied', 'account-not-allowed'] as const;

/** Actions that run a program (action-helpers/exec.ts). */
export const execReasons = ['tool-missing', 'timeout', 'command-failed'] as const;

/** Actions that write or read release evidence (action-helpers/evidence.ts). */
export const evidenceReasons = ['evidence-failed'] as const;

/** Actions that call GitHub's API and fail without it (action-helpers/github.ts, github-deployments.ts). */
export const githubReasons = ['github-access'] as const;
