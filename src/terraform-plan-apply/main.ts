import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { ActionFailure, messageOf } from '../../action-helpers/errors.js';
import { type ExecResult } from '../../action-helpers/exec.js';
import { currentRepo, githubClient } from '../../action-helpers/github.js';
import { setOutputs, writeSummary } from '../../action-helpers/outputs.js';
import { pullRequestNumber, upsertComment } from '../../action-helpers/pr-comment.js';
import { resolveBinary, runBinary, type Binary } from './binary.js';
import {
  bindingDifferences,
  bundleFiles,
  readManifest,
  sha256,
  sha256File,
  writeBundle,
  type Bindings,
  type Manifest,
} from './bundle.js';
import { backendIdentity, currentCommit, dependencyLockSha256 } from './checkout.js';
import {
  applyArgs,
  initArgs,
  outputJsonArgs,
  planArgs,
  selectWorkspaceArgs,
  showJsonArgs,
  showTextArgs,
} from './commands.js';
import { describeLock, isStalePlanError, parseLockError } from './diagnostics.js';
import { readInputs, type Inputs } from './inputs.js';
import {
  leafStrings,
  redactPlan,
  sensitiveStrings,
  summarisePlan,
  type PlanDocument,
  type PlanSummary,
} from './plan-json.js';
import { commentBody, commentKey, countNames, countsLine, summaryPlanText, type PlanReport } from './report.js';

/** A plan made in this run: the file, whether it changes anything, and what it does. */
interface Plan {
  file: string;
  hasChanges: boolean;
  summary: PlanSummary;
  text: string;
  redactedJson: string;
}

/** What the run learnt so far, for the outputs and the job summary whichever way it ends. */
interface Progress {
  binary?: Binary;
  commit?: string;
  plan?: Plan;
  bundleDir?: string;
  status?: string;
  commentId?: number;
}

export async function run(): Promise<void> {
  const inputs = readInputs();
  const progress: Progress = {};
  const scratch = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), 'terraform-plan-apply-'));
  try {
    await runCommand(inputs, progress, scratch);
  } catch (err) {
    progress.status ??= `Failed: ${messageOf(err)}`;
    throw err;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await report(inputs, progress);
  }
}

async function runCommand(inputs: Inputs, progress: Progress, scratch: string): Promise<void> {
  const binary = await resolveBinary(inputs.binary);
  progress.binary = binary;
  core.info(`Using ${binary.name} ${binary.version} (${binary.path}) in ${inputs.workingDirectory}`);
  const commit = await currentCommit(inputs.workingDirectory);
  progress.commit = commit;
  await initialise(binary, inputs);

  switch (inputs.command) {
    case 'plan':
    case 'plan-apply': {
      const plan = await makePlan(binary, inputs, scratch);
      progress.plan = plan;
      const bindings = currentBindings(binary, inputs, commit);
      writeBundle(inputs.planBundle, {
        planFile: plan.file,
        text: plan.text,
        json: plan.redactedJson,
        manifest: {
          createdAt: new Date().toISOString(),
          bindings,
          hasChanges: plan.hasChanges,
          counts: plan.summary.counts,
          destructive: plan.summary.destructive,
        },
      });
      progress.bundleDir = inputs.planBundle;
      core.info(`Plan bundle written to ${inputs.planBundle}`);
      progress.status = planStatus(plan, inputs);
      await commentOnPullRequest(inputs, progress);
      guardDestroy(plan.summary, inputs);
      if (inputs.command === 'plan-apply') await applyBundle(binary, inputs, commit, progress, scratch);
      return;
    }
    case 'apply':
      progress.bundleDir = inputs.planBundle;
      await applyBundle(binary, inputs, commit, progress, scratch);
      return;
    case 'drift-check': {
      const plan = await makePlan(binary, inputs, scratch);
      progress.plan = plan;
      if (plan.hasChanges) {
        progress.status = `Drift detected: the live state differs from the configuration (${countsLine(plan.summary.counts)}).`;
        throw new ActionFailure(progress.status, 'drift-detected');
      }
      progress.status = 'No drift: the live state matches the configuration.';
      return;
    }
  }
}

