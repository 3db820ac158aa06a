import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  bindingDifferences,
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
};

const manifest: Manifest = {
  format: 'terraform-plan-apply/v1',
  createdAt: '2026-11-22T00:00:00.000Z',
  plan: { file: 'tfplan', sha256: '3'.repeat(64) },
  bindings: bound,
  hasChanges: true,
  counts: { add: 1, change: 0, destroy: 0, replace: 0, move: 0, import: 0 },
  destructive: [],
};

describe('bindingDifferences', () => {
  test('none when the run is the one planned for', () => {
    expect(bindingDifferences(manifest, bound, '3'.repeat(64))).toEqual([]);
  });

  test.each<[string, Partial<Bindings>, string | undefined, RegExp]>([
    ['plan file hash', {}, '4'.repeat(64), /^plan file sha256: planned 3{64}, now 4{64}$/],
    ['plan file missing', {}, undefined, /tfplan is missing/],
    ['commit', { commit: 'b'.repeat(40) }, '3'.repeat(64), /^commit: planned a{40}, now b{40}$/],
    ['environment', { environment: 'prod' }, '3'.repeat(64), /^environment: planned dev, now prod$/],
    ['workspace', { workspace: 'blue' }, '3'.repeat(64), /^workspace: planned default, now blue$/],
    ['working directory', { workingDirectory: 'other' }, '3'.repeat(64), /^working directory/],
    [
      'backend key',
      { backend: { ...bound.backend, key: 'prod/terraform.tfstate' } },
      '3'.repeat(64),
      /^backend: planned .*dev\/terraform.tfstate.*now .*prod\//,
    ],
    [
      'lock file',
      { dependencyLockSha256: '5'.repeat(64) },
      '3'.repeat(64),
      /^dependency lock file sha256: planned none, now 5{64}$/,
    ],
    [
      'var file content',
      { varFiles: [{ path: 'dev.tfvars', sha256: '6'.repeat(64) }] },
      '3'.repeat(64),
      /^var file dev.tfvars sha256: planned 1{64}, now 6{64}$/,
    ],
    ['var file list', { varFiles: [] }, '3'.repeat(64), /^var files: planned \["dev.tfvars"\], now \[\]$/],
    [
      'inline variables',
      { variablesSha256: null },
      '3'.repeat(64),
      /^inline variables sha256: planned 2{64}, now none$/,
    ],
    [
      'binary',
      { binary: { name: 'tofu', version: '1.10.10' } },
      '3'.repeat(64),
      /^binary: planned terraform 1.11.4, now tofu 1.10.10$/,
    ],
  ])('names a different %s', (_name, change, planSha, expected) => {
    const differences = bindingDifferences(manifest, { ...bound, ...change }, planSha);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatch(expected);
  });
});

describe('writeBundle and readManifest', () => {
  let dir: string;
  let planFile: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tpa-bundle-'));
    planFile = path.join(dir, 'made.tfplan');
    writeFileSync(planFile, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a bundle holds the plan, its text and JSON, and a manifest with the plan hash; a rewrite replaces it whole', () => {
    const target = path.join(dir, 'bundle');
    const { format: _format, plan: _plan, ...rest } = manifest;
    const content = { planFile, text: 'Plan: 1 to add', json: '{}', manifest: rest };
    writeBundle(target, content);
    writeFileSync(path.join(target, 'stray'), 'from an older run');
    const written = writeBundle(target, content);
    expect(readdirSync(target).sort()).toEqual(['manifest.json', 'plan.json', 'plan.txt', 'tfplan']);
    expect(existsSync(`${target}.partial`)).toBe(false);
    expect(written.plan).toEqual({ file: 'tfplan', sha256: sha256(readFileSync(planFile)) });
    expect(readManifest(target)).toEqual(written);
  });

  test.each([
    ['no manifest', null, /holds no manifest.json/],
    ['not JSON', 'nope', /is not valid JSON/],
    ['another format', JSON.stringify({ format: 'other' }), /is not a terraform-plan-apply\/v1 manifest/],
  ])('readManifest refuses a bundle with %s', (_name, content, message) => {
    const target = mkdtempSync(path.join(dir, 'bad-'));
    if (content !== null) writeFileSync(path.join(target, 'manifest.json'), content);
    expect(() => readManifest(target)).toThrow(message);
  });
});
