import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { ActionFailure } from '../../action-helpers/errors.js';
import type { PlanCounts, PlanSummary } from './plan-json.js';

/**
 * The plan bundle: the folder a plan job hands to the apply job (as an artifact or via the plan store).
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

export const manifestFormat = 'terraform-plan-apply/v2';

/** What must be the same at apply time as at plan time. */
export interface Bindings {
  commit: string;
  environment: string;
  workspace: string;
  workingDirectory: string;
  /** Each var file relative to the working directory, with the sha256 of its content. */
  varFiles: { path: string; sha256: string }[];
  /** sha256 of the inline `variables` input in a canonical form, or null when none. */
  variablesSha256: string | null;
  binary: { name: string; version: string };
  /** The AWS account of the run's credentials, or null when the run uses no AWS. */
  awsAccount: string | null;
  /** The backend as init recorded it: type and the settings that locate the state. */
  backend: Record<string, string>;
  /** sha256 of .terraform.lock.hcl after init, or null when the configuration has none. */
  dependencyLockSha256: string | null;
}

/** Bindings known before init; the backend and the lock file are only known after it. */
export type StaticBindings = Omit<Bindings, 'backend' | 'dependencyLockSha256'>;
export type InitBindings = Pick<Bindings, 'backend' | 'dependencyLockSha256'>;

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
 * Writes the bundle into a fresh folder beside the target and renames it into place, so a reader
 * never sees half a bundle and a re-run replaces the previous one whole. The target is replaced only
 * when it is empty or holds a bundle (inputs.ts checked it too; checked again as it is replaced).
 */
