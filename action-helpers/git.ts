import { spawn } from 'node:child_process';
import { ActionFailure } from './errors.js';

/**
 * git for actions that read a repository: argv arrays and never a shell, output kept as bytes (paths
 * are bytes to git, and `-z` output must be split before it is decoded), no prompt for credentials,
 * and a timeout on every call. Separate from exec.ts because that one decodes and echoes everything,
 * which a 50,000-line `git diff -z` should not pay for. It imports no library, so an action can
 * start git from its first lines while the rest of its bundle loads.
 */
export interface GitOptions {
  cwd?: string;
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  /** Print the command line in the log (for the calls a reader wants to see, such as fetches). */
  echo?: boolean;
  timeoutMs?: number;
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
    timeout: options.timeoutMs ?? 300_000,
    killSignal: 'SIGTERM',
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const { code, error } = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (err) => resolve({ code: null, error: err }));
    child.once('close', (exitCode) => resolve({ code: exitCode }));
  });
  const result: GitResult = {
    exitCode: code ?? -1,
    stdout: stdout.length === 1 ? stdout[0]! : Buffer.concat(stdout),
    stderr: Buffer.concat(stderr).toString('utf8'),
  };
  if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new GitError('git was not found on PATH', result, 'tool-missing');
  }
  if (code === null && child.signalCode) {
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

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed' | 'unmerged';

export interface FileChange {
  status: ChangeStatus;
  /** The path at head (for a deletion, the path that was deleted). */
  path: string;
  /** For renames and copies: the path at base. */
  previousPath?: string;
}

const statusByLetter: Record<string, ChangeStatus> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type-changed',
  U: 'unmerged',
  X: 'unmerged',
};

/**
 * Parses `git diff --name-status -z` (or diff-tree): `STATUS\0path\0`, and for renames and copies
 * `R<score>\0old\0new\0`. Fields are split on NUL bytes before decoding, so a name with a newline,
 * a tab, quotes or non-ASCII bytes comes back exactly as git stored it.
 */
export function parseNameStatusZ(output: Buffer): FileChange[] {
  // One decode and one native split: a NUL byte is never part of a UTF-8 sequence, so splitting the
  // decoded text is the same as decoding each field, and much faster for 50,000 of them.
  const fields = output.toString('utf8').split('\0');
  // Every field ends with a NUL, so the last piece of the split is empty.
  if (fields[fields.length - 1] === '') fields.pop();
  const changes: FileChange[] = [];
  const n = fields.length;
  let i = 0;
  while (i < n) {
    const code = fields[i++]!;
    const status = statusByLetter[code[0] ?? ''];
    if (!status) throw new Error(`unexpected git status ${JSON.stringify(code)} in diff output`);
    const twoPaths = status === 'renamed' || status === 'copied';
    if (i + (twoPaths ? 2 : 1) > n) throw new Error('truncated git diff output');
    const path = fields[i++]!;
    if (twoPaths) changes.push({ status, path: fields[i++]!, previousPath: path });
    else changes.push({ status, path });
  }
  return changes;
}

/** Splits NUL-terminated names (`ls-tree -z --name-only`, `diff --name-only -z`). */
export function splitZ(output: Buffer): string[] {
  return output
    .toString('utf8')
    .split('\0')
    .filter((name) => name !== '');
}

/** A full commit SHA (SHA-1 or SHA-256). */
export function isFullSha(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}

/** The all-zero SHA GitHub sends as `before` for a new branch and as `after` for a deleted one. */
export function isNullSha(value: string | undefined): boolean {
  return value !== undefined && /^0+$/.test(value);
}

/**
 * `git diff-tree` arguments listing the files that differ between two commits, NUL-separated with
 * their status. Plumbing, so user settings such as diff.renames or diff.relative cannot change it;
 * renames (`-M`) only when asked: exact ones always, similar ones within git's rename limit.
 */
export function diffTreeArgs(base: string, head: string, renames: boolean): string[] {
  return [
    'diff-tree',
    '-r',
    '-z',
    '--name-status',
    '--no-ext-diff',
    '--ignore-submodules=none',
    renames ? '-M' : '--no-renames',
    base,
    head,
    '--',
  ];
}
