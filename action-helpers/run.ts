import * as core from '@actions/core';
import { ActionFailure, messageOf } from './errors.js';

/** What every action's `run` receives: the run's abort signal, fired when the runner cancels the job. */
export interface RunContext {
  signal: AbortSignal;
}

/**
 * Runs an action's main function and turns whatever it throws into a failed step: one `::error`
 * line, the `failure-reason` output, and a non-zero exit code. Mistakes the caller can fix never
 * print a stack trace; unexpected failures print theirs to the log (not the annotation) for bug reports.
 *
 * Cancelling a job sends SIGINT, then SIGTERM a few seconds later. Node's default for both is to
 * exit at once, which would leave child processes (a terraform holding a state lock, a build)
 * running. Instead the signal aborts `context.signal`; every child process and poll loop listens to
 * it, stops cleanly, and the action ends with `failure-reason=cancelled`.
 */
export async function runAction(main: (context: RunContext) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    core.info(`Received ${signal}: stopping.`);
    controller.abort(new ActionFailure(`The run was cancelled (${signal}).`, 'cancelled'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await main({ signal: controller.signal });
  } catch (err) {
    reportFailure(controller.signal.aborted ? cancelledUnlessFailure(err, controller.signal) : err);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** After a cancel, whatever broke is reported as the cancel, unless it already says why it failed. */
function cancelledUnlessFailure(err: unknown, signal: AbortSignal): unknown {
  if (err instanceof ActionFailure && err.reason !== 'internal' && err.reason !== 'command-failed') return err;
  return signal.reason;
}

export interface Failure {
  /** The `failure-reason` output. */
  reason: string;
  message: string;
  /** Expected (an ActionFailure or an AWS credentials error): no stack trace in the log. */
  expected: boolean;
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

/** What a thrown value means for the caller: the failure-reason, the message, whose fault. */
export function failureOf(err: unknown): Failure {
  const message = messageOf(err);
  if (err instanceof ActionFailure) {
    return { reason: err.reason, message, expected: true };
  }
  const name = err instanceof Error ? err.name : '';
  const awsReason = awsCallerErrors[name];
  if (awsReason) return { reason: awsReason, message, expected: true };
  return { reason: 'internal', message, expected: false };
}

export function reportFailure(err: unknown): void {
  const { reason, expected, message } = failureOf(err);
  core.setOutput('failure-reason', reason);
  const stack = err instanceof Error ? err.stack : undefined;
  if (stack && !expected) {
    core.info(`Unexpected failure; stack for the bug report:\n${stack}`);
  } else if (stack && core.isDebug()) {
    core.debug(stack);
  }
  // The workflow command escapes newlines, so even a multi-line message stays one `::error` line.
  core.setFailed(message);
}

/** The page of this workflow run, from the runner's environment, when it is known. */
export function runUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  if (!GITHUB_SERVER_URL || !GITHUB_REPOSITORY || !GITHUB_RUN_ID) return undefined;
  return `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
}
