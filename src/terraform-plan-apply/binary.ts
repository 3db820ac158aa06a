import { accessSync, closeSync, constants, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { ActionFailure } from '../../action-helpers/errors.js';
import { execProgram, type ExecResult } from '../../action-helpers/exec.js';
import type { BinaryChoice } from './inputs.js';
import { versionArgs } from './commands.js';

/** The terraform or tofu binary this run uses, found on PATH (put there by setup-terraform / setup-opentofu). */
export interface Binary {
  name: 'terraform' | 'tofu';
  path: string;
  version: string;
  /** The setup action's wrapper script found on PATH in front of the real binary, when there was one. */
  wrapper?: string;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  return envPath
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, name))
    .find(executable);
}

function isScript(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString() === '#!';
  } finally {
    closeSync(fd);
  }
}

/**
 * hashicorp/setup-terraform and opentofu/setup-opentofu (with their wrapper on, the default) put a
 * Node script on PATH that runs `<name>-bin`, rewrites exit codes (plan's 2 becomes 0) and prints
 * workflow commands. The real binary beside it is what this action runs.
 */
export function unwrap(found: string): { path: string; wrapper?: string } {
  const real = `${found}-bin`;
  if (isScript(found) && executable(real)) return { path: real, wrapper: found };
  return { path: found };
}

export async function resolveBinary(choice: BinaryChoice, signal: AbortSignal): Promise<Binary> {
  const names = choice === 'auto' ? (['terraform', 'tofu'] as const) : [choice];
  for (const name of names) {
    const found = findOnPath(name);
    if (!found) continue;
    const { path: binaryPath, wrapper } = unwrap(found);
    return { name, path: binaryPath, wrapper, version: await binaryVersion(binaryPath, signal) };
  }
  throw new ActionFailure(
    `Input 'binary' is ${choice}, but ${names.join(' or ')} is not on PATH: install it first (hashicorp/setup-terraform or opentofu/setup-opentofu).`,
    'tool-missing',
  );
}

async function binaryVersion(binaryPath: string, signal: AbortSignal): Promise<string> {
  const { stdout } = await execProgram(binaryPath, versionArgs, {
    echo: false,
    timeoutMs: 60_000,
    env: quietEnv,
    signal,
  });
  // A wrapper nobody recognised may print more around the JSON; the JSON object is what counts.
  const json = stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1);
  let version: string | undefined;
  try {
    version = (JSON.parse(json) as { terraform_version?: string }).terraform_version;
  } catch {
    version = undefined;
  }
  if (!version) throw new ActionFailure(`${binaryPath} version -json printed no version`, 'tool-missing');
  return version;
}

/** No prompts, no update checks over the network, output meant for a log. */
export const quietEnv = { TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };

/**
 * On cancel or timeout the binary gets SIGINT, as Ctrl-C would: it stops its operations, saves the
 * state and releases the lock. This long before SIGKILL, since a killed apply loses state and keeps
 * a remote lock held. (The runner itself allows a cancelled step a few seconds to several minutes.)
 */
export const releaseGraceMs = 120_000;

export interface RunOptions {
  echo?: boolean;
  allowFailure?: boolean;
  timeoutMs?: number;
}

/** Runs the binary in the root module's folder, with the run's environment and cancel signal. */
export class Terraform {
  constructor(
    readonly binary: Binary,
    readonly cwd: string,
    private readonly env: Record<string, string | undefined>,
    private readonly signal: AbortSignal,
  ) {}

  get name(): string {
    return this.binary.name;
  }

  run(args: string[], options: RunOptions = {}): Promise<ExecResult> {
    return execProgram(this.binary.path, args, {
      cwd: this.cwd,
      env: { ...quietEnv, ...this.env },
      echo: options.echo ?? true,
      allowFailure: options.allowFailure,
      // The binaries retry and time out their own network calls; this only bounds a hung process.
      timeoutMs: options.timeoutMs ?? 6 * 3_600_000,
      signal: this.signal,
      killSignal: 'SIGINT',
      graceMs: releaseGraceMs,
    });
  }
}
