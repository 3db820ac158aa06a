import * as core from '@actions/core';
import { ActionFailure, InputError } from '../../action-helpers/errors.js';
import { git, gitLine, isFullSha } from '../../action-helpers/git.js';
import { diffTreeArgs, parseNameStatusZ, splitZ, type FileChange } from './diff.js';
import type { CommitSpec } from './events.js';

/**
 * The git side: find (and when missing, fetch) the commits to compare, deepen a shallow clone in
 * bounded steps until a merge-base exists, and list the changes with one `git diff-tree -z`.
 */
export interface HistoryOptions {
  cwd: string;
  remote: string;
  /** Most commits to deepen a shallow clone by, in all; 0 for no limit. */
  maxFetchDepth: number;
  /** First deepening step; each next step doubles. */
  firstStep?: number;
  /** The run's abort signal, handed to every git call. */
  signal?: AbortSignal;
}

export class History {
  private shallow?: boolean;
  /** Commits fetched by deepening so far (per call of mergeBase's loop, summed). */
  deepened = 0;

  constructor(private readonly options: HistoryOptions) {}

  private run(args: readonly string[], allowFailure = true, echo = false) {
    return git(args, { cwd: this.options.cwd, allowFailure, echo, signal: this.options.signal });
  }

  /** Whether the clone is shallow; fails with a clear message outside a git repository. */
  async isShallow(): Promise<boolean> {
    if (this.shallow === undefined) {
      const answer = await gitLine(['rev-parse', '--is-shallow-repository'], {
        cwd: this.options.cwd,
        allowFailure: true,
        signal: this.options.signal,
      });
      if (answer === undefined) {
        throw new ActionFailure(
          `${this.options.cwd} is not a git repository: check out the repository first (actions/checkout), or set working-directory`,
          'not-a-repository',
        );
      }
      this.shallow = answer === 'true';
    }
    return this.shallow;
  }

  /** The full SHA of a commit, or undefined when it is not here and cannot be fetched. */
  async resolve(spec: CommitSpec, purpose: 'tree' | 'merge-base'): Promise<string | undefined> {
    if ('sha' in spec) {
      if (await this.hasCommit(spec.sha)) return spec.sha.toLowerCase();
      if (await this.fetch([spec.sha], purpose)) {
        if (await this.hasCommit(spec.sha)) return spec.sha.toLowerCase();
      }
      return undefined;
    }
    if ('branch' in spec) {
      const tracking = await this.verify(`refs/remotes/${this.options.remote}/${spec.branch}`);
      if (tracking) return tracking;
      if (await this.fetch([`refs/heads/${spec.branch}`], purpose)) return this.verify('FETCH_HEAD');
      return undefined;
    }
    const rev = spec.rev;
    const local = await this.verify(rev);
    if (local) return local;
    // A branch name not checked out here: its remote-tracking branch, then the remote itself.
    if (!isFullSha(rev)) {
      const tracking = await this.verify(`refs/remotes/${this.options.remote}/${rev}`);
      if (tracking) return tracking;
    }
    if (/^[\w./-]+$/.test(rev) && !rev.includes('..') && (await this.fetch([rev], purpose))) {
      return isFullSha(rev) && (await this.hasCommit(rev)) ? rev.toLowerCase() : this.verify('FETCH_HEAD');
    }
    return undefined;
  }

  /** Resolves a user-typed revision or fails naming the input. */
  async resolveInput(input: string, rev: string, purpose: 'tree' | 'merge-base'): Promise<string> {
    if (rev.startsWith('-'))
      throw new InputError(input, `${JSON.stringify(rev)} looks like an option`, 'a commit SHA, branch or tag');
    const sha = await this.resolve({ rev }, purpose);
    if (!sha) {
      throw new InputError(
        input,
        `${JSON.stringify(rev)} is not a commit (not found here nor on ${this.options.remote})`,
        'a commit SHA, branch or tag',
      );
    }
    return sha;
  }

  private async verify(rev: string): Promise<string | undefined> {
    return gitLine(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
      cwd: this.options.cwd,
      allowFailure: true,
      signal: this.options.signal,
    });
  }

  private async hasCommit(sha: string): Promise<boolean> {
    const r = await this.run(['cat-file', '-e', '--end-of-options', `${sha}^{commit}`]);
    return r.exitCode === 0;
  }

  /**
   * Fetches commits from the remote. In a shallow clone only what is needed: one commit for a tree
   * comparison, a first slice of history for a merge-base. A full clone stays full.
   */
  private async fetch(refs: readonly string[], purpose: 'tree' | 'merge-base'): Promise<boolean> {
    const depth = (await this.isShallow()) ? ['--depth', String(purpose === 'tree' ? 1 : this.firstStep())] : [];
    const r = await this.run(
      [
        'fetch',
        '--no-tags',
        '--no-recurse-submodules',
        '--quiet',
        ...depth,
        '--end-of-options',
        this.options.remote,
        ...refs,
      ],
      true,
      true,
    );
    if (r.exitCode !== 0) core.info(`fetch failed: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`);
    return r.exitCode === 0;
  }

  private firstStep(): number {
    const step = this.options.firstStep ?? 50;
    return this.options.maxFetchDepth > 0 ? Math.min(step, this.options.maxFetchDepth) : step;
  }

  /**
   * The merge-base of two commits. In a shallow clone, deepens both histories in doubling steps
   * (50, 100, 200, ...) until one is found or max-fetch-depth commits have been fetched; with no
   * limit, the last step fetches the rest of the history.
   */
  async mergeBase(base: string, head: string): Promise<string | undefined> {
    const max = this.options.maxFetchDepth;
    let step = this.firstStep();
    for (;;) {
      const found = await gitLine(['merge-base', '--end-of-options', base, head], {
        cwd: this.options.cwd,
        allowFailure: true,
      });
      if (found) return found;
      if (!(await this.isShallow())) return undefined;
      if (max > 0 && this.deepened >= max) return undefined;
      const size = max > 0 ? Math.min(step, max - this.deepened) : step;
      const unshallow = max === 0 && this.deepened >= 10_000;
      const r = await this.run(
        [
          'fetch',
          '--no-tags',
          '--no-recurse-submodules',
          '--quiet',
          ...(unshallow ? ['--unshallow'] : [`--deepen=${size}`]),
          '--end-of-options',
          this.options.remote,
          base,
          head,
        ],
        true,
        true,
      );
      if (r.exitCode !== 0) {
        core.info(`could not deepen the history: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`);
        return undefined;
      }
      this.deepened += size;
      step *= 2;
      if (unshallow) this.shallow = false;
      else this.shallow = undefined;
    }
  }

  /** The changes from base to head, with exact and (within git's limit) similar renames when asked. */
  async diff(base: string, head: string, renames: boolean): Promise<FileChange[] | undefined> {
    const r = await this.run(diffTreeArgs(base, head, renames));
    if (r.exitCode !== 0) return undefined;
    return parseNameStatusZ(r.stdout);
  }

  /** Every file at head, as added: what "every group changed" is made of when there is no base. */
  async allFiles(head: string): Promise<FileChange[]> {
    const r = await this.run(['ls-tree', '-r', '-z', '--name-only', '--full-tree', '--end-of-options', head], false);
    return splitZ(r.stdout).map((path) => ({ status: 'added', path }));
  }
}
