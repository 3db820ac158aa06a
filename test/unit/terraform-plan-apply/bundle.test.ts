import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  bindingDifferences,
  guardDestroy,
  manifestProblems,
  planFileDifferences,
  readManifest,
  sha256,
  writeBundle,
  type Bindings,
  type Manifest,
} from '../../../src/terraform-plan-apply/bundle.js';

const bound: Bindings = {
  commit: 'a'.repeat(40),
  environment: 'dev',
  workspace: 'default',
  workingDirectory: 'infra',
  backend: { type: 's3', bucket: 'state', key: 'dev/terraform.tfstate', region: 'us-east-1' },
  dependencyLockSha256: null,
  varFiles: [{ path: 'dev.tfvars', sha256: '1'.repeat(64) }],
  variablesSha256: '2'.repeat(64),
  binary: { name: 'terraform', version: '1.11.4' },
  awsAccount: '123456789012',
};

const manifest: Manifest = {
  format: 'terraform-plan-apply/v2',
  createdAt: '2026-11-22T00:00:00.000Z',
  plan: { file: 'tfplan', sha256: '3'.repeat(64) },
  bindings: bound,
  hasChanges: true,
  counts: { add: 1, change: 0, destroy: 0, replace: 0, move: 0, import: 0 },
  destructive: [],
};

describe('bindingDifferences', () => {
  test('none when the run is the one planned for', () => {
    expect(bindingDifferences(bound, bound)).toEqual([]);
  });

  test('only the bindings given are compared (before init: no backend, no lock file yet)', () => {
    expect(bindingDifferences(bound, { commit: bound.commit, environment: 'dev' })).toEqual([]);
  });

  test.each<[string, Partial<Bindings>, RegExp]>([
    ['commit', { commit: 'b'.repeat(40) }, /^commit: planned a{40}, now b{40}$/],
    ['environment', { environment: 'prod' }, /^environment: planned dev, now prod$/],
    ['workspace', { workspace: 'blue' }, /^workspace: planned default, now blue$/],
    ['working directory', { workingDirectory: 'other' }, /^working directory/],
    ['AWS account', { awsAccount: '210987654321' }, /^AWS account: planned 123456789012, now 210987654321$/],
    ['AWS account (none now)', { awsAccount: null }, /^AWS account: planned 123456789012, now none$/],
    [
      'backend key',
      { backend: { ...bound.backend, key: 'prod/terraform.tfstate' } },
      /^backend: planned .*dev\/terraform.tfstate.*now .*prod\//,
    ],
    ['lock file', { dependencyLockSha256: '5'.repeat(64) }, /^dependency lock file sha256: planned none, now 5{64}$/],
    [
      'var file content',
      { varFiles: [{ path: 'dev.tfvars', sha256: '6'.repeat(64) }] },
      /^var file dev.tfvars sha256: planned 1{64}, now 6{64}$/,
    ],
    ['var file list', { varFiles: [] }, /^var files: planned \["dev.tfvars"\], now \[\]$/],
    ['inline variables', { variablesSha256: null }, /^inline variables sha256: planned 2{64}, now none$/],
    [
      'binary',
      { binary: { name: 'tofu', version: '1.10.10' } },
      /^binary: planned terraform 1.11.4, now tofu 1.10.10$/,
    ],
  ])('names a different %s', (_name, change, expected) => {
    const differences = bindingDifferences(bound, { ...bound, ...change });
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatch(expected);
  });
});

describe('planFileDifferences', () => {
  test('the plan file against the manifest and against the plan job’s plan-sha256', () => {
    expect(planFileDifferences(manifest, '3'.repeat(64))).toEqual([]);
    expect(planFileDifferences(manifest, '3'.repeat(64), '3'.repeat(64))).toEqual([]);
    expect(planFileDifferences(manifest, '4'.repeat(64))).toEqual([
      `plan file sha256: planned ${'3'.repeat(64)}, now ${'4'.repeat(64)}`,
    ]);
    expect(planFileDifferences(manifest, '3'.repeat(64), '5'.repeat(64))).toEqual([
      `plan file sha256: plan-sha256 input ${'5'.repeat(64)}, bundle ${'3'.repeat(64)}`,
    ]);
  });
});

