import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './run-action.js';

const execFileAsync = promisify(execFile);

export type StackPart = 'aws' | 'registry' | 'docker' | 'kube';

/**
 * Brings up the named parts of the local stack (a no-op for parts already running: `up` is
 * idempotent) and loads the variables that point the SDK, docker and kubectl at them into
 * process.env, which is what the action bundles a test runs will inherit.
 */
export async function useLocalStack(...parts: StackPart[]): Promise<Record<string, string>> {
  await stack('up', ...parts);
  const env = parseExports(await stack('env', ...parts));
  Object.assign(process.env, env);
  return env;
}

async function stack(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('bash', [join(repoRoot, 'scripts/local-stack.sh'), ...args], {
    cwd: repoRoot,
    env: process.env,
    timeout: 1_800_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** `export K=V` lines, as `local-stack.sh env` prints them. */
export function parseExports(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) vars[match[1]!] = match[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return vars;
}
