import * as core from '@actions/core';
import { execProgram } from '../../action-helpers/exec.js';

/**
 * What the selected buildx builder can do. It matters because the builder a runner has by default
 * is the `docker` driver (BuildKit inside dockerd), which refuses `--cache-to` and several
 * platforms unless dockerd uses the containerd image store; a builder made by
 * docker/setup-buildx-action (`docker-container` driver) or a remote BuildKit can do both.
 */
export interface BuildxBuilder {
  name: string;
  driver: string;
  cacheExport: boolean;
  multiPlatform: boolean;
}

/**
 * Reads `docker --debug buildx inspect`. With debug on (the DEBUG variable the docker CLI hands to
 * its plugins), buildx >= 0.13 lists each node's "Features"; that list is the builder's own answer,
 * and covers the docker driver with the containerd image store, which can export caches. Older
 * buildx lists none: then only the docker driver is known to lack them.
 */
export function parseBuildxInspect(text: string): BuildxBuilder {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*?)\\s*$`, 'm').exec(text)?.[1];
  const name = field('Name') ?? 'unknown';
  const driver = field('Driver') ?? 'unknown';
  const feature = (label: string): boolean => {
    const values = [...text.matchAll(new RegExp(`^\\s*${label}:\\s*(true|false)\\s*$`, 'gm'))].map((m) => m[1]);
    if (values.length === 0) return driver !== 'docker';
    return values.every((v) => v === 'true');
  };
  return { name, driver, cacheExport: feature('Cache export'), multiPlatform: feature('Multi-platform build') };
}

/** The builder `docker buildx build` will use (BUILDX_BUILDER, or the current one, as buildx chooses). */
export async function inspectBuildx(signal?: AbortSignal): Promise<BuildxBuilder> {
  const result = await execProgram('docker', ['--debug', 'buildx', 'inspect'], {
    echo: false,
    allowFailure: true,
    timeoutMs: 60_000,
    signal,
  });
  if (result.exitCode !== 0) {
    // The build itself will say what is wrong with the builder; until then assume it can do everything.
    core.info(
      `docker buildx inspect failed (${result.stderr.trim().split('\n').at(-1) ?? ''}); assuming a full builder.`,
    );
    return { name: 'unknown', driver: 'unknown', cacheExport: true, multiPlatform: true };
  }
  const builder = parseBuildxInspect(result.stdout);
  core.info(
    `buildx builder '${builder.name}' (${builder.driver} driver): cache export ${yesNo(builder.cacheExport)}, multi-platform ${yesNo(builder.multiPlatform)}.`,
  );
  return builder;
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
