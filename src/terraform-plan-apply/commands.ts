/**
 * The argv of every terraform / tofu invocation, as pure functions of the inputs, so what the action
 * runs can be read (and tested) without running it. Both binaries accept the same flags here.
 */

/** `-lock-timeout` takes a duration; whole seconds, rounded up so 500ms still waits. */
export function lockTimeoutFlag(ms: number): string {
  return `-lock-timeout=${Math.ceil(ms / 1000)}s`;
}

// -reconfigure: a stale .terraform/ from another backend must never trigger a state migration.
export function initArgs(backendConfig: readonly string[]): string[] {
  return [
    'init',
    '-input=false',
    '-no-color',
    '-reconfigure',
    ...backendConfig.map((item) => `-backend-config=${item}`),
  ];
}

export function selectWorkspaceArgs(workspace: string): string[] {
  return ['workspace', 'select', '-or-create=true', '-no-color', workspace];
}

export interface PlanArgsOptions {
  /** Variables files (var-files, then the inline variables file), in that order of precedence. */
  varFiles: readonly string[];
  lockTimeoutMs: number;
  out: string;
}

export function planArgs(options: PlanArgsOptions): string[] {
  return [
    'plan',
    '-input=false',
    '-no-color',
    '-detailed-exitcode',
    lockTimeoutFlag(options.lockTimeoutMs),
    ...options.varFiles.map((file) => `-var-file=${file}`),
    `-out=${options.out}`,
  ];
}

/** A saved plan carries its variables; the binary refuses new ones with it. */
export function applyArgs(planFile: string, lockTimeoutMs: number): string[] {
  return ['apply', '-input=false', '-no-color', '-auto-approve', lockTimeoutFlag(lockTimeoutMs), planFile];
}

export function showJsonArgs(planFile: string): string[] {
  return ['show', '-json', '-no-color', planFile];
}

export function showTextArgs(planFile: string): string[] {
  return ['show', '-no-color', planFile];
}

export const outputJsonArgs = ['output', '-json', '-no-color'];

export const versionArgs = ['version', '-json'];