describe('manifestProblems: every field checked, so a half manifest is invalid-bundle, not internal', () => {
  test('a whole manifest has none', () => {
    expect(manifestProblems(manifest)).toEqual([]);
  });

  const without = (field: string) => {
    const copy = JSON.parse(JSON.stringify(manifest)) as Record<string, Record<string, unknown>>;
    const [outer, inner] = field.split('.');
    if (inner) delete copy[outer!]![inner];
    else delete copy[outer!];
    return copy;
  };
  test.each([
    'format',
    'createdAt',
    'plan',
    'hasChanges',
    'counts',
    'destructive',
    'bindings',
    'bindings.commit',
    'bindings.environment',
    'bindings.workspace',
    'bindings.workingDirectory',
    'bindings.varFiles',
    'bindings.variablesSha256',
    'bindings.binary',
    'bindings.awsAccount',
    'bindings.backend',
    'bindings.dependencyLockSha256',
  ])('without %s', (field) => {
    expect(manifestProblems(without(field))).toEqual([expect.stringContaining(field)]);
  });
});

describe('writeBundle and readManifest', () => {
  let dir: string;
  let planFile: string;
  const { format: _format, plan: _plan, ...rest } = manifest;
  const content = () => ({ planFile, text: 'Plan: 1 to add', json: '{}', manifest: rest });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tpa-bundle-'));
    planFile = path.join(dir, 'made.tfplan');
    writeFileSync(planFile, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a bundle holds the plan, its text and JSON, and a manifest with the plan hash; a rewrite replaces it whole', () => {
    const target = path.join(dir, 'bundle');
    writeBundle(target, content());
    writeFileSync(path.join(target, 'stray'), 'from an older run');
    const written = writeBundle(target, content());
    expect(readdirSync(target).sort()).toEqual(['manifest.json', 'plan.json', 'plan.txt', 'tfplan']);
    expect(readdirSync(dir).filter((name) => name.startsWith('bundle.'))).toEqual([]);
    expect(written.plan).toEqual({ file: 'tfplan', sha256: sha256(readFileSync(planFile)) });
    expect(readManifest(target)).toEqual(written);
  });

  test('an empty folder is filled; a folder that is not empty and not a bundle is never deleted', () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    writeBundle(empty, content());
    expect(existsSync(path.join(empty, 'tfplan'))).toBe(true);

    const precious = path.join(dir, 'precious');
    mkdirSync(precious);
    writeFileSync(path.join(precious, 'keep.txt'), 'mine');
    expect(() => writeBundle(precious, content())).toThrow(/not empty and holds no plan bundle/);
    expect(readdirSync(precious)).toEqual(['keep.txt']);
    expect(readdirSync(dir).filter((name) => name.startsWith('precious.'))).toEqual([]);
  });

  test.each([
    ['no manifest', null, true, /holds no manifest.json/],
    ['not JSON', 'nope', true, /not valid JSON/],
    ['another format', JSON.stringify({ ...manifest, format: 'other' }), true, /malformed.*format/],
    [
      'a manifest missing a field',
      JSON.stringify({ ...manifest, bindings: { ...bound, commit: undefined } }),
      true,
      /bindings\.commit/,
    ],
    ['no plan file', JSON.stringify(manifest), false, /holds no tfplan/],
  ])('readManifest refuses a bundle with %s as invalid-bundle', (_name, text, withPlan, message) => {
    const target = mkdtempSync(path.join(dir, 'bad-'));
    if (text !== null) writeFileSync(path.join(target, 'manifest.json'), text);
    if (withPlan) writeFileSync(path.join(target, 'tfplan'), 'x');
    expect(() => readManifest(target)).toThrow(message);
    expect(() => readManifest(target)).toThrow(
      expect.objectContaining({ reason: 'invalid-bundle' }) as unknown as Error,
    );
  });
});

describe('guardDestroy: the destroy rule, one place for plan and apply', () => {
  test('passes plans that destroy nothing, or when allowed; refuses the rest naming what goes', () => {
    expect(() => guardDestroy({ destructive: [] }, false)).not.toThrow();
    expect(() => guardDestroy({ destructive: ['a.b'] }, true)).not.toThrow();
    expect(() => guardDestroy({ destructive: ['a.b', 'c.d'] }, false)).toThrow(/2 resource\(s\) \(a\.b, c\.d\)/);
  });
});
