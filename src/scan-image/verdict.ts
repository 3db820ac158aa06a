import * as core from '@actions/core';
import { ActionFailure } from '../../action-helpers/errors.js';
import { printUntrusted } from '../../action-helpers/workflow-commands.js';
import { mergeFindings, type Finding } from './findings.js';
import { evaluate } from './policy.js';
import { passedOf, type Outcome } from './report.js';

/** The verdict on the findings, logged (report text made inert), and the step failed when it does not pass. */
export function judge(findings: Finding[], outcome: Outcome): void {
  const verdict = evaluate(mergeFindings(findings), outcome.inputs.policy, new Date());
  outcome.verdict = verdict;
  const c = verdict.counts;
  core.info(
    `${c.total} finding(s) counted: ${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low, ${c.unknown} unknown; ${verdict.excepted.length} excepted, ${verdict.unfixed.length} without a fix left out.`,
  );
  // Report contents are untrusted: a package name could hold a workflow command.
  for (const f of verdict.failing.slice(0, 50)) {
    printUntrusted(
      `  ${f.severity.padEnd(8)} ${f.id} ${f.package ?? ''} ${f.version ?? ''} fixed in: ${f.fixedVersion ?? 'none'}`,
    );
  }
  for (const { rule, matches } of verdict.expired) {
    core.warning(
      `Exception ${rule.id} (ignore file line ${rule.line}) expired after ${rule.expires}: no longer applied (${matches} finding(s)).`,
    );
  }
  for (const rule of verdict.stale) {
    core.warning(`Exception ${rule.id} (ignore file line ${rule.line}) matched no finding: remove it.`);
  }
}

export function enforce(outcome: Outcome): void {
  try {
    failUnlessPassed(outcome);
  } catch (err) {
    // A dry run evaluates and reports: trying a policy out never blocks a pipeline.
    if (!outcome.inputs.dryRun || !(err instanceof ActionFailure)) throw err;
    outcome.notes.push(`A real run would fail (${err.reason}): ${err.message}`);
    core.notice(`[dry-run] a real run would fail (${err.reason}): ${err.message}`);
  }
}

function failUnlessPassed(outcome: Outcome): void {
  const { inputs, verdict, reused } = outcome;
  if (passedOf(outcome) !== false) return;
  if (reused) {
    throw new ActionFailure(
      `The verdict recorded ${reused.createdAt} under this policy failed the image (${reused.counts.total} finding(s)); re-run with max-age 0 to scan again.`,
      'vulnerabilities-found',
    );
  }
  if (verdict && verdict.failing.length > 0) {
    // Ids come from reports: shown short, whatever a report holds.
    const ids = [...new Set(verdict.failing.map((f) => f.id.slice(0, 64)))];
    throw new ActionFailure(
      `${verdict.failing.length} finding(s) at or above fail-on ${inputs.policy.failOn}: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}.`,
      'vulnerabilities-found',
    );
  }
  if (verdict && verdict.stale.length > 0) {
    throw new ActionFailure(
      `${verdict.stale.length} exception(s) in ${inputs.ignoreFile} matched no finding (fail-on-stale-ignores): ${verdict.stale.map((r) => `${r.id} (line ${r.line})`).join(', ')}.`,
      'stale-ignores',
    );
  }
}
