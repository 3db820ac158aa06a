import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ActionFailure } from '../../action-helpers/errors.js';
import type { PlanCounts } from './plan-json.js';

/**
 * The plan bundle: the directory a plan job hands to the apply job (as an artifact).
 *
 *   manifest.json   what the plan is bound to, and the plan file's sha256
 *   tfplan          the binary plan, applied as is
 *   plan.txt        the plan as text (sensitive values hidden by the binary)
 *   plan.json       the JSON plan with every sensitive value replaced
 */
export const bundleFiles = {
  manifest: 'manifest.json',
  plan: 'tfplan',
  text: 'plan.txt',
  json: 'plan.json',
} as const;

export const manifestFormat = 'terraform-plan-apply/v1';

/** What must be the same at apply time as at plan time. */
export interface Bindings {
  commit: string;
  environment: string;
  workspace: string;
  workingDirectory: string;
  /** The backend as init recorded it: type and the settings that locate the state. */
  backend: Record<string, string>;
  /** sha256 of .terraform.lock.hcl, or null when the configuration has none. */
  dependencyLockSha256: string | null;
  /** Each var file as given, with the sha256 of its content. */
  varFiles: { path: string; sha256: string }[];
  /** sha256 of the inline `variables` input, or null when none. */
  variablesSha256: string | null;
  binary: { name: string; version: string };
}

export interface Manifest {
  format: typeof manifestFormat;
  createdAt: string;
  plan: { file: string; sha256: string };
  bindings: Bindings;
  hasChanges: boolean;
  counts: PlanCounts;
  destructive: string[];
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256File(file: string): string {
  return sha256(readFileSync(file));
}

export interface BundleContent {
  planFile: string;
  text: string;
  json: string;
  manifest: Omit<Manifest, 'format' | 'plan'>;
}

/**
 * Writes the bundle into a fresh directory beside the target and renames it into place, so a
 * reader never sees half a bundle and a re-run replaces the previous one whole.
 */
export function writeBundle(dir: string, content: BundleContent): Manifest {
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const plan = readFileSync(content.planFile);
  writeFileSync(path.join(staging, bundleFiles.plan), plan);
  writeFileSync(path.join(staging, bundleFiles.text), content.text);
  writeFileSync(path.join(staging, bundleFiles.json), content.json);
  const manifest: Manifest = {
    format: manifestFormat,
    ...content.manifest,
    plan: { file: bundleFiles.plan, sha256: sha256(plan) },
  };
  writeFileSync(path.join(staging, bundleFiles.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return manifest;
}

/** Reads and checks a bundle's manifest; a missing or malformed bundle is the caller's to fix. */
export function readManifest(dir: string): Manifest {
  const file = path.join(dir, bundleFiles.manifest);
  if (!existsSync(file)) {
    throw new ActionFailure(
      `Input 'plan-bundle': ${dir} holds no ${bundleFiles.manifest}; pass the directory a plan run wrote (its plan-bundle output).`,
      'invalid-bundle',
    );
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    throw new ActionFailure(`${file} is not valid JSON.`, 'invalid-bundle');
  }
  if (manifest?.format !== manifestFormat || !manifest.bindings || typeof manifest.plan?.sha256 !== 'string') {
    throw new ActionFailure(`${file} is not a ${manifestFormat} manifest.`, 'invalid-bundle');
  }
  return manifest;
}

/**
 * Every way the current run differs from what the plan was bound to, in words; empty when the
 * plan may be applied. `planSha256` is the hash of the plan file as found in the bundle now.
 */
export function bindingDifferences(manifest: Manifest, current: Bindings, planSha256: string | undefined): string[] {
  const bound = manifest.bindings;
  const differences: string[] = [];
  const differ = (what: string, planned: unknown, now: unknown) => {
    if (JSON.stringify(planned) !== JSON.stringify(now)) {
      differences.push(`${what}: planned ${show(planned)}, now ${show(now)}`);
    }
  };
  if (planSha256 === undefined) differences.push(`plan file: ${bundleFiles.plan} is missing from the bundle`);
  else differ('plan file sha256', manifest.plan.sha256, planSha256);
  differ('commit', bound.commit, current.commit);
  differ('environment', bound.environment, current.environment);
  differ('workspace', bound.workspace, current.workspace);
  differ('working directory', bound.workingDirectory, current.workingDirectory);
  differ('backend', bound.backend, current.backend);
  differ('dependency lock file sha256', bound.dependencyLockSha256, current.dependencyLockSha256);
  const plannedFiles = new Map(bound.varFiles.map((f) => [f.path, f.sha256]));
  const currentFiles = new Map(current.varFiles.map((f) => [f.path, f.sha256]));
  differ(
    'var files',
    bound.varFiles.map((f) => f.path),
    current.varFiles.map((f) => f.path),
  );
  for (const [file, hash] of currentFiles) {
    const planned = plannedFiles.get(file);
    if (planned !== undefined && planned !== hash) differ(`var file ${file} sha256`, planned, hash);
  }
  differ('inline variables sha256', bound.variablesSha256, current.variablesSha256);
  differ('binary', `${bound.binary.name} ${bound.binary.version}`, `${current.binary.name} ${current.binary.version}`);
  return differences;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
