import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../action-helpers/errors.js';
import { environmentName, type Format } from '../../action-helpers/formats.js';
import { getBoolean, getDuration, getEnum, getList, getSecret, getString } from '../../action-helpers/inputs.js';

export const commands = ['plan', 'apply', 'plan-apply', 'drift-check'] as const;
export type Command = (typeof commands)[number];

export const binaries = ['auto', 'terraform', 'tofu'] as const;
export type BinaryChoice = (typeof binaries)[number];

/** Variables given inline: written to a variables file of this syntax for the run. */
export interface InlineVariables {
  syntax: 'json' | 'hcl';
  text: string;
}

export interface Inputs {
  command: Command;
  /** Absolute path of the root module. */
  workingDirectory: string;
  /** As given (relative to the workspace), for the manifest, the comment marker and messages. */
  workingDirectoryLabel: string;
  environment: string;
  workspace: string;
  /** `key=value` items and file paths (absolute), each one `-backend-config` argument. */
  backendConfig: string[];
  /** Paths relative to the working directory, as given. */
  varFiles: string[];
  variables?: InlineVariables;
  binary: BinaryChoice;
  lockTimeoutMs: number;
  allowDestroy: boolean;
  commentOnPr: boolean;
  githubToken?: string;
  /** plan / plan-apply: where to write the bundle; apply: the bundle to apply. */
  planBundle: string;
}

export const workspaceName: Format = {
  accepted: 'a workspace name: up to 90 letters, digits, _ . -, starting with a letter or digit',
  test: (v) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,89}$/.test(v),
};

const backendKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function readInputs(env: NodeJS.ProcessEnv = process.env): Inputs {
  const command = getEnum('command', commands, 'plan');
  const base = env.GITHUB_WORKSPACE || process.cwd();
  const workingDirectoryInput = getString('working-directory', { default: '.' });
  const workingDirectory = path.resolve(base, workingDirectoryInput);
  if (!isDirectory(workingDirectory)) {
    throw new InputError(
      'working-directory',
      `${JSON.stringify(workingDirectoryInput)} is not a directory`,
      'a directory holding the root module, relative to the workspace',
    );
  }
  // One spelling per directory (infra, ./infra, infra/), so bindings and comment markers compare equal.
  const workingDirectoryLabel = path.relative(base, workingDirectory) || '.';
  const environment = getString('environment', { required: true, format: environmentName });
  const workspace = getString('workspace', { default: 'default', format: workspaceName });

  const backendConfig = getList('backend-config', { commas: false }).map((item) =>
    backendConfigItem(item, workingDirectory),
  );
  const varFiles = getList('var-files', { commas: false });
  for (const file of varFiles) {
    if (!isFile(path.resolve(workingDirectory, file))) {
      throw new InputError(
        'var-files',
        `${JSON.stringify(file)} is not a file`,
        'paths of .tfvars or .tfvars.json files relative to working-directory, one per line',
      );
    }
  }
  const variables = inlineVariables(getString('variables'));

  const planBundleInput = getString('plan-bundle');
  if (command === 'apply' && !planBundleInput) {
    throw new InputError('plan-bundle', 'a value is required for command apply', 'the path of a plan bundle directory');
  }
  const planBundle = planBundleInput
    ? path.resolve(base, planBundleInput)
    : path.join(
        env.RUNNER_TEMP || path.join(base, '.terraform-plan-apply'),
        'plan-bundles',
        bundleName(workingDirectoryLabel, environment),
      );

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
    commentOnPr: getBoolean('comment-on-pr', true),
    githubToken: getSecret('github-token'),
    planBundle,
  };
}

/** One `-backend-config` item: `key=value` as on the command line, or the path of an HCL file. */
export function backendConfigItem(item: string, workingDirectory: string): string {
  const accepted =
    'one item per line: key=value (for example key=dev/terraform.tfstate) or the path of a backend HCL file';
  const equals = item.indexOf('=');
  if (equals === -1) {
    const file = path.resolve(workingDirectory, item);
    if (!isFile(file)) throw new InputError('backend-config', `${JSON.stringify(item)} is not a file`, accepted);
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

/** A directory name for the default bundle path: the working directory and environment, readable. */
export function bundleName(workingDirectory: string, environment: string): string {
  const dir = path
    .normalize(workingDirectory)
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '');
  return `${dir || 'root'}--${environment}`;
}

function isDirectory(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

function isFile(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}
