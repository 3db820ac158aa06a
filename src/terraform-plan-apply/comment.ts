import * as core from '@actions/core';
import { ActionFailure, messageOf } from '../../action-helpers/errors.js';
import { currentRepo, githubClient } from '../../action-helpers/github.js';
import { pullRequestNumber, upsertComment } from '../../action-helpers/pr-comment.js';
import { failureOf } from '../../action-helpers/run.js';
import { commentBody, commentKey, planReportOf } from './report.js';
import type { Session } from './setup.js';

/**
 * On a pull request, the one comment per working directory and environment says how the latest
 * run went: its plan, that it failed (a failed plan must not leave an older good plan standing), or
 * that it was applied. Called whichever way the run ends; when the run has already failed, a
 * comment that cannot be written is a warning rather than a second failure that would hide the first.
 */
export async function commentOnPullRequest(session: Session, failed: unknown): Promise<void> {
  const { inputs, outcome } = session;
  const issueNumber = pullRequestNumber();
  if (!inputs.commentOnPr || inputs.dryRun || issueNumber === undefined) return;
  const report = planReportOf({ ...outcome, failure: failed ? failureOf(failed) : outcome.failure });
  try {
    const comment = await upsertComment(
      githubClient(inputs.githubToken, { signal: session.signal }),
      { ...currentRepo(), issueNumber },
      commentKey(inputs.workingDirectoryLabel, inputs.environment),
      commentBody(report),
    );
    outcome.commentId = comment.id;
    core.info(`Plan comment ${comment.action} on pull request #${issueNumber}: ${comment.url}`);
  } catch (err) {
    const message = `Could not comment on pull request #${issueNumber}: ${messageOf(err)}. The job needs permissions: pull-requests: write.`;
    if (failed) return core.warning(message);
    if (err instanceof ActionFailure) throw err;
    throw new ActionFailure(message, 'comment-failed');
  }
}