async function initialise(binary: Binary, inputs: Inputs): Promise<void> {
  await runBinary(binary, inputs.workingDirectory, initArgs(inputs.backendConfig), { timeoutMs: 15 * 60_000 }).catch(
    (err: unknown) => {
      throw new ActionFailure(`${binary.name} init failed: ${messageOf(err)}`, 'init-failed');
    },
  );
  if (inputs.workspace !== 'default') {
    await runBinary(binary, inputs.workingDirectory, selectWorkspaceArgs(inputs.workspace), {
      timeoutMs: 5 * 60_000,
    }).catch((err: unknown) => {
      throw new ActionFailure(`${binary.name} workspace select failed: ${messageOf(err)}`, 'init-failed');
    });
  }
}

/** The variables files of the run: var-files as given, then the inline variables written out. */
function variableFiles(inputs: Inputs, scratch: string): string[] {
  const files = [...inputs.varFiles];
  if (inputs.variables) {
    const file = path.join(scratch, inputs.variables.syntax === 'json' ? 'inline.tfvars.json' : 'inline.tfvars');
    writeFileSync(file, inputs.variables.text, { mode: 0o600 });
    files.push(file);
  }
  return files;
}

async function makePlan(binary: Binary, inputs: Inputs, scratch: string): Promise<Plan> {
  const file = path.join(scratch, bundleFiles.plan);
  const result = await runBinary(
    binary,
    inputs.workingDirectory,
    planArgs({ varFiles: variableFiles(inputs, scratch), lockTimeoutMs: inputs.lockTimeoutMs, out: file }),
    { allowFailure: true },
  );
  if (result.exitCode !== 0 && result.exitCode !== 2) failFromBinary(binary, 'plan', result, inputs.lockTimeoutMs);
  return readPlan(binary, inputs.workingDirectory, file, result.exitCode === 2);
}

/** The plan as JSON and as text; the JSON's sensitive values are masked before anything else runs. */
async function readPlan(binary: Binary, cwd: string, file: string, hasChanges: boolean): Promise<Plan> {
  const show = await runBinary(binary, cwd, showJsonArgs(file), { echo: false, timeoutMs: 10 * 60_000 });
  const json = JSON.parse(show.stdout) as PlanDocument;
  for (const secret of sensitiveStrings(json)) core.setSecret(secret);
  const text = await runBinary(binary, cwd, showTextArgs(file), { echo: false, timeoutMs: 10 * 60_000 });
  return {
    file,
    hasChanges,
    summary: summarisePlan(json),
    text: text.stdout,
    redactedJson: JSON.stringify(redactPlan(json)),
  };
}

function currentBindings(binary: Binary, inputs: Inputs, commit: string): Bindings {
  return {
    commit,
    environment: inputs.environment,
    workspace: inputs.workspace,
    workingDirectory: inputs.workingDirectoryLabel,
    backend: backendIdentity(inputs.workingDirectory),
    dependencyLockSha256: dependencyLockSha256(inputs.workingDirectory),
    varFiles: inputs.varFiles.map((file) => ({
      path: file,
      sha256: sha256File(path.resolve(inputs.workingDirectory, file)),
    })),
    variablesSha256: inputs.variables ? sha256(inputs.variables.text) : null,
    binary: { name: binary.name, version: binary.version },
  };
}

function planStatus(plan: Plan, inputs: Inputs): string {
  if (!plan.hasChanges) return 'No changes: the infrastructure matches the configuration.';
  const base = `Plan: ${countsLine(plan.summary.counts)}.`;
  if (plan.summary.destructive.length > 0 && !inputs.allowDestroy) {
    return `${base} Destroy blocked: this plan destroys or replaces resources and allow-destroy is false.`;
  }
  return base;
}

