import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ActionFailure } from '../../action-helpers/errors.js';
import { execProgram } from '../../action-helpers/exec.js';
import { sha256File } from './bundle.js';

/** Facts about the checkout and the initialised root module that a plan is bound to. */

/** The commit checked out: git's HEAD where the module lives, else the workflow's GITHUB_SHA. */
export async function currentCommit(workingDirectory: string, signal?: AbortSignal): Promise<string> {
  const git = await execProgram('git', ['rev-parse', '--verify', 'HEAD'], {
    cwd: workingDirectory,
    echo: false,
    allowFailure: true,
    timeoutMs: 30_000,
    signal,
  }).catch(() => undefined);
  const head = git?.exitCode === 0 ? git.stdout.trim() : '';
  const commit = head || process.env.GITHUB_SHA;
  if (!commit) {
    throw new ActionFailure(
      'Cannot tell which commit is checked out: working-directory is not inside a git checkout and GITHUB_SHA is not set. A plan must be bound to a commit; run actions/checkout first.',
      'no-commit',
    );
  }
  return commit;
}

// Settings that say where a backend keeps the state; credentials and tuning are left out.
const locatingSettings = [
  'bucket',
  'key',
  'region',
  'workspace_key_prefix',
  'prefix',
  'path',
  'workspace_dir',
  'container_name',
  'storage_account_name',
  'resource_group_name',
  'hostname',
  'organization',
  'schema_name',
  'secret_suffix',
  'namespace',
];

/** The backend `init` recorded in the data directory: its type and where it keeps the state. */
export function backendIdentity(workingDirectory: string): Record<string, string> {
  const dataDir = path.resolve(workingDirectory, process.env.TF_DATA_DIR || '.terraform');
  const file = path.join(dataDir, 'terraform.tfstate');
  if (!existsSync(file)) return { type: 'local' };
  const recorded = JSON.parse(readFileSync(file, 'utf8')) as {
    backend?: { type?: string; config?: Record<string, unknown> };
  };
  const identity: Record<string, string> = { type: recorded.backend?.type ?? 'local' };
  for (const name of locatingSettings) {
    const value = recorded.backend?.config?.[name];
    if (typeof value === 'string' && value !== '') identity[name] = value;
  }
  return identity;
}

export function dependencyLockSha256(workingDirectory: string): string | null {
  const file = path.join(workingDirectory, '.terraform.lock.hcl');
  return existsSync(file) ? sha256File(file) : null;
}
