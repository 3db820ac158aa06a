/**
 * Failures an action reports on purpose. Each carries a `reason`, a short enum value that becomes
 * the `failure-reason` output, so a workflow can branch on the class of failure without parsing text.
 * An ActionFailure is expected (a bad input, a refused plan, a failed rollout): it is reported as one
 * `::error` line, with its stack in the debug log only. Anything else thrown is a bug and is reported
 * as `internal`, with its stack in the log for the bug report.
 */
export class ActionFailure extends Error {
  constructor(
    message: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An input whose value is not accepted: names the input, the problem and what is accepted. */
export class InputError extends ActionFailure {
  constructor(
    readonly input: string,
    problem: string,
    accepted: string,
  ) {
    super(`Input '${input}': ${problem}. Accepted: ${accepted}.`, 'invalid-input');
  }
}

/** The message of anything thrown, without assuming it is an Error. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
