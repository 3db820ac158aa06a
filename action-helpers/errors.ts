/**
 * Failures an action reports on purpose. Each carries a `reason`, a short enum value that becomes
 * the `failure-reason` output, so a workflow can branch on the class of failure without parsing text.
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

/**
 * A mistake in the caller's configuration (a bad input, a missing permission they must grant).
 * Reported as one `::error` line; the stack goes to the debug log only, because it would only
 * distract from what the caller has to change.
 */
export class ConfigurationError extends ActionFailure {
  constructor(message: string, reason = 'invalid-input', options?: { cause?: unknown }) {
    super(message, reason, options);
  }
}

/** An input whose value is not accepted: names the input, the problem and what is accepted. */
export class InputError extends ConfigurationError {
  constructor(
    readonly input: string,
    problem: string,
    accepted: string,
  ) {
    super(`Input '${input}': ${problem}. Accepted: ${accepted}.`);
  }
}

/** Raised by an action whose behaviour is not built yet, so nobody mistakes it for a working one. */
export class NotBuiltError extends ActionFailure {
  constructor(action: string) {
    super(`${action} is not built yet: this release only reserves its name and interface.`, 'not-implemented');
  }
}

/** The message of anything thrown, without assuming it is an Error. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
