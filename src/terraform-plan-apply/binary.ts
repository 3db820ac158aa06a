import { accessSync, constants } from 'node:fs';
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
}

export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export async function resolveBinary(choice: BinaryChoice): Promise<Binary> {
  const names = choice === 'auto' ? (['terraform', 'tofu'] as const) : [choice];
  for (const name of names) {
    const found = findOnPath(name);
    if (found) return { name, path: found, version: await binaryVersion(found) };
  }
  throw new ActionFailure(
    `Input 'binary' is ${choice}, but ${names.join(' or ')} is not on PATH: install it first (hashicorp/setup-terraform or opentofu/setup-opentofu).`,
    'tool-missing',
  );
}

async function binaryVersion(binaryPath: string): Promise<string> {
  const { stdout } = await execProgram(binaryPath, versionArgs, { echo: false, timeoutMs: 60_000, env: quietEnv });
  const version = (JSON.parse(stdout) as { terraform_version?: string }).terraform_version;
  if (!version) throw new ActionFailure(`${binaryPath} version -json printed no version`, 'tool-missing');
  return version;
}

/** No prompts, no update checks over the network, output meant for a log. */
export const quietEnv = { TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };

export interface RunOptions {
  echo?: boolean;
  allowFailure?: boolean;
  timeoutMs?: number;
}

/** Runs the binary in the root module's directory. */
export function runBinary(binary: Binary, cwd: string, args: string[], options: RunOptions = {}): Promise<ExecResult> {
  return execProgram(binary.path, args, {
    cwd,
    env: quietEnv,
    echo: options.echo ?? true,
    allowFailure: options.allowFailure,
    // The binaries retry and time out their own network calls; this only bounds a hung process.
    timeoutMs: options.timeoutMs ?? 6 * 3_600_000,
  });
}
