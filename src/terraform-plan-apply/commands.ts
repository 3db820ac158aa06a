/**
 * The argv of every terraform / tofu invocation, as pure functions of the inputs, so what the action
 * runs can be read (and tested) without running it. Both binaries accept the same flags here.
 */

/** `-lock-timeout` takes a duration; whole seconds, rounded up so 500ms still waits. */
export function lockTimeoutFlag(ms: number): string {
  return `-lock-timeout=${Math.ceil(ms / 1000)}s`;
}

// -reconfigure: a stale .terraform/ from another backend must never trigger a state migration.
// The variables go to init too: OpenTofu evaluates them early (backend block, module sources,
// state encryption), and Terraform accepts them there.
export function initArgs(backendConfig: readonly string[], varFiles: readonly string[]): string[] {
  return [
    'init',
    '-input=false',
    '-no-color',
    '-reconfigure',
    ...backendConfig.map((item) => `-backend-config=${item}`),
    ...varFiles.map((file) => `-var-file=${file}`),
  ];
}

/** plan creates a missing workspace; apply never does (a mistyped one must fail, not appear). */
export function selectWorkspaceArgs(workspace: string, create: boolean): string[] {
  return ['workspace', 'select', `-or-create=${create}`, '-no-color', workspace];
}

export interface PlanArgsOptions {
  /** Variables files (var-files, then the inline variables file), in that order of precedence. */
  varFiles: readonly string[];
  lockTimeoutMs: number;
  out: string;
  destroy?: boolean;
  refreshOnly?: boolean;
  targets?: readonly string[];
  replace?: readonly string[];
  parallelism?: number;
}

export function planArgs(options: PlanArgsOptions): string[] {
  return [
    'plan',
    '-input=false',
    '-no-color',
    '-detailed-exitcode',
    lockTimeoutFlag(options.lockTimeoutMs),
    ...(options.destroy ? ['-destroy'] : []),
    ...(options.refreshOnly ? ['-refresh-only'] : []),
    ...(options.targets ?? []).map((address) => `-target=${address}`),
    ...(options.replace ?? []).map((address) => `-replace=${address}`),
    ...(options.parallelism ? [`-parallelism=${options.parallelism}`] : []),
    ...options.varFiles.map((file) => `-var-file=${file}`),
    `-out=${options.out}`,
  ];
}

export interface ApplyArgsOptions {
  lockTimeoutMs: number;
  /** Only when the plan has ephemeral variables: they are not saved in it and must be given again. */
  varFiles?: readonly string[];
  parallelism?: number;
}

/** A saved plan carries its (non-ephemeral) variables. */
export function applyArgs(planFile: string, options: ApplyArgsOptions): string[] {
  return [
    'apply',
    '-input=false',
    '-no-color',
    '-auto-approve',
    lockTimeoutFlag(options.lockTimeoutMs),
    ...(options.parallelism ? [`-parallelism=${options.parallelism}`] : []),
    ...(options.varFiles ?? []).map((file) => `-var-file=${file}`),
    planFile,
  ];
}

export function showJsonArgs(planFile: string): string[] {
  return ['show', '-json', '-no-color', planFile];
}

export function showTextArgs(planFile: string): string[] {
  return ['show', '-no-color', planFile];
}

/** OpenTofu reads the backend (which may use variables, early evaluation) for outputs too; Terraform takes none. */
export function outputJsonArgs(varFiles: readonly string[]): string[] {
  return ['output', '-json', '-no-color', ...varFiles.map((file) => `-var-file=${file}`)];
}

export const versionArgs = ['version', '-json'];
