import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { getAwsInputs, type AwsInputs } from '../../action-helpers/aws.js';
import { InputError } from '../../action-helpers/errors.js';
import { environmentName, type Format } from '../../action-helpers/formats.js';
import {
  getBoolean,
  getDuration,
  getEnum,
  getInteger,
  getList,
  getPath,
  getPathList,
  getSecret,
  getString,
  workspaceRoot,
} from '../../action-helpers/inputs.js';
import { bundleFiles } from './bundle.js';
import { leafStrings } from './plan-json.js';

export const commands = ['plan', 'apply', 'plan-apply', 'drift-check'] as const;
export type Command = (typeof commands)[number];

export const binaries = ['auto', 'terraform', 'tofu'] as const;
export type BinaryChoice = (typeof binaries)[number];

/** Variables given inline: written to a variables file of this syntax for the run. */
export interface InlineVariables {
  syntax: 'json' | 'hcl';
  text: string;
}

/** A variables file: its path relative to the working directory (one spelling), and where it is. */
export interface VarFile {
  path: string;
  absolute: string;
}

/** Where bundles are kept between the plan and the apply job when no artifact carries them. */
export interface PlanStore {
  bucket: string;
  prefix: string;
  kmsKeyId?: string;
}

export interface Inputs {
  command: Command;
  /** Absolute path of the root module. */
  workingDirectory: string;
  /** Relative to the workspace, one spelling (infra, ./infra, infra/ give infra): bindings and markers. */
  workingDirectoryLabel: string;
  environment: string;
  workspace: string;
  /** `key=value` items and file paths (absolute), each one `-backend-config` argument. */
  backendConfig: string[];
  varFiles: VarFile[];
  variables?: InlineVariables;
  binary: BinaryChoice;
  lockTimeoutMs: number;
  allowDestroy: boolean;
  /** Plan options: a full destroy, only some addresses, forced replacements, a refresh-only plan. */
  destroy: boolean;
  targets: string[];
  replace: string[];
  refreshOnly: boolean;
  parallelism?: number;
  commentOnPr: boolean;
  githubToken?: string;
  /** plan / plan-apply: where to write the bundle; apply: the bundle to apply. */
  planBundle: string;
  planStore?: PlanStore;
  /** apply: the sha256 of the plan file the plan job reported (its plan-sha256 output). */
  expectedPlanSha256?: string;
  /** apply: the commit the plan was made and reviewed on (a pull request's head), when not this one. */
  reviewedCommit?: string;
  dryRun: boolean;
  /** Undefined when the run has nothing to do with AWS (no region, role or account list anywhere). */
  aws?: AwsInputs;
}

export const workspaceName: Format = {
  accepted: 'a workspace name: up to 90 letters, digits, _ . -, starting with a letter or digit',
  test: (v) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,89}$/.test(v),
};

