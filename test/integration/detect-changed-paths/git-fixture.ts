import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runAction, type ActionRun } from '../../support/run-action.js';

/**
 * Real git repositories for the tests: a working repository where commits are made, a bare
 * "origin" it pushes to, and clones of origin (shallow ones with `--depth`), all in a temp folder.
 */
const gitEnv = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: { ...process.env, ...gitEnv },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export class Fixture {
  readonly root = mkdtempSync(join(tmpdir(), 'dcp-it-'));
  readonly work = join(this.root, 'work');
  readonly origin = join(this.root, 'origin.git');
  private clones = 0;
  private tick = 0;

  constructor() {
    mkdirSync(this.work);
    git(this.work, 'init', '-q', '-b', 'main');
    git(this.root, 'init', '-q', '--bare', '-b', 'main', this.origin);
    git(this.work, 'remote', 'add', 'origin', this.origin);
  }

  /** Writes (string) or deletes (null) files, commits them, and returns the commit. */
  commit(files: Record<string, string | null>, message = 'change'): string {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.work, path);
      if (content === null) {
        git(this.work, 'rm', '-q', '--', path);
      } else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
        git(this.work, 'add', '--', path);
      }
    }
    // Distinct, increasing commit dates, so history order never depends on the clock.
    this.tick++;
    const date = `${1_700_000_000 + this.tick * 60} +0000`;
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], {
      cwd: this.work,
      env: { ...process.env, ...gitEnv, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
    return this.head();
  }

  head(): string {
    return git(this.work, 'rev-parse', 'HEAD');
  }

  checkout(branch: string, create = false): void {
    git(this.work, 'checkout', '-q', ...(create ? ['-b'] : []), branch);
  }

  push(...refspecs: string[]): void {
    git(this.work, 'push', '-q', '--force', 'origin', ...refspecs);
  }

  /** A clone of origin as actions/checkout makes it: by default one commit deep, of one branch; 0 for all history. */
  clone(branch: string, depth = 1): string {
    const dir = join(this.root, `clone-${++this.clones}`);
    const args = ['clone', '-q', '--no-tags', '--branch', branch];
    if (depth > 0) args.push('--depth', String(depth));
    git(this.root, ...args, `file://${this.origin}`, dir);
    return dir;
  }

  /** Writes an event payload and returns its path. */
  event(payload: unknown): string {
    const path = join(this.root, `event-${++this.tick}.json`);
    writeFileSync(path, JSON.stringify(payload));
    return path;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface DetectOptions {
  cwd: string;
  event?: string;
  eventName?: string;
  sha?: string;
  env?: Record<string, string | undefined>;
}

/** Runs the bundled action in a clone, as the runner would after actions/checkout. */
export async function detect(inputs: Record<string, string>, options: DetectOptions): Promise<ActionRun> {
  const temp = mkdtempSync(join(tmpdir(), 'dcp-runner-temp-'));
  return runAction('detect-changed-paths', inputs, {
    cwd: options.cwd,
    env: {
      ...gitEnv,
      GITHUB_WORKSPACE: options.cwd,
      GITHUB_EVENT_NAME: options.eventName ?? '',
      GITHUB_EVENT_PATH: options.event,
      GITHUB_SHA: options.sha,
      GITHUB_REPOSITORY: 'acme/monorepo',
      RUNNER_TEMP: temp,
      ...options.env,
    },
    timeoutMs: 60_000,
  });
}

/** The outputs every run sets for each group, for exact comparisons. */
export function groupOutputs(
  counts: Record<string, number>,
  changed?: Record<string, boolean>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, count] of Object.entries(counts)) {
    out[name] = String(changed?.[name] ?? count > 0);
    out[`${name}-count`] = String(count);
  }
  return out;
}
