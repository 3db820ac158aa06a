import { spawn, type ChildProcess } from 'node:child_process';
import * as core from '@actions/core';
import { ActionFailure } from './errors.js';
import { UntrustedLineWriter } from './workflow-commands.js';

/**
 * Runs a program with an argv array and never a shell, so shell metacharacters in any value stay
 * data. Secrets travel on stdin only: they are masked first, and a secret found in argv is refused
 * before the program starts. The program's output echoed to the log is made inert: it cannot issue
 * workflow commands.
 *
 * Each program starts in its own process group, so that a timeout or a cancel reaches whatever it
 * started too (docker's buildx, terraform's providers): the group gets `killSignal` (SIGTERM, or
 * SIGINT for a tool that must release a lock), then SIGKILL after `graceMs`. The call returns when
 * the program exits, after at most `drainMs` more of output, even if a grandchild still holds its
 * stdout. Written on child_process rather than @actions/exec, which has no timeouts, cancellation or
 * process groups.
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
  /** The first signal sent on timeout or cancel (default SIGTERM). */
  killSignal?: 'SIGTERM' | 'SIGINT';
  /** Time between the first signal and SIGKILL (default 10 s). */
  graceMs?: number;
  /** How long to keep reading output once the program has exited (default 2 s). */
  drainMs?: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A program that exited non-zero, timed out, was cancelled or could not start. */
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
  if (options.signal?.aborted) {
    throw new ExecError(`${program} was not started: the run is cancelled`, emptyResult, 'cancelled');
  }
  const echo = options.echo ?? true;
  const log = echo ? new UntrustedLineWriter((text) => process.stdout.write(text)) : undefined;
  if (echo) log!.push(`[command] ${[program, ...args].join(' ')}\n`);

  const child = spawn(program, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    detached: true,
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout.push(chunk);
    log?.push(chunk);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    log?.push(chunk);
  });
  child.stdin!.on('error', () => {
    // The program may exit without reading stdin (EPIPE); its exit code tells what happened.
  });
  child.stdin!.end(options.stdin ?? '');

  let stoppedFor: 'timeout' | 'cancelled' | undefined;
  const stopper = new GroupStopper(child, options.killSignal ?? 'SIGTERM', options.graceMs ?? 10_000);
  const stop = (why: 'timeout' | 'cancelled') => {
    stoppedFor ??= why;
    stopper.stop();
  };
  const timer = options.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined;
  const onAbort = () => stop('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const { code, error } = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (err) => resolve({ code: null, error: err }));
    child.once('exit', (exitCode) => resolve({ code: exitCode }));
  });
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  await drained(child, options.drainMs ?? 2_000);
  stopper.done();
  log?.end();

  const result: ExecResult = {
    exitCode: code ?? -1,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  };
  if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new ExecError(`${program} was not found on PATH`, result, 'tool-missing');
  }
  if (error) throw new ExecError(`${program} could not start: ${error.message}`, result);
  if (stoppedFor === 'cancelled') throw new ExecError(`${program} was cancelled`, result, 'cancelled');
  if (stoppedFor === 'timeout') {
    throw new ExecError(`${program} did not finish within ${options.timeoutMs! / 1000}s`, result, 'timeout');
  }
  if (result.exitCode !== 0 && !options.allowFailure) {
    throw new ExecError(
      `${program} ${args[0] ?? ''} failed with exit code ${result.exitCode}${tail(result.stderr)}`,
      result,
    );
  }
  return result;
}

const emptyResult: ExecResult = { exitCode: -1, stdout: '', stderr: '' };

/** Signals a child's whole process group: first the polite signal, SIGKILL after the grace period. */
class GroupStopper {
  private escalation?: NodeJS.Timeout;

  constructor(
    private readonly child: ChildProcess,
    private readonly first: NodeJS.Signals,
    private readonly graceMs: number,
  ) {}

  stop(): void {
    if (this.escalation) return;
    this.signal(this.first);
    this.escalation = setTimeout(() => this.signal('SIGKILL'), this.graceMs);
  }

  /** The program has exited: leave nothing of its group behind that we were already stopping. */
  done(): void {
    if (!this.escalation) return;
    clearTimeout(this.escalation);
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // The group is already gone.
    }
  }
}

/** Waits for the output streams to close, at most `ms`: a grandchild may hold them open forever. */
async function drained(child: ChildProcess, ms: number): Promise<void> {
  const streams = [child.stdout, child.stderr].filter((s) => s !== null && !s.readableEnded && !s.destroyed);
  if (streams.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(streams.map((s) => new Promise((resolve) => s!.once('close', resolve)))),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
  for (const s of streams) s!.destroy();
}

/** The last lines of a program's error output, where the cause usually is. */
function tail(text: string, lines = 5): string {
  const last = text.trimEnd().split('\n').slice(-lines).join('\n');
  return last ? `:\n${last}` : '';
}