/** A resource address as -target / -replace take it; never a value that reads as an option. */
export const resourceAddress: Format = {
  accepted: 'resource addresses such as aws_s3_bucket.logs or module.app.aws_iam_role.this["web"], one per line',
  test: (v) => /^[A-Za-z_][\w.\-[\]"*/:]*$/.test(v) && v.length <= 1024,
};

export const planStoreUrl: Format = {
  accepted: 's3://bucket or s3://bucket/prefix',
  test: (v) => /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[\w!.*'()/-]*)?$/.test(v),
};

const commitSha: Format = { accepted: 'a full commit SHA (40 hex digits)', test: (v) => /^[0-9a-f]{40}$/.test(v) };

const sha256Hex: Format = { accepted: '64 lowercase hex digits', test: (v) => /^[0-9a-f]{64}$/.test(v) };

const backendKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function readInputs(): Inputs {
  const command = getEnum('command', commands, 'plan');
  const root = workspaceRoot();
  const workingDirectory = getPath('working-directory', { kind: 'directory', default: '.' });
  const workingDirectoryLabel = path.relative(root, workingDirectory) || '.';
  const environment = getString('environment', { required: true, format: environmentName });
  const workspace = workspaceOf(getString('workspace', { format: workspaceName }));

  const backendConfig = getList('backend-config', { commas: false }).map((item) =>
    backendConfigItem(item, workingDirectory),
  );
  const varFiles = getPathList('var-files', { kind: 'file', base: workingDirectory }).map((absolute) => ({
    absolute,
    path: path.relative(workingDirectory, absolute),
  }));
  const variables = inlineVariables(getString('variables'));
  // Before any binary runs: a diagnostic quoting the variables file must find every value masked.
  if (variables) for (const value of variableLeaves(variables)) core.setSecret(value);

  const runnerTemp = process.env.RUNNER_TEMP;
  const planStore = planStoreOf(getString('plan-store', { format: planStoreUrl }), getString('plan-store-kms-key'));
  // apply reads a bundle that is there, unless it fetches one from the plan store into a fresh folder.
  const bundleGiven = core.getInput('plan-bundle') !== '';
  const readsBundle = command === 'apply' && (bundleGiven || !planStore);
  const planBundle = getPath('plan-bundle', {
    kind: readsBundle ? 'directory' : 'new',
    default: defaultBundle(runnerTemp ?? path.join(root, '.terraform-plan-apply'), workingDirectoryLabel, environment),
    alsoInside: runnerTemp ? [runnerTemp] : [],
  });
  if (!readsBundle) checkReplaceable(planBundle, root, workingDirectory);

  return {
    command,
    workingDirectory,
    workingDirectoryLabel,
    environment,
    workspace,
    backendConfig,
    varFiles,
    variables,
    binary: getEnum('binary', binaries, 'auto'),
    lockTimeoutMs: getDuration('lock-timeout', 5 * 60_000, { maxMs: 6 * 3_600_000 }),
    allowDestroy: getBoolean('allow-destroy', false),
    destroy: getBoolean('destroy', false),
    targets: getList('targets', { commas: false, format: resourceAddress }),
    replace: getList('replace', { commas: false, format: resourceAddress }),
    refreshOnly: getBoolean('refresh-only', false),
    parallelism: getInteger('parallelism', { default: 0, min: 0, max: 256 }) || undefined,
    commentOnPr: getBoolean('comment-on-pr', true),
    githubToken: getSecret('github-token'),
    planBundle,
    planStore,
    expectedPlanSha256: getString('plan-sha256', { format: sha256Hex }),
    reviewedCommit: getString('reviewed-commit', { format: commitSha }),
    dryRun: getBoolean('dry-run', false),
    aws: awsInputs(planStore !== undefined),
  };
}

/** TF_WORKSPACE in the environment overrides `workspace select`: honour it only when it agrees. */
function workspaceOf(input: string | undefined): string {
  const fromEnv = process.env.TF_WORKSPACE;
  if (fromEnv && input && fromEnv !== input) {
    throw new InputError(
      'workspace',
      `${JSON.stringify(input)} differs from TF_WORKSPACE=${JSON.stringify(fromEnv)} in the environment`,
      'the same workspace in both, or only one of them',
    );
  }
  const workspace = input ?? fromEnv ?? 'default';
  if (!workspaceName.test(workspace)) {
    throw new InputError('workspace', `TF_WORKSPACE=${JSON.stringify(workspace)} is not valid`, workspaceName.accepted);
  }
  return workspace;
}

/** AWS only when something asks for it: a region, a role or an account list (inputs or environment). */
function awsInputs(planStore: boolean): AwsInputs | undefined {
  const wanted =
    planStore ||
    core.getInput('aws-region') ||
    core.getInput('role-to-assume') ||
    core.getInput('allowed-account-ids') ||
    process.env.AWS_REGION ||
    process.env.AWS_DEFAULT_REGION;
  return wanted ? getAwsInputs() : undefined;
}

function planStoreOf(url: string | undefined, kmsKeyId: string | undefined): PlanStore | undefined {
  if (!url) {
    if (kmsKeyId) throw new InputError('plan-store-kms-key', 'it needs plan-store', 'a KMS key with plan-store set');
    return undefined;
  }
  const [bucket, ...rest] = url.slice('s3://'.length).split('/');
  const prefix = rest.filter((part) => part !== '').join('/');
  return { bucket: bucket!, prefix, kmsKeyId };
}

/**
 * plan writes the bundle by replacing the folder: only ever a folder that is empty or already holds
 * a bundle, and never the workspace, the module or anything holding them.
 */
export function checkReplaceable(bundle: string, root: string, workingDirectory: string): void {
  const accepted = 'a new folder, an empty one, or one a previous plan wrote (it is replaced whole)';
  const holds = (outer: string, inner: string) => !path.relative(outer, inner).startsWith('..');
  if (holds(bundle, root) || holds(bundle, workingDirectory) || bundle.split(path.sep).includes('.git')) {
    throw new InputError('plan-bundle', `${JSON.stringify(bundle)} holds the checkout or the root module`, accepted);
  }
  if (!existsSync(bundle)) return;
  if (!statSync(bundle).isDirectory()) {
    throw new InputError('plan-bundle', `${JSON.stringify(bundle)} is a file`, accepted);
  }
  const entries = readdirSync(bundle);
  if (entries.length > 0 && !entries.includes(bundleFiles.manifest)) {
    throw new InputError('plan-bundle', `${JSON.stringify(bundle)} is a folder that is not a plan bundle`, accepted);
  }
}

/** One `-backend-config` item: `key=value` as on the command line, or the path of an HCL file. */
export function backendConfigItem(item: string, workingDirectory: string): string {
  const accepted =
    'one item per line: key=value (for example key=dev/terraform.tfstate) or the path of a backend HCL file';
  const equals = item.indexOf('=');
  if (equals === -1) {
    const file = path.resolve(workingDirectory, item);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new InputError('backend-config', `${JSON.stringify(item)} is not a file`, accepted);
    }
    return file;
  }
  const key = item.slice(0, equals).trim();
  if (!backendKey.test(key)) {
    throw new InputError('backend-config', `${JSON.stringify(key)} is not a backend setting name`, accepted);
  }
  return `${key}=${item.slice(equals + 1).trim()}`;
}

/** JSON when it starts with `{` (and then it must parse to an object), HCL assignments otherwise. */
export function inlineVariables(raw: string | undefined): InlineVariables | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  const accepted = 'a JSON object ({"name": "value"}) or HCL assignments (name = "value"), as in a .tfvars file';
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new InputError('variables', 'the value starts with { but is not valid JSON', accepted);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InputError('variables', 'the JSON value is not an object', accepted);
    }
    return { syntax: 'json', text };
  }
  // The binary parses HCL itself; this only refuses what is plainly not a list of assignments.
  const firstStatement = text.split(/\r?\n/).find((line) => !/^\s*(#|\/\/|$)/.test(line)) ?? '';
  if (!/^\s*[A-Za-z_][A-Za-z0-9_-]*\s*=/.test(firstStatement)) {
    throw new InputError('variables', 'the value is neither a JSON object nor HCL assignments', accepted);
  }
  return { syntax: 'hcl', text };
}

/**
 * Every leaf value of the inline variables, as a log could quote it: JSON leaves, or in HCL each
 * quoted string, heredoc line and bare number or word on the right of an `=` or in a list.
 */
export function variableLeaves(variables: InlineVariables): string[] {
  if (variables.syntax === 'json') return [...leafStrings(JSON.parse(variables.text))];
  const found = new Set<string>();
  const text = variables.text;
  for (const m of text.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) if (m[1]) found.add(m[1]);
  for (const m of text.matchAll(/<<-?([A-Za-z_]\w*)\r?\n([\s\S]*?)\r?\n\s*\1\b/g)) {
    for (const line of m[2]!.split(/\r?\n/)) if (line.trim()) found.add(line.trim());
  }
  for (const m of text.matchAll(/(?:=|\[|,)\s*(-?[\w.]+)\s*(?=$|,|\]|\}|#)/gm)) {
    const value = m[1]!;
    if (!['true', 'false', 'null'].includes(value) && value.length >= 4) found.add(value);
  }
  return [...found];
}

/** The default bundle folder: the working directory and environment, readable. */
export function defaultBundle(parent: string, workingDirectory: string, environment: string): string {
  const dir = path
    .normalize(workingDirectory)
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '');
  return path.join(parent, 'plan-bundles', `${dir || 'root'}--${environment}`);
}