export function writeBundle(dir: string, content: BundleContent): Manifest {
  mkdirSync(path.dirname(dir), { recursive: true });
  const staging = mkdtempSync(`${dir}.partial-`);
  try {
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
    replaceFolder(dir, staging);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Moves a complete bundle folder into place, replacing `dir` only when it is empty or a bundle. */
export function replaceFolder(dir: string, staging: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(bundleFiles.manifest)) {
      throw new ActionFailure(
        `Refusing to replace ${dir}: it is not empty and holds no plan bundle.`,
        'invalid-bundle',
      );
    }
    const old = mkdtempSync(`${dir}.old-`);
    renameSync(dir, path.join(old, 'bundle'));
    renameSync(staging, dir);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(staging, dir);
  }
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown) => v === null || isString(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a manifest's shape, field by field; empty when every field is there and typed. */
export function manifestProblems(value: unknown): string[] {
  if (!isObject(value)) return ['not a JSON object'];
  const problems: string[] = [];
  const need = (ok: boolean, field: string) => ok || problems.push(`${field} is missing or malformed`);
  need(value.format === manifestFormat, `format (expected ${manifestFormat})`);
  need(isString(value.createdAt), 'createdAt');
  const plan = value.plan;
  need(isObject(plan) && plan.file === bundleFiles.plan && /^[0-9a-f]{64}$/.test(String(plan.sha256)), 'plan');
  need(typeof value.hasChanges === 'boolean', 'hasChanges');
  need(isObject(value.counts), 'counts');
  need(Array.isArray(value.destructive) && value.destructive.every(isString), 'destructive');
  const b = value.bindings;
  if (!isObject(b)) return [...problems, 'bindings is missing or malformed'];
  for (const field of ['commit', 'environment', 'workspace', 'workingDirectory'] as const)
    need(isString(b[field]), `bindings.${field}`);
  need(
    Array.isArray(b.varFiles) && b.varFiles.every((f) => isObject(f) && isString(f.path) && isString(f.sha256)),
    'bindings.varFiles',
  );
  need(isStringOrNull(b.variablesSha256), 'bindings.variablesSha256');
  need(isObject(b.binary) && isString(b.binary.name) && isString(b.binary.version), 'bindings.binary');
  need(isStringOrNull(b.awsAccount), 'bindings.awsAccount');
  need(isObject(b.backend) && Object.values(b.backend).every(isString), 'bindings.backend');
  need(isStringOrNull(b.dependencyLockSha256), 'bindings.dependencyLockSha256');
  return problems;
}

/** Reads and checks a bundle: its manifest whole, and its plan file present. */
export function readManifest(dir: string): Manifest {
  const file = path.join(dir, bundleFiles.manifest);
  const invalid = (problem: string) =>
    new ActionFailure(
      `The plan bundle ${dir} ${problem}; pass the folder a plan run wrote (its plan-bundle output).`,
      'invalid-bundle',
    );
  if (!existsSync(file)) throw invalid(`holds no ${bundleFiles.manifest}`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw invalid(`has a ${bundleFiles.manifest} that is not valid JSON`);
  }
  const problems = manifestProblems(manifest);
  if (problems.length > 0) throw invalid(`has a malformed ${bundleFiles.manifest} (${problems.join('; ')})`);
  if (!existsSync(path.join(dir, bundleFiles.plan))) throw invalid(`holds no ${bundleFiles.plan}`);
  return manifest as Manifest;
}

/**
 * Every way the current run differs from what the plan was bound to, in words; empty when the plan
 * may be applied. Only the bindings given in `current` are compared (before init, then after it).
 */
export function bindingDifferences(bound: Bindings, current: Partial<Bindings>): string[] {
  const differences: string[] = [];
  const differ = (what: string, planned: unknown, now: unknown) => {
    if (JSON.stringify(planned) !== JSON.stringify(now)) {
      differences.push(`${what}: planned ${show(planned)}, now ${show(now)}`);
    }
  };
  const has = <K extends keyof Bindings>(key: K) => current[key] !== undefined;
  if (has('commit')) differ('commit', bound.commit, current.commit);
  if (has('environment')) differ('environment', bound.environment, current.environment);
  if (has('workspace')) differ('workspace', bound.workspace, current.workspace);
  if (has('workingDirectory')) differ('working directory', bound.workingDirectory, current.workingDirectory);
  if (has('awsAccount')) differ('AWS account', bound.awsAccount, current.awsAccount);
  if (has('varFiles')) {
    const now = current.varFiles!;
    differ(
      'var files',
      bound.varFiles.map((f) => f.path),
      now.map((f) => f.path),
    );
    const planned = new Map(bound.varFiles.map((f) => [f.path, f.sha256]));
    for (const file of now) {
      const hash = planned.get(file.path);
      if (hash !== undefined && hash !== file.sha256) differ(`var file ${file.path} sha256`, hash, file.sha256);
    }
  }
  if (has('variablesSha256')) differ('inline variables sha256', bound.variablesSha256, current.variablesSha256);
  if (has('binary')) {
    differ(
      'binary',
      `${bound.binary.name} ${bound.binary.version}`,
      `${current.binary!.name} ${current.binary!.version}`,
    );
  }
  if (has('backend')) differ('backend', bound.backend, current.backend);
  if (has('dependencyLockSha256')) {
    differ('dependency lock file sha256', bound.dependencyLockSha256, current.dependencyLockSha256);
  }
  return differences;
}

/** The plan file's hash against the manifest's and, when the plan job's output was passed, that too. */
export function planFileDifferences(manifest: Manifest, actualSha256: string, expectedSha256?: string): string[] {
  const differences: string[] = [];
  if (manifest.plan.sha256 !== actualSha256) {
    differences.push(`plan file sha256: planned ${manifest.plan.sha256}, now ${actualSha256}`);
  }
  if (expectedSha256 && expectedSha256 !== actualSha256) {
    differences.push(`plan file sha256: plan-sha256 input ${expectedSha256}, bundle ${actualSha256}`);
  }
  return differences;
}

/** The destroy rule, at plan and at apply alike: a plan that destroys or replaces needs allow-destroy. */
export function guardDestroy(summary: Pick<PlanSummary, 'destructive'>, allowDestroy: boolean): void {
  if (summary.destructive.length === 0 || allowDestroy) return;
  throw new ActionFailure(
    `The plan destroys or replaces ${summary.destructive.length} resource(s) (${summary.destructive.join(', ')}) and allow-destroy is false. Review the plan and re-run with allow-destroy: true to permit it.`,
    'destroy-blocked',
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
