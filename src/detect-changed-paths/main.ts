import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { ActionFailure } from '../../action-helpers/errors.js';
import { publish } from '../../action-helpers/outputs.js';
import { failureOf, type RunContext } from '../../action-helpers/run.js';
import { compare } from './comparison.js';
import type { Early } from './early.js';
import { planBase, type BasePlan } from './events.js';
import { History } from './history.js';
import { readInputs, type Inputs } from './inputs.js';
import { GroupMatcher, resolveDependencies } from './matcher.js';
import {
  checkOutputSizes,
  inlineLists,
  logLineOf,
  outputLimits,
  outputsOf,
  sizeOf,
  summaryOf,
  tooLargeWarning,
  type GroupResult,
  type Outcome,
} from './report.js';

/** `early` is what index.ts started before this module loaded: the event, and maybe the diff already running. */
export async function run({ signal }: RunContext, early: Early = { payload: {} }): Promise<void> {
  const inputs = await phase('Inputs', async () => readInputs());
  const outcome: Outcome = { inputs };
  try {
    const plan = await phase('Plan', async () => planOf(inputs, early));
    await phase('Compare', () => detect(plan, outcome, early, signal));
    await phase('Outputs', async () => writeFileLists(outcome));
  } catch (err) {
    outcome.failure = failureOf(err);
    throw err;
  } finally {
    await publish(outputsOf(outcome), summaryOf(outcome));
  }
}

interface Plan {
  base: BasePlan;
  /** Rename detection only matters to a group that counts some kinds of change and not others. */
  renames: boolean;
  matcher: GroupMatcher;
}

function planOf(inputs: Inputs, early: Early): Plan {
  if (early.payloadError) throw new ActionFailure(early.payloadError, 'invalid-event');
  for (const warning of inputs.filters.warnings) core.warning(warning);
  const { groups } = inputs.filters;
  const base = planBase({
    eventName: process.env.GITHUB_EVENT_NAME ?? '',
    payload: early.payload,
    sha: process.env.GITHUB_SHA || undefined,
    base: inputs.base,
    head: inputs.head,
    sinceDeployment: inputs.sinceDeployment,
  });
  core.info(`Base from ${base.source}; ${groups.length} group(s).`);
  // Without rename detection a rename is a deletion plus an addition: both paths are matched either way.
  return { base, renames: groups.some((g) => g.changeTypes !== undefined), matcher: new GroupMatcher(groups) };
}

/** git lists the changes, the matcher sorts them into groups; the outcome gets both. */
async function detect(plan: Plan, outcome: Outcome, early: Early, signal: AbortSignal): Promise<void> {
  const { inputs } = outcome;
  const history = new History({
    cwd: inputs.workingDirectory,
    remote: 'origin',
    maxFetchDepth: inputs.maxFetchDepth,
    signal,
  });
  const comparison = await compare(plan.base, history, inputs, plan.renames, early.diff);
  outcome.comparison = comparison;
  const matches = plan.matcher.match(comparison.changes);
  const { groups } = inputs.filters;
  const result: GroupResult = comparison.missingBase
    ? { matches, changed: groups.map(() => true), via: groups.map(() => undefined) }
    : {
        matches,
        ...resolveDependencies(
          groups,
          matches.map((m) => m.files.length > 0),
        ),
      };
  // Refused before any output is written: a run either sets all its outputs or none.
  checkOutputSizes(outputsOf({ ...outcome, groups: result }));
  outcome.groups = result;
  core.info(logLineOf(outcome));
}

/** Each group's list in a JSON file under RUNNER_TEMP; with list-files json, as an output too when it fits. */
function writeFileLists(outcome: Outcome): void {
  const { inputs, groups: result } = outcome;
  if (inputs.listFiles === 'none' || !result) return;
  const root = process.env.RUNNER_TEMP || tmpdir();
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, 'detect-changed-paths-'));
  const names = inputs.filters.groups.map((g) => g.name);
  const lists = result.matches.map((m) => JSON.stringify(m.files));
  lists.forEach((json, i) => writeFileSync(join(dir, `${names[i]}.json`), json));
  const room = outputLimits.total - sizeOf(outputsOf({ ...outcome, fileLists: { dir, inline: [], tooLarge: [] } }));
  const { inline, tooLarge } = inlineLists(lists, inputs.listFiles, room, names);
  if (tooLarge.length > 0) core.warning(tooLargeWarning(tooLarge));
  outcome.fileLists = { dir, inline, tooLarge };
}

/** A log section, with the time since start in the debug log (RUNNER_DEBUG=1). */
async function phase<T>(name: string, body: () => Promise<T>): Promise<T> {
  const result = await core.group(name, body);
  core.debug(`${name} done ${performance.now().toFixed(0)} ms after start`);
  return result;
}
