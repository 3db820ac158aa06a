import * as core from '@actions/core';
import { ActionFailure, ConfigurationError, messageOf } from './errors.js';

/**
 * Runs an action's main function and turns whatever it throws into a failed step: one `::error`
 * line, the `failure-reason` output, and a non-zero exit code. Mistakes the caller can fix never
 * print a stack trace; unexpected failures print theirs to the log (not the annotation) for bug reports.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    reportFailure(err);
  }
}

interface Classified {
  reason: string;
  callerCanFix: boolean;
}

// AWS answers these when the credentials are missing, wrong or lack a permission: the caller's to fix.
const awsCallerErrors: Record<string, string> = {
  CredentialsProviderError: 'aws-credentials',
  ExpiredToken: 'aws-credentials',
  ExpiredTokenException: 'aws-credentials',
  InvalidClientTokenId: 'aws-credentials',
  UnrecognizedClientException: 'aws-credentials',
  AccessDenied: 'aws-access-denied',
  AccessDeniedException: 'aws-access-denied',
};

export function classify(err: unknown): Classified {
  if (err instanceof ActionFailure) return { reason: err.reason, callerCanFix: err instanceof ConfigurationError };
  const name = err instanceof Error ? err.name : '';
  const awsReason = awsCallerErrors[name];
  if (awsReason) return { reason: awsReason, callerCanFix: true };
  return { reason: 'internal', callerCanFix: false };
}

export function reportFailure(err: unknown): void {
  const { reason, callerCanFix } = classify(err);
  core.setOutput('failure-reason', reason);
  const stack = err instanceof Error ? err.stack : undefined;
  if (stack && !callerCanFix && !(err instanceof ActionFailure)) {
    core.info(`Unexpected failure; stack for the bug report:\n${stack}`);
  } else if (stack && core.isDebug()) {
    core.debug(stack);
  }
  // The workflow command escapes newlines, so even a multi-line message stays one `::error` line.
  core.setFailed(messageOf(err));
}
