import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { connectAws } from '../../action-helpers/aws.js';
import { ActionFailure, messageOf } from '../../action-helpers/errors.js';
import type { EvidenceStore } from '../../action-helpers/evidence.js';
import { publish } from '../../action-helpers/outputs.js';
import { failureOf, type RunContext } from '../../action-helpers/run.js';
import { printUntrusted } from '../../action-helpers/workflow-commands.js';
import { mergeFindings, type Finding } from './findings.js';
import { gatherFindings } from './gather.js';
import { resolveImage, type TargetImage } from './image.js';
import { readInputs } from './inputs.js';
import { evaluate, policyHash } from './policy.js';
import { outputsOf, passedOf, summaryOf, type Outcome } from './report.js';
import { sarifLog, writeSarif } from './sarif.js';
import { alreadyRecorded, scanRecords, verdictStore, type ScanRecord } from './verdict-store.js';

export async function run({ signal }: RunContext): Promise<void> {
  const inputs = await core.group('Inputs', async () => readInputs());
  const outcome: Outcome = { inputs, notes: [], policySha256: policyHash(inputs.policy) };
  try {
    const session = await connectAws(inputs.aws);
    const image = await core.group('Image', () => resolveImage(session, inputs.image, inputs.registry));
    outcome.image = { reference: image.reference, digest: image.digest };
    core.info(`Gating ${image.reference}.`);
    const store = verdictStore(session, image.registry, image.repository, inputs.evidenceSigningKey);
    const records = await scanRecords(store, image.digest);
    const findings = await core.group('Findings', () =>
      gatherFindings(inputs, session, image, records, outcome, signal),
    );
    if (findings) await core.group('Verdict', async () => judge(findings, outcome));
    await core.group('Evidence', () => recordVerdict(store, records, image, outcome));
    enforce(outcome);
  } catch (err) {
    outcome.failure = failureOf(err);
    throw err;
  } finally {
    outcome.sarifPath = saveSarif(outcome);
    await publish(outputsOf(outcome), summaryOf(outcome));
  }
}

function judge(findings: Finding[], outcome: Outcome): void {
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

async function recordVerdict(
  store: EvidenceStore,
  records: ScanRecord[],
  image: TargetImage,
  outcome: Outcome,
): Promise<void> {
  const passed = passedOf(outcome);
  if (outcome.reused || passed === undefined || !outcome.verdict) return;
  const data = {
    verdict: passed ? ('passed' as const) : ('failed' as const),
    policySha256: outcome.policySha256!,
    counts: outcome.verdict.counts,
    sources: outcome.sources ?? [],
  };
  if (outcome.inputs.dryRun || !outcome.inputs.recordEvidence) {
    if (outcome.inputs.dryRun)
      outcome.notes.push(`A real run would record the ${data.verdict} verdict as evidence on ${image.digest}.`);
    return;
  }
  const same = alreadyRecorded(records, data);
  const found = same ?? (await store.write('scan', image.digest, data));
  outcome.evidence = { artifactDigest: found.artifactDigest, written: !same, signedBy: found.signedBy };
  core.info(
    `Verdict ${same ? 'already recorded' : 'recorded'} as evidence ${found.artifactDigest} in ${store.location}.`,
  );
}

function enforce(outcome: Outcome): void {
  const { inputs, verdict, reused } = outcome;
  if (passedOf(outcome) !== false) return;
  if (reused) {
    throw new ActionFailure(
      `The verdict recorded ${reused.createdAt} under this policy failed the image (${reused.counts.total} finding(s)); re-run with max-age 0 to scan again.`,
      'vulnerabilities-found',
    );
  }
  if (verdict && verdict.failing.length > 0) {
    const ids = [...new Set(verdict.failing.map((f) => f.id))];
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

/** The SARIF log is written whatever happened, so an upload step always finds it. */
function saveSarif(outcome: Outcome): string | undefined {
  const digest = outcome.image?.digest;
  const file =
    outcome.inputs.sarifFile ??
    path.join(process.env.RUNNER_TEMP || tmpdir(), `scan-image-${digest ? digest.slice(7, 19) : 'unresolved'}.sarif`);
  const notification = outcome.failure
    ? outcome.failure.message
    : outcome.reused
      ? `Verdict reused from evidence ${outcome.reused.artifactDigest}: findings were not read again.`
      : outcome.verdict
        ? undefined
        : outcome.notes.join(' ') || undefined;
  const log = sarifLog({
    repository: outcome.inputs.image.repository,
    digest,
    verdict: outcome.verdict,
    failOn: outcome.inputs.policy.failOn,
    notification,
    executionSuccessful:
      !outcome.failure ||
      outcome.failure.reason === 'vulnerabilities-found' ||
      outcome.failure.reason === 'stale-ignores',
  });
  try {
    writeSarif(file, log);
    return file;
  } catch (err) {
    core.warning(`Could not write the SARIF log to ${file}: ${messageOf(err)}`);
    return undefined;
  }
}
