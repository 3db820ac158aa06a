import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Outputs the action wrote to GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** What the action wrote to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** The `::error::` lines, decoded. */
  errors: string[];
}

export interface RunOptions {
  /** Extra environment (AWS_ENDPOINT_URL, GITHUB_EVENT_PATH, ...). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The node binary: the machine's by default; the Node 24 one for runtime checks. */
  node?: string;
  timeoutMs?: number;
  /** Called with the action's process once started, e.g. to send it the runner's cancel (SIGINT). */
  onStart?: (child: ChildProcess) => void;
}

/**
 * Runs a bundled action the way the runner does: `node dist/<action>/index.js` with each input in
 * INPUT_<NAME>, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY pointing at files this reads back.
 */
export async function runAction(
  action: string,
  inputs: Record<string, string>,
  options: RunOptions = {},
): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), `run-${action}-`));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string | undefined> = { ...process.env };
  // Inputs of an outer run must not leak into this one.
  for (const key of Object.keys(env)) if (key.startsWith('INPUT_')) delete env[key];
  Object.assign(
    env,
    { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, RUNNER_DEBUG: undefined },
    options.env,
  );
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const { exitCode, stdout, stderr } = await new Promise<{ exitCode: number; stdout: string; stderr: string }>(
    (resolve) => {
      const child = execFile(
        options.node ?? process.execPath,
        [join(repoRoot, 'dist', action, 'index.js')],
        {
          env: env as NodeJS.ProcessEnv,
          cwd: options.cwd ?? repoRoot,
          timeout: options.timeoutMs ?? 120_000,
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, out, err) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ exitCode: code, stdout: out, stderr: err });
        },
      );
      options.onStart?.(child);
    },
  );
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    errors: stdout
      .split('\n')
      .filter((line) => line.startsWith('::error'))
      .map((line) => decodeCommand(line.slice(line.indexOf('::', 2) + 2))),
  };
}

/** GITHUB_OUTPUT holds `name<<delimiter\nvalue\ndelimiter` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    outputs[name!] = value.join('\n');
  }
  return outputs;
}

function decodeCommand(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
