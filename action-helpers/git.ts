import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ActionFailure } from './errors.js';

/**
 * git for actions that read a repository: argv arrays and never a shell, output kept as bytes (paths
 * are bytes to git, and `-z` output must be split before it is decoded), no prompt for credentials,
 * and a timeout on every call. Separate from exec.ts because that one decodes and echoes everything,
 * which a 50,000-line `git diff -z` should not pay for. It imports no library, so an action can
 * start git from its first lines while the rest of its bundle loads.
 *
 * Callers put `--end-of-options` before the first revision or remote of every call: a value that
 * reaches git from an event payload or an input can then never be read as an option
 * (`--upload-pack=...`, `--output=...`), whatever validated it first.
 */
export interface GitOptions {
  cwd?: string;
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  /** Print the command line in the log (for the calls a reader wants to see, such as fetches). */
  echo?: boolean;
  timeoutMs?: number;
  /** The run's abort signal: git is stopped when the runner cancels the job. */
  signal?: AbortSignal;
  /** Variables added to the environment (credentials as GIT_CONFIG_* pairs, commit dates): never argv. */
  env?: Record<string, string>;
}

export interface GitResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/** git exited non-zero, timed out or is not installed. */
export class GitError extends ActionFailure {
  constructor(
    message: string,
    readonly result: GitResult,
    reason = 'command-failed',
  ) {
    super(message, reason);
  }
}

// Settings that would change what plumbing prints or make it wait on a person.
const fixedConfig = ['-c', 'core.quotepath=off', '-c', 'advice.detachedHead=false', '-c', 'color.ui=false'];

export async function git(args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  // What core.info would print, without loading @actions/core for it.
  if (options.echo) process.stdout.write(`[command] git ${args.join(' ')}\n`);
  const child = spawn('git', [...fixedConfig, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: false,
    signal: options.signal,
  });
  // Our own timer rather than spawn's `timeout`: node clears that one only on 'exit', which a spawn
  // that failed (a cwd that does not exist) never emits, so it kept the process alive for 5 minutes.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, options.timeoutMs ?? 300_000);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const { code, error } = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (err) => {
      // A spawn that failed (no git, a cwd that does not exist) would keep its pipes, and node, alive.
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code: null, error: err });
    });
    child.once('close', (exitCode) => resolve({ code: exitCode }));
  });
  clearTimeout(timer);
  const result: GitResult = {
    exitCode: code ?? -1,
    stdout: stdout.length === 1 ? stdout[0]! : Buffer.concat(stdout),
    stderr: Buffer.concat(stderr).toString('utf8'),
  };
  if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
    if (options.cwd !== undefined && !existsSync(options.cwd)) {
      throw new GitError(`git cannot run in ${options.cwd}: the folder does not exist`, result);
    }
    throw new GitError('git was not found on PATH', result, 'tool-missing');
  }
  if (options.signal?.aborted) {
    throw new GitError(`git ${args[0] ?? ''} was stopped: the run was cancelled`, result, 'cancelled');
  }
  if (timedOut) {
    throw new GitError(
      `git ${args[0] ?? ''} did not finish within ${(options.timeoutMs ?? 300_000) / 1000}s`,
      result,
      'timeout',
    );
  }
  if (result.exitCode !== 0 && !options.allowFailure) {
    const detail = result.stderr.trim().split('\n').slice(-5).join('\n');
    throw new GitError(
      `git ${args[0] ?? ''} failed with exit code ${result.exitCode}${detail ? `:\n${detail}` : ''}`,
      result,
    );
  }
  return result;
}

/** stdout of a git command as one trimmed line (a SHA, a flag). */
export async function gitLine(args: readonly string[], options: GitOptions = {}): Promise<string | undefined> {
  const result = await git(args, options);
  if (result.exitCode !== 0) return undefined;
  return result.stdout.toString('utf8').trim();
}

/** A full commit SHA (SHA-1 or SHA-256). */
export function isFullSha(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}

/** The all-zero SHA GitHub sends as `before` for a new branch and as `after` for a deleted one. */
export function isNullSha(value: string | undefined): boolean {
  return value !== undefined && /^0+$/.test(value);
}
