// Shared by the terraform-plan-apply integration suites: the binaries to run every case with, the
// moto-backed S3 backend, throwaway git checkouts of the fixture, and a bundle run with all of it wired.
import { execFile } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { repoRoot, runAction, type ActionRun, type RunOptions } from '../../support/run-action.js';
import { waitUntil } from '../../../action-helpers/poll.js';

const execFileAsync = promisify(execFile);

export const fixture = path.join(repoRoot, 'test/fixtures/terraform-plan-apply/service');

export interface FoundBinary {
  name: 'terraform' | 'tofu';
  path: string;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, name))
    .find((file) => file !== name && executable(file));
}

/** tofu as scripts/ensure-tofu.sh caches it (newest version first). */
function cachedTofu(): string | undefined {
  const cache = path.join(process.env.STACK_CACHE || path.join(homedir(), '.cache/eks-suite'), 'tofu');
  if (!existsSync(cache)) return undefined;
  return readdirSync(cache)
    .sort()
    .reverse()
    .map((version) => path.join(cache, version, 'tofu'))
    .find(executable);
}

/** Every binary this machine has: terraform on PATH, tofu on PATH or in the ensure-tofu cache. */
export function findBinaries(): FoundBinary[] {
  const found: FoundBinary[] = [];
  const terraform = onPath('terraform');
  if (terraform) found.push({ name: 'terraform', path: terraform });
  const tofu = process.env.TOFU_PATH || onPath('tofu') || cachedTofu();
  if (tofu) found.push({ name: 'tofu', path: tofu });
  return found;
}

/** The local stack's AWS part (moto), started if it is not answering; its variables. */
export async function awsStack(): Promise<Record<string, string>> {
  const script = path.join(repoRoot, 'scripts/local-stack.sh');
  const run = async (...args: string[]) =>
    (await execFileAsync('bash', [script, ...args], { cwd: repoRoot, timeout: 300_000 })).stdout;
  await run('up', 'aws');
  const vars: Record<string, string> = {};
  for (const line of (await run('env', 'aws')).split('\n')) {
    const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return vars;
}

export function s3Client(env: Record<string, string>): S3Client {
  return new S3Client({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    forcePathStyle: true,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
  });
}

export async function createBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** Empties and removes a bucket this suite created. */
export async function deleteBucket(s3: S3Client, bucket: string): Promise<void> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
  if (keys.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/**
 * The backend settings moto needs (its endpoint, path-style addressing, no AWS account lookups),
 * with S3's native lock file for state locking, which terraform >= 1.10 and OpenTofu >= 1.10 share.
 */
export function writeBackendFile(dir: string, bucket: string, env: Record<string, string>): string {
  const file = path.join(dir, 'backend.s3.tfbackend');
  writeFileSync(
    file,
    [
      `bucket = "${bucket}"`,
      `region = "${env.AWS_REGION}"`,
      `endpoints = { s3 = "${env.AWS_ENDPOINT_URL}" }`,
      'use_path_style = true',
      'use_lockfile = true',
      'skip_credentials_validation = true',
      'skip_requesting_account_id = true',
      'skip_metadata_api_check = true',
      'skip_region_validation = true',
      '',
    ].join('\n'),
  );
  return file;
}

/** A throwaway git repository holding the fixture, as actions/checkout would leave it. */
export class Checkout {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async create(parent: string, name: string, from = fixture): Promise<Checkout> {
    const dir = path.join(parent, name);
    cpSync(from, dir, { recursive: true });
    const checkout = new Checkout(dir);
    await checkout.git('init', '-q', '-b', 'main');
    await checkout.commit('fixture');
    return checkout;
  }

  async git(...args: string[]): Promise<string> {
    const { stdout } = await execFileAsync(
      'git',
      ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
      { cwd: this.dir },
    );
    return stdout.trim();
  }

  async commit(message: string): Promise<string> {
    await this.git('add', '-A');
    await this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  write(file: string, content: string): void {
    writeFileSync(path.join(this.dir, file), content);
  }
}

const tempDirs: string[] = [];

/** A fresh directory under the system's temp, removed by removeTempDirs() when the suite ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs the bundled action with the binary first on PATH, the checkout as the workspace. */
export function runWith(
  binary: FoundBinary,
  checkout: Checkout,
  awsEnv: Record<string, string>,
  inputs: Record<string, string>,
  options: RunOptions = {},
): Promise<ActionRun> {
  return runAction(
    'terraform-plan-apply',
    { binary: binary.name, ...inputs },
    {
      cwd: checkout.dir,
      ...options,
      env: {
        ...awsEnv,
        PATH: `${path.dirname(binary.path)}${path.delimiter}${process.env.PATH}`,
        GITHUB_WORKSPACE: checkout.dir,
        RUNNER_TEMP: path.dirname(checkout.dir),
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: undefined,
        ...options.env,
      },
    },
  );
}

/** What a log shows, without the runner's own mask commands (which carry the values to hide). */
export function visibleLog(run: ActionRun): string {
  return `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** The suite's one poller (action-helpers/poll.ts), for what a test waits on. */
export function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  return waitUntil(probe, { description: what, timeoutMs, intervalMs: 200 });
}
