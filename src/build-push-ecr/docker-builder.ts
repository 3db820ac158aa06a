import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { ActionFailure } from '../../action-helpers/errors.js';
import { ExecError, execProgram } from '../../action-helpers/exec.js';
import { dockerLogin, type RegistryCredentials } from '../../action-helpers/ecr-auth.js';
import { describeBuildFailure } from './build-errors.js';
import { secretEnv, type DockerBuilder } from './docker-args.js';
import type { Inputs } from './inputs.js';
import type { Work } from './plan.js';

/** buildx when the runner's Docker has it (GitHub-hosted runners do), the classic builder otherwise. */
export async function detectDockerBuilder(signal?: AbortSignal): Promise<DockerBuilder> {
  try {
    const probe = await execProgram('docker', ['buildx', 'version'], {
      echo: false,
      allowFailure: true,
      timeoutMs: 30_000,
      signal,
    });
    return probe.exitCode === 0 ? 'buildx' : 'classic';
  } catch (err) {
    if (err instanceof ExecError && err.reason === 'tool-missing') {
      throw new ActionFailure(
        'docker is not installed on this runner; use builder: codebuild, or a runner with Docker.',
        'docker-missing',
      );
    }
    throw err;
  }
}

/**
 * A Docker client configuration of this run's own: the registry login lives there and is deleted
 * with it, so the token never outlives the step in the runner's ~/.docker. buildx's plugin and
 * builder instances (set up by docker/setup-buildx-action) and the current docker context stay reachable from it.
 */
export class DockerSession {
  readonly dir = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), 'build-push-ecr-docker-'));
  readonly env: Record<string, string> = { DOCKER_CONFIG: this.dir };

  constructor() {
    const userConfig = process.env.DOCKER_CONFIG || path.join(homedir(), '.docker');
    for (const shared of ['cli-plugins', 'contexts']) {
      const target = path.join(userConfig, shared);
      if (existsSync(target)) symlinkSync(target, path.join(this.dir, shared));
    }
    const buildx = path.join(userConfig, 'buildx');
    if (!process.env.BUILDX_CONFIG && existsSync(buildx)) this.env.BUILDX_CONFIG = buildx;
    const currentContext = readCurrentContext(path.join(userConfig, 'config.json'));
    if (currentContext) writeFileSync(path.join(this.dir, 'config.json'), JSON.stringify({ currentContext }));
  }

  login(credentials: RegistryCredentials, signal?: AbortSignal): Promise<void> {
    return dockerLogin(credentials, this.dir, signal);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Runs the planned docker commands: the build (buildx pushes every tag by itself), then the classic
 * builder's pushes. Returns the pushed manifest's digest, when pushed.
 */
export async function dockerBuild(
  work: Extract<Work, { kind: 'docker' }>,
  inputs: Inputs,
  session: DockerSession,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const secrets = secretEnv(inputs);
  try {
    await execProgram('docker', work.build, {
      env: { ...session.env, ...secrets },
      secrets: Object.values(secrets),
      timeoutMs: inputs.buildTimeoutMs,
      signal,
    });
  } catch (err) {
    if (!(err instanceof ExecError) || err.reason !== 'command-failed') throw err;
    const step = describeBuildFailure(`${err.result.stdout}\n${err.result.stderr}`);
    throw new ActionFailure(
      `docker build failed${step ? ` at ${step}` : ` with exit code ${err.result.exitCode}: ${errorLine(err.result.stderr)}`}. Nothing was pushed.`,
      'build-failed',
    );
  }
  if (!inputs.push) return undefined;
  if (work.builder === 'buildx') {
    const metadata = JSON.parse(readFileSync(work.metadataFile, 'utf8')) as Record<string, unknown>;
    return metadata['containerimage.digest'] as string | undefined;
  }
  let digest: string | undefined;
  for (const argv of work.pushes) {
    const pushed = await execProgram('docker', argv, { env: session.env, timeoutMs: 30 * 60_000, signal }).catch(
      (err: unknown) => {
        if (err instanceof ExecError && err.reason === 'command-failed') {
          throw new ActionFailure(`docker ${argv.join(' ')} failed: ${errorLine(err.result.stderr)}`, 'push-failed');
        }
        throw err;
      },
    );
    digest ??= /digest: (sha256:[a-f0-9]{64})/.exec(pushed.stdout)?.[1];
  }
  return digest;
}

function readCurrentContext(configFile: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(configFile, 'utf8')) as { currentContext?: string }).currentContext;
  } catch {
    return undefined;
  }
}

/** buildx ends its errors with advice ("Learn more at ..."): the line that says what failed starts with ERROR. */
function errorLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines.findLast((line) => line.startsWith('ERROR: '))?.slice('ERROR: '.length) ?? lines.at(-1) ?? '';
}
