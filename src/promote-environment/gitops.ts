import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { ActionFailure } from '../../action-helpers/errors.js';
import { git, gitLine } from '../../action-helpers/git.js';
import { currentReference, editImage, type ImageSetting } from './gitops-edit.js';
import type { GitopsInputs } from './inputs.js';

/**
 * GitOps mode: the promotion lands as a commit in the repository Flux or Argo CD watches. Cloned
 * shallow into RUNNER_TEMP, edited, committed, pushed. A push refused because the branch moved is
 * redone on the new tip (bounded); when the new tip changed the same image reference meanwhile,
 * another promotion raced this one and it stops (`gitops-conflict`) instead of overwriting it.
 * The token reaches git as an http.extraHeader in GIT_CONFIG_* variables: never in argv or the URL.
 */
export interface GitopsResult {
  /** The commit that holds the reference: this run's, or the tip that already held it. */
  commit: string;
  changed: boolean;
  /** The branch pushed to (the PR's head in pull-request mode). */
  branch: string;
  attempts: number;
}

export const maxPushAttempts = 5;

export async function promoteInGit(
  gitops: GitopsInputs,
  setting: ImageSetting,
  message: string,
  headBranch: string,
  signal?: AbortSignal,
): Promise<GitopsResult> {
  const dir = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), 'gitops-'));
  const url = remoteUrl(gitops);
  const env = credentialEnv(gitops, url);
  const run = (args: string[], options: { allowFailure?: boolean; echo?: boolean } = {}) =>
    git(args, { cwd: dir, env, signal, timeoutMs: 120_000, ...options });
  try {
    await git(
      ['clone', '--quiet', '--no-tags', '--single-branch', '--depth', '1', '--branch', gitops.branch, '--', url, dir],
      { env, signal, timeoutMs: 300_000, echo: true },
    );
    const file = path.join(dir, gitops.path);
    let seen: string | undefined;
    for (let attempt = 1; attempt <= maxPushAttempts; attempt++) {
      const tip = (await gitLine(['rev-parse', '--verify', 'HEAD'], { cwd: dir }))!;
      const text = readTarget(file, gitops);
      const now = currentReference(text, setting);
      if (attempt === 1) seen = now;
      else if (now !== seen && now !== wanted(setting)) {
        throw new ActionFailure(
          `${gitops.path} on ${gitops.branch} changed while this promotion was being pushed: it now says ${now ?? 'nothing'} (it said ${seen ?? 'nothing'}). Another promotion of this image won the race; nothing was pushed. Re-run to promote again on top of it.`,
          'gitops-conflict',
        );
      }
      const edit = editImage(text, setting);
      if (edit.kind === 'invalid') {
        throw new ActionFailure(`Cannot update ${gitops.path}: ${edit.problem}.`, 'gitops-failed');
      }
      if (edit.kind === 'unchanged') {
        core.info(`${gitops.path} on ${gitops.branch} already points at ${wanted(setting)}: nothing to commit.`);
        return { commit: tip, changed: false, branch: gitops.branch, attempts: attempt };
      }
      writeFileSync(file, edit.text);
      await run(['add', '--', gitops.path]);
      // The commit's dates are its parent's: the same promotion on the same tip is the same commit,
      // so re-pushing a pull request's branch after a re-run changes nothing.
      const date = (await gitLine(['log', '-1', '--format=%cI', '--end-of-options', tip], { cwd: dir }))!;
      await git(
        [
          '-c',
          'user.name=github-actions[bot]',
          '-c',
          'user.email=41898282+github-actions[bot]@users.noreply.github.com',
          'commit',
          '--quiet',
          '--no-verify',
          '-m',
          message,
        ],
        { cwd: dir, signal, env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } },
      );
      const commit = (await gitLine(['rev-parse', '--verify', 'HEAD'], { cwd: dir }))!;
      const force = headBranch !== gitops.branch ? '+' : '';
      const pushed = await run(
        ['push', '--porcelain', '--end-of-options', 'origin', `${force}HEAD:refs/heads/${headBranch}`],
        { allowFailure: true, echo: true },
      );
      if (pushed.exitCode === 0) {
        return { commit, changed: true, branch: headBranch, attempts: attempt };
      }
      if (!isRaceRejection(pushed.stderr + pushed.stdout.toString('utf8'))) {
        throw new ActionFailure(`git push to ${gitops.branch} failed: ${lastLines(pushed.stderr)}`, 'gitops-failed');
      }
      core.info(
        `${gitops.branch} moved while this run committed (attempt ${attempt}): redoing the edit on its new tip.`,
      );
      await run(['fetch', '--quiet', '--depth', '1', '--end-of-options', 'origin', `refs/heads/${gitops.branch}`]);
      await run(['reset', '--quiet', '--hard', 'FETCH_HEAD']);
    }
    throw new ActionFailure(
      `${gitops.branch} kept moving: the push was refused ${maxPushAttempts} times. Nothing was pushed.`,
      'gitops-conflict',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function wanted(setting: ImageSetting): string {
  return setting.format === 'kustomize'
    ? `${setting.newName}@${setting.digest}`
    : `${setting.repository}@${setting.digest}`;
}

function readTarget(file: string, gitops: GitopsInputs): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ActionFailure(`${gitops.path} is not in ${gitops.branch} of the GitOps repository.`, 'gitops-failed');
  }
}

/** A push refused because the remote branch is not what this clone started from. */
export function isRaceRejection(output: string): boolean {
  return /\[rejected\]|\(fetch first\)|non-fast-forward|\(stale info\)|cannot lock ref|failed to update ref/i.test(
    output,
  );
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' ');
}

export function remoteUrl(gitops: GitopsInputs): string {
  const remote = gitops.remote;
  // file:// so that --depth applies to a local repository too.
  return remote.kind === 'local' ? `file://${remote.path}` : remote.url;
}

/** The token as an Authorization header for this remote's origin only, in the environment. */
export function credentialEnv(gitops: GitopsInputs, url: string): Record<string, string> {
  if (!gitops.token || gitops.remote.kind === 'local') return {};
  const basic = Buffer.from(`x-access-token:${gitops.token}`).toString('base64');
  core.setSecret(basic);
  const origin = new URL(url).origin;
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${origin}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
