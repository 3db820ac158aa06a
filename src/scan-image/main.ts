import * as core from '@actions/core';
import { connectAws } from '../../action-helpers/aws.js';
import type { EvidenceStore } from '../../action-helpers/evidence.js';
import { publish } from '../../action-helpers/outputs.js';
import { failureOf, type RunContext } from '../../action-helpers/run.js';
import { gatherFindings } from './gather.js';
import { resolveImage, type TargetImage } from './image.js';
import { readInputs } from './inputs.js';
import { policyHash } from './policy.js';
import { outputsOf, passedOf, summaryOf, type Outcome } from './report.js';
import { enforce, judge } from './verdict.js';
import { saveSarif } from './sarif.js';
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
  const same = alreadyRecorded(records, data, outcome.inputs.maxAgeMs, new Date());
  const found = same ?? (await store.write('scan', image.digest, data));
  outcome.evidence = { artifactDigest: found.artifactDigest, written: !same, signedBy: found.signedBy };
  core.info(
    `Verdict ${same ? 'already recorded' : 'recorded'} as evidence ${found.artifactDigest} in ${store.location}.`,
  );
}