function guardDestroy(summary: PlanSummary, inputs: Inputs): void {
  if (summary.destructive.length === 0 || inputs.allowDestroy) return;
  throw new ActionFailure(
    `The plan destroys or replaces ${summary.destructive.length} resource(s) (${summary.destructive.join(', ')}) and allow-destroy is false. Review the plan and re-run with allow-destroy: true to permit it.`,
    'destroy-blocked',
  );
}

/**
 * Applies the bundle's plan, and only it: every binding must match this run and the plan file its
 * recorded hash, and the plan is re-read from the file itself (not the manifest) for the destroy guard.
 */
async function applyBundle(
  binary: Binary,
  inputs: Inputs,
  commit: string,
  progress: Progress,
  scratch: string,
): Promise<void> {
  const dir = inputs.planBundle;
  const manifest = readManifest(dir);
  const bundledPlan = path.join(dir, bundleFiles.plan);
  // Hash and apply the same bytes: a copy nobody else can change in between.
  const planFile = path.join(scratch, 'reviewed.tfplan');
  let planSha256: string | undefined;
  if (existsSync(bundledPlan)) {
    const bytes = readFileSync(bundledPlan);
    writeFileSync(planFile, bytes);
    planSha256 = sha256(bytes);
  }
  const differences = bindingDifferences(manifest, currentBindings(binary, inputs, commit), planSha256);
  if (differences.length > 0) {
    progress.status = `Refused: the plan bundle does not match this run (${differences.length} difference(s)).`;
    throw new ActionFailure(
      `Refusing to apply ${dir}: it was not planned for this run. ${differences.join('; ')}. Make a new plan for this commit and environment.`,
      'plan-changed',
    );
  }
  const plan = await readPlan(binary, inputs.workingDirectory, planFile, manifest.hasChanges);
  progress.plan = plan;
  guardDestroy(plan.summary, inputs);

  if (!plan.hasChanges) {
    progress.status = 'No changes to apply: the infrastructure already matches the reviewed plan.';
  } else {
    const result = await runBinary(binary, inputs.workingDirectory, applyArgs(planFile, inputs.lockTimeoutMs), {
      allowFailure: true,
    });
    if (result.exitCode === 0) {
      progress.status = `Applied: ${countsLine(plan.summary.counts)}.`;
    } else if (isStalePlanError(result.stderr)) {
      await requireAlreadyApplied(binary, inputs, scratch, manifest);
      progress.status = 'Already applied: the state has moved on and matches the configuration; nothing to do.';
    } else {
      failFromBinary(binary, 'apply', result, inputs.lockTimeoutMs);
    }
  }
  setOutputs({ outputs: await nonSensitiveOutputs(binary, inputs.workingDirectory) });
}

/**
 * A stale plan whose changes are already in place (a re-run of this job) is a success, not an
 * error: a fresh plan with the same inputs shows nothing to do. Anything else is plan-stale.
 */
async function requireAlreadyApplied(
  binary: Binary,
  inputs: Inputs,
  scratch: string,
  manifest: Manifest,
): Promise<void> {
  core.info('The saved plan is stale; planning again to see whether its changes are already in place.');
  const fresh = await makePlan(binary, inputs, scratch);
  if (!fresh.hasChanges) return;
  throw new ActionFailure(
    `The plan from ${manifest.createdAt} is stale: the state changed since it was made (someone else applied), and a fresh plan shows ${countsLine(fresh.summary.counts)}. Make and review a new plan.`,
    'plan-stale',
  );
}

/** Outputs marked sensitive are left out; the rest become one JSON object. */
async function nonSensitiveOutputs(binary: Binary, cwd: string): Promise<Record<string, unknown>> {
  const { stdout } = await runBinary(binary, cwd, outputJsonArgs, { echo: false, timeoutMs: 5 * 60_000 });
  const all = JSON.parse(stdout || '{}') as Record<string, { sensitive?: boolean; value?: unknown }>;
  const shown: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(all)) {
    if (output.sensitive) {
      for (const secret of leafStrings(output.value)) core.setSecret(secret);
    } else {
      shown[name] = output.value;
    }
  }
  return shown;
}

