import { spawn } from 'node:child_process';
import * as core from '@actions/core';
import { ActionFailure } from './errors.js';

/**
 * Runs a program with an argv array and never a shell, so shell metacharacters in any value stay
 * data. Secrets travel on stdin only: they are masked first, and a secret found in argv is refused
 * before the program starts. Written on child_process rather than @actions/exec because that
 * library has neither timeouts nor cancellation, and a hung `docker push` must not hang a job.
 */
export interface ExecOptions {
  cwd?: string;
  /** Variables added to (not replacing) the current environment. */
  env?: Record<string, string | undefined>;
  /** Written to the program's stdin, then stdin is closed. */
  stdin?: string | Buffer;
  /** Values to mask in the log; each must be absent from argv. */
  secrets?: readonly string[];
  /** Stream the program's output into the job log (default true). */
  echo?: boolean;
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A program that exited non-zero, timed out or could not start. */
export class ExecError extends ActionFailure {
  constructor(
    message: string,
    readonly result: ExecResult,
    reason = 'command-failed',
  ) {
    super(message, reason);
  }
}

export async function execProgram(
  program: string,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const secrets = (options.secrets ?? []).filter((s) => s !== '');
  for (const secret of secrets) core.setSecret(secret);
  if (args.some((arg) => secrets.some((secret) => arg.includes(secret)))) {
    // A programming error in the caller, caught before any process could expose the secret.
    throw new Error(`refusing to run ${program}: a secret would appear in its arguments`);
  }
  const echo = options.echo ?? true;
  if (echo) core.info(`[command] ${[program, ...args].join(' ')}`);

  const child = spawn(program, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    timeout: options.timeoutMs,
    signal: options.signal,
    killSignal: 'SIGTERM',
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout.push(chunk);
    if (echo) process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    if (echo) process.stdout.write(chunk);
  });
  child.stdin.on('error', () => {
    // The program may exit without reading stdin (EPIPE); its exit code tells what happened.
  });
  child.stdin.end(options.stdin ?? '');

  const { code, error } = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (err) => resolve({ code: null, error: err }));
    child.once('close', (exitCode) => resolve({ code: exitCode }));
  });
  const result: ExecResult = {
    exitCode: code ?? -1,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  };
  if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new ExecError(`${program} was not found on PATH`, result, 'tool-missing');
  }
  if (error?.name === 'AbortError') throw new ExecError(`${program} was cancelled`, result, 'cancelled');
  if (child.signalCode && options.timeoutMs !== undefined && code === null) {
    throw new ExecError(`${program} did not finish within ${options.timeoutMs / 1000}s`, result, 'timeout');
  }
  if (result.exitCode !== 0 && !options.allowFailure) {
    throw new ExecError(
      `${program} ${args[0] ?? ''} failed with exit code ${result.exitCode}${tail(result.stderr)}`,
      result,
    );
  }
  return result;
}

/** The last lines of a program's error output, where the cause usually is. */
function tail(text: string, lines = 5): string {
  const last = text.trimEnd().split('\n').slice(-lines).join('\n');
  return last ? `:\n${last}` : '';
}
