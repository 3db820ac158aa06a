import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { ActionFailure } from '../../action-helpers/errors.js';
import { makePlan } from './plan.js';
import { countsLine } from './report.js';
import { initialise, type Session } from './setup.js';

/**
 * `drift-check`: a plan against the live state, kept nowhere but its redacted JSON (beside where a
 * bundle would go, for a later step to read); fails drift-detected when anything would change.
 */
export async function driftCheck(session: Session): Promise<void> {
  const { inputs, outcome } = session;
  await core.group('Drift check', async () => {
    await initialise(session, true);
    const made = await makePlan(session, path.join(session.scratch, 'drift.tfplan'));
    outcome.plan = made;
    const file = `${inputs.planBundle}.drift-plan.json`;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, made.redactedJson);
    outcome.planJson = file;
    if (made.hasChanges) {
      outcome.status = `Drift detected: the live state differs from the configuration (${countsLine(made.summary.counts)}).`;
      throw new ActionFailure(outcome.status, 'drift-detected');
    }
    outcome.status = 'No drift: the live state matches the configuration.';
  });
}