function failFromBinary(binary: Binary, step: 'plan' | 'apply', result: ExecResult, lockTimeoutMs: number): never {
  const lock = parseLockError(result.stderr);
  if (lock) throw new ActionFailure(describeLock(lock, new Date(), lockTimeoutMs), 'state-locked');
  const detail = result.stderr.trim().split('\n').slice(-8).join('\n');
  throw new ActionFailure(`${binary.name} ${step} failed (exit code ${result.exitCode}): ${detail}`, `${step}-failed`);
}

async function commentOnPullRequest(inputs: Inputs, progress: Progress): Promise<void> {
  const issueNumber = pullRequestNumber();
  if (!inputs.commentOnPr || issueNumber === undefined || !progress.plan) return;
  const body = commentBody(planReport(inputs, progress, progress.plan));
  try {
    const comment = await upsertComment(
      githubClient(inputs.githubToken),
      { ...currentRepo(), issueNumber },
      commentKey(inputs.workingDirectoryLabel, inputs.environment),
      body,
    );
    progress.commentId = comment.id;
    core.info(`Plan comment ${comment.action} on pull request #${issueNumber}: ${comment.url}`);
  } catch (err) {
    if (err instanceof ActionFailure) throw err;
    throw new ActionFailure(
      `Could not comment on pull request #${issueNumber}: ${messageOf(err)}. The job needs permissions: pull-requests: write.`,
      'comment-failed',
    );
  }
}

function planReport(inputs: Inputs, progress: Progress, plan: Plan): PlanReport {
  return {
    workingDirectory: inputs.workingDirectoryLabel,
    environment: inputs.environment,
    workspace: inputs.workspace,
    binary: progress.binary ? `${progress.binary.name} ${progress.binary.version}` : 'unknown binary',
    commit: progress.commit ?? 'unknown',
    counts: plan.summary.counts,
    destructive: plan.summary.destructive,
    status: progress.status ?? '',
    planText: plan.text,
    fullPlanAt: `the job summary and the plan bundle (${bundleFiles.text})`,
  };
}

/** Outputs and the job summary, whichever way the run ended. */
async function report(inputs: Inputs, progress: Progress): Promise<void> {
  const plan = progress.plan;
  setOutputs({
    'has-changes': plan ? plan.hasChanges : undefined,
    ...(plan ? Object.fromEntries(countNames.map((name) => [`${name}-count`, plan.summary.counts[name]])) : {}),
    'plan-bundle': progress.bundleDir,
    'plan-json': plan && progress.bundleDir ? path.join(progress.bundleDir, bundleFiles.json) : undefined,
    'comment-id': progress.commentId,
  });
  if (plan && !progress.bundleDir) writeDriftPlanJson(inputs, plan);
  await writeSummary({
    heading: `terraform-plan-apply ${inputs.command}: ${inputs.workingDirectoryLabel} in ${inputs.environment}`,
    lines: [
      progress.status ?? '',
      `Workspace ${inputs.workspace}${progress.binary ? `, ${progress.binary.name} ${progress.binary.version}` : ''}${progress.commit ? `, commit ${progress.commit}` : ''}.`,
      ...(plan && plan.summary.destructive.length > 0
        ? [`Destroys or replaces: ${plan.summary.destructive.join(', ')}`]
        : []),
      ...(progress.bundleDir ? [`Plan bundle: ${progress.bundleDir}`] : []),
    ],
    table: plan ? { header: countNames, rows: [countNames.map((name) => plan.summary.counts[name])] } : undefined,
    details: plan
      ? { summary: 'Plan', text: summaryPlanText(plan.text, `the plan bundle (${bundleFiles.text})`) }
      : undefined,
  }).catch((err: unknown) => core.warning(`Could not write the job summary: ${messageOf(err)}`));
}

/** drift-check keeps no bundle; its redacted JSON plan still goes where a later step can read it. */
function writeDriftPlanJson(inputs: Inputs, plan: Plan): void {
  const file = `${inputs.planBundle}.drift-plan.json`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, plan.redactedJson);
  setOutputs({ 'plan-json': file });
}
