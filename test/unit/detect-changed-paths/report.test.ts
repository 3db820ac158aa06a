import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFilters } from '../../../src/detect-changed-paths/filters.js';
import {
  fileListOutputs,
  mainOutputs,
  matrixOf,
  summaryRows,
  whyOf,
  type Outcome,
} from '../../../src/detect-changed-paths/report.js';

async function outcome(overrides: Partial<Outcome> = {}): Promise<Outcome> {
  const { groups } = await parseFilters(
    'lib: [libs/**]\napi:\n  paths: [api/**]\n  depends-on: [lib]\n  ecr-repository: acme/api\n  build-args: {A: 1}\nweb: [web/**]\n',
  );
  return {
    groups,
    matches: [{ files: ['libs/a.ts'], rule: 'libs/**', example: 'libs/a.ts' }, { files: [] }, { files: [] }],
    changed: [true, true, false],
    via: [undefined, 'lib', undefined],
    base: 'a'.repeat(40),
    head: 'b'.repeat(40),
    source: 'push',
    totalChanges: 1,
    ...overrides,
  };
}

describe('outputs', () => {
  test('every fixed output and two per group', async () => {
    expect(mainOutputs(await outcome())).toEqual({
      changes: '["lib","api"]',
      matrix: '{"include":[{"group":"lib"},{"group":"api","ecr-repository":"acme/api","build-args":{"A":1}}]}',
      'any-changed': 'true',
      base: 'a'.repeat(40),
      head: 'b'.repeat(40),
      'missing-base': 'false',
      lib: 'true',
      'lib-count': '1',
      api: 'true',
      'api-count': '0',
      web: 'false',
      'web-count': '0',
    });
  });

  test('nothing changed: an empty list and an empty matrix', async () => {
    const o = await outcome({ changed: [false, false, false], matches: [{ files: [] }, { files: [] }, { files: [] }] });
    expect(mainOutputs(o)).toMatchObject({ changes: '[]', matrix: '{"include":[]}', 'any-changed': 'false' });
    expect(matrixOf(o)).toEqual({ include: [] });
  });

  test('file lists: always a file, an output too with json, never an output over the limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcp-lists-'));
    const o = await outcome({
      matches: [{ files: ['libs/a b.ts', 'libs/"q".ts'] }, { files: [] }, { files: ['x'.repeat(50)] }],
    });
    const json = fileListOutputs(o, 'json', dir, 40);
    expect(json.tooLarge).toEqual(['web']);
    expect(json.outputs).toEqual({
      'lib-files-path': join(dir, 'lib.json'),
      'lib-files': '["libs/a b.ts","libs/\\"q\\".ts"]',
      'api-files-path': join(dir, 'api.json'),
      'api-files': '[]',
      'web-files-path': join(dir, 'web.json'),
    });
    expect(JSON.parse(readFileSync(join(dir, 'web.json'), 'utf8'))).toEqual(['x'.repeat(50)]);
    // A total budget too: the second list fits alone, not after the first.
    expect(fileListOutputs(o, 'json', dir, 40, 32).tooLarge).toEqual(['api', 'web']);
    const file = fileListOutputs(o, 'file', dir, 40);
    expect(Object.keys(file.outputs)).toEqual(['lib-files-path', 'api-files-path', 'web-files-path']);
    expect(file.tooLarge).toEqual([]);
  });
});

describe('summary', () => {
  test('why: the rule and an example, the dependency, or nothing', async () => {
    const o = await outcome({
      matches: [
        { files: ['libs/a.ts', 'libs/b.ts'], rule: 'libs/**', example: 'libs/a.ts' },
        { files: [] },
        { files: [] },
      ],
    });
    expect([0, 1, 2].map((i) => whyOf(o, i))).toEqual([
      'libs/** matched libs/a.ts and 1 more',
      'depends on lib, which changed',
      '-',
    ]);
    expect(whyOf({ ...o, missingBase: 'no history' }, 2)).toBe('no base: every group counts (on-missing-base: all)');
  });

  test('rows: every group, or only the changed ones past the limit', async () => {
    const o = await outcome();
    expect(summaryRows(o).rows).toEqual([
      ['lib', 'yes', '1', 'libs/** matched libs/a.ts'],
      ['api', 'yes', '0', 'depends on lib, which changed'],
      ['web', 'no', '0', '-'],
    ]);
    expect(summaryRows(o, 2)).toEqual({
      rows: [
        ['lib', 'yes', '1', 'libs/** matched libs/a.ts'],
        ['api', 'yes', '0', 'depends on lib, which changed'],
      ],
      hidden: 1,
    });
  });
});
