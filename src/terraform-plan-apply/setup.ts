import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { connectAws, type AwsSession } from '../../action-helpers/aws.js';
import { ActionFailure, messageOf } from '../../action-helpers/errors.js';
import type { ExecResult } from '../../action-helpers/exec.js';
import { resolveBinary, Terraform } from './binary.js';
import { sha256, sha256File, type InitBindings, type StaticBindings } from './bundle.js';
import { backendIdentity, currentCommit, dependencyLockSha256 } from './checkout.js';
import { initArgs, selectWorkspaceArgs } from './commands.js';
import { describeLock, parseLockError } from './diagnostics.js';
import type { InlineVariables, Inputs } from './inputs.js';
import type { Outcome } from './report.js';

/** What every command works with: the inputs, the binary, the commit and account, a scratch folder. */
export interface Session {
  inputs: Inputs;
  tf: Terraform;
  commit: string;
  awsAccount: string | null;
  scratch: string;
  signal: AbortSignal;
  outcome: Outcome;
  aws?: AwsSession;
  /** var-files then the inline variables, as the binary takes them. */
  varFiles: string[];
}

/** Finds the binary, the commit and the AWS account; hands the AWS credentials to the binary. */
export async function startSession(
  inputs: Inputs,
  outcome: Outcome,
  scratch: string,
  signal: AbortSignal,
): Promise<Session> {
  const [binary, commit] = await Promise.all([
    resolveBinary(inputs.binary, signal),
    currentCommit(inputs.workingDirectory, signal),
  ]);
  outcome.binary = binary;
  outcome.commit = commit;
  if (binary.wrapper) core.info(`${binary.wrapper} is a setup action's wrapper: running ${binary.path} itself.`);
  core.info(`Using ${binary.name} ${binary.version} (${binary.path}) in ${inputs.workingDirectory}`);

  // TF_WORKSPACE would override `workspace select`; inputs.ts already took it into `workspace`.
  const env: Record<string, string | undefined> = { TF_WORKSPACE: undefined };
  let awsAccount: string | null = null;
  let session: AwsSession | undefined;
  if (inputs.aws) {
    session = await connectAws(inputs.aws);
    env.AWS_REGION = inputs.aws.region;
    if (session.credentials) {
      // Masked by connectAws already; the child's environment, never argv.
      env.AWS_ACCESS_KEY_ID = session.credentials.accessKeyId;
      env.AWS_SECRET_ACCESS_KEY = session.credentials.secretAccessKey;
      env.AWS_SESSION_TOKEN = session.credentials.sessionToken;
      env.AWS_PROFILE = undefined;
    }
    awsAccount = await session.accountId().catch((err: unknown) => {
      if (inputs.aws!.roleToAssume || inputs.aws!.allowedAccountIds.length > 0) throw err;
      core.info(`No AWS account bound into the plan: the runner has no usable AWS credentials (${messageOf(err)}).`);
      return null;
    });
    outcome.awsAccount = awsAccount;
  }
  const aws = session;
  return {
    inputs,
    tf: new Terraform(binary, inputs.workingDirectory, env, signal),
    commit,
    awsAccount,
    scratch,
    signal,
    outcome,
    aws,
    varFiles: [...inputs.varFiles.map((f) => f.absolute), ...inlineFile(inputs.variables, scratch)],
  };
}

function inlineFile(variables: InlineVariables | undefined, scratch: string): string[] {
  if (!variables) return [];
  const file = path.join(scratch, variables.syntax === 'json' ? 'inline.tfvars.json' : 'inline.tfvars');
  writeFileSync(file, variables.text, { mode: 0o600 });
  return [file];
}

/** init, then the workspace: created for a plan, only selected for an apply. */
export async function initialise(session: Session, createWorkspace: boolean): Promise<void> {
  const { tf, inputs } = session;
  const step = async (args: string[], what: string) =>
    tf.run(args, { timeoutMs: 15 * 60_000 }).catch((err: unknown) => {
      if (err instanceof ActionFailure && (err.reason === 'cancelled' || err.reason === 'timeout')) throw err;
      throw new ActionFailure(`${tf.name} ${what} failed: ${messageOf(err)}`, 'init-failed');
    });
  await step(initArgs(inputs.backendConfig, session.varFiles), 'init');
  if (inputs.workspace !== 'default') {
    await step(selectWorkspaceArgs(inputs.workspace, createWorkspace), 'workspace select');
  }
}

/** What the plan is bound to that is known before init. */
export function staticBindings(session: Session): StaticBindings {
  const { inputs, tf } = session;
  return {
    commit: session.commit,
    environment: inputs.environment,
    workspace: inputs.workspace,
    workingDirectory: inputs.workingDirectoryLabel,
    varFiles: inputs.varFiles.map((f) => ({ path: f.path, sha256: sha256File(f.absolute) })),
    variablesSha256: inputs.variables ? sha256(canonicalVariables(inputs.variables)) : null,
    binary: { name: tf.binary.name, version: tf.binary.version },
    awsAccount: session.awsAccount,
  };
}

export function initBindings(session: Session): InitBindings {
  return {
    backend: backendIdentity(session.inputs.workingDirectory),
    dependencyLockSha256: dependencyLockSha256(session.inputs.workingDirectory),
  };
}

/** The same variables spelled differently (key order, spacing, comments) hash the same. */
export function canonicalVariables(variables: InlineVariables): string {
  if (variables.syntax === 'json') return `json:${canonicalJson(JSON.parse(variables.text))}`;
  const lines = variables.text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^([A-Za-z_][\w-]*)\s*=\s*/, '$1 = '))
    .filter((line) => line !== '' && !/^(#|\/\/)/.test(line));
  return `hcl:${lines.join('\n')}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A failed plan or apply: a held lock is state-locked (with who holds it), the rest the step's failure. */
export function failFromBinary(session: Session, step: 'plan' | 'apply', result: ExecResult): never {
  const lock = parseLockError(result.stderr);
  if (lock) {
    session.outcome.lock = lock;
    throw new ActionFailure(describeLock(lock, new Date(), session.inputs.lockTimeoutMs), 'state-locked');
  }
  const detail = result.stderr.trim().split('\n').slice(-8).join('\n');
  throw new ActionFailure(
    `${session.tf.name} ${step} failed (exit code ${result.exitCode}): ${detail}`,
    step === 'plan' ? 'plan-failed' : 'apply-failed',
  );
}
