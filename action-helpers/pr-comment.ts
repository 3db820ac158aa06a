import { readFileSync } from 'node:fs';
import type { Octokit, RepoContext } from './github.js';
import { withRetry } from './retry.js';

/**
 * One pull-request comment per purpose, created once and then edited in place, so re-runs never
 * pile up comments. A hidden marker opening the body identifies the comment to update.
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

export async function upsertComment(
  octokit: Octokit,
  target: RepoContext & { issueNumber: number },
  marker: string,
  body: string,
): Promise<UpsertedComment> {
  if (!body.startsWith(marker)) throw new Error('upsertComment: the body must start with its marker');
  if (body.length > commentBodyLimit) throw new Error(`upsertComment: body of ${body.length} characters`);
  const { owner, repo, issueNumber } = target;
  const existing = await withRetry(async () => {
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    })) {
      // Only a body that starts with the marker is ours: a reply quoting it (> <!-- ...) is someone else's.
      const found = page.data.find((c) => c.body?.startsWith(marker));
      if (found) return found;
    }
    return undefined;
  });
  if (existing) {
    // Editing is idempotent, so a retry after a lost response cannot duplicate anything.
    const { data } = await withRetry(() =>
      octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body }),
    );
    return { id: data.id, url: data.html_url, action: 'updated' };
  }
  // Not retried: a create whose response was lost would otherwise post twice.
  const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
  return { id: data.id, url: data.html_url, action: 'created' };
}
