import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import type { Octokit, RepoContext } from './github.js';

/**
 * One pull-request comment per purpose, created once and then edited in place, so re-runs never
 * pile up comments. The comment to update is the one that opens with a hidden marker and that the
 * token's own identity wrote.
 */

/** GitHub refuses issue comment bodies longer than this many characters. */
export const commentBodyLimit = 65_536;

export function commentMarker(key: string): string {
  // `--` would end the HTML comment early; the key is data, never markup.
  return `<!-- ${key.replace(/--+/g, '-')} -->`;
}

/** The pull request this run belongs to, from the event payload; undefined outside pull_request events. */
export function pullRequestNumber(env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (!env.GITHUB_EVENT_PATH || !/^pull_request/.test(env.GITHUB_EVENT_NAME ?? '')) return undefined;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { number?: unknown } };
    const number = event.pull_request?.number;
    return typeof number === 'number' ? number : undefined;
  } catch {
    return undefined;
  }
}

export interface UpsertedComment {
  id: number;
  url: string;
  action: 'created' | 'updated';
}

/**
 * Creates the comment, or edits the one this token wrote earlier. A comment counts as ours only when
 * its body starts with the marker AND its author is the token's own identity: anyone can post a
 * comment starting with the marker, and GitHub lets a token with write access edit it, so without the
 * author check a stranger's comment would be overwritten, or would stand in for the real one.
 */
export async function upsertComment(
  octokit: Octokit,
  target: RepoContext & { issueNumber: number },
  marker: string,
  body: string,
): Promise<UpsertedComment> {
  if (!body.startsWith(marker)) throw new Error('upsertComment: the body must start with its marker');
  if (body.length > commentBodyLimit) throw new Error(`upsertComment: body of ${body.length} characters`);
  const { owner, repo, issueNumber } = target;
  const existing = await findOwnComment(octokit, { owner, repo, issue_number: issueNumber }, marker);
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return { id: data.id, url: data.html_url, action: 'updated' };
  }
  // Not retried on a 5xx: a create whose response was lost would otherwise post twice.
  const { data } = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: issueNumber,
    body,
    request: { retries: 0 },
  });
  return { id: data.id, url: data.html_url, action: 'created' };
}

async function findOwnComment(
  octokit: Octokit,
  issue: { owner: string; repo: string; issue_number: number },
  marker: string,
): Promise<{ id: number } | undefined> {
  let me: string | undefined;
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, { ...issue, per_page: 100 })) {
    // Only a body that starts with the marker can be ours: a reply quoting it (> <!-- ...) is someone else's.
    for (const comment of page.data.filter((c) => c.body?.startsWith(marker))) {
      me ??= await tokenLogin(octokit);
      const author = comment.user?.login ?? '';
      if (author.toLowerCase() === me.toLowerCase()) return comment;
      core.info(`Comment ${comment.id} starts with the marker but was written by ${author}, not ${me}: left alone.`);
    }
  }
  return undefined;
}

/**
 * The login the token acts as: a user's login, or `<app>[bot]` for GITHUB_TOKEN (`github-actions[bot]`)
 * and other app installation tokens, exactly as comments name their author. GraphQL's `viewer` answers
 * every kind of token; REST cannot (GET /user refuses installation tokens, GET /app wants the app's JWT).
 */
export async function tokenLogin(octokit: Octokit): Promise<string> {
  const { viewer } = await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
  return viewer.login;
}
