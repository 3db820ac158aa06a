import { describe, expect, test } from '@jest/globals';
import { parseFilters } from '../../../src/detect-changed-paths/filters.js';
import type { Inputs } from '../../../src/detect-changed-paths/inputs.js';
import {
  checkOutputSizes,
  inlineLists,
  matrixOf,
  outputLimits,
  outputsOf,
  summaryOf,
  summaryRows,
  whyOf,
  type GroupResult,
  type Outcome,
} from '../../../src/detect-changed-paths/report.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

async function inputsOf(filters: string): Promise<Inputs> {
  return {
    filters: { ...(await parseFilters(filters)), source: 'filters' },
    onMissingBase: 'all',
    listFiles: 'none',
    maxFetchDepth: 5000,
    workingDirectory: '/w',
  };
}

const filters =
  'lib: [libs/**]\napi:\n  paths: [api/**]\n  depends-on: [lib]\n  ecr-repository: acme/api\n  build-args: {A: 1}\nweb: [web/**]\n';

async function outcome(groups: Partial<GroupResult> = {}, extra: Partial<Outcome> = {}): Promise<Outcome> {
  return {
    inputs: await inputsOf(filters),
    comparison: { base: A, head: B, changes: [{ status: 'modified', path: 'libs/a.ts' }], source: 'push' },
    groups: {
      matches: [{ files: ['libs/a.ts'], rule: 'libs/**', example: 'libs/a.ts' }, { files: [] }, { files: [] }],
      changed: [true, true, false],
      via: [undefined, 'lib', undefined],
      ...groups,
    },
    ...extra,
  };
}

describe('outputs', () => {
  test('every fixed output and two per group', async () => {
    expect({ ...outputsOf(await outcome()) }).toEqual({
      changes: '["lib","api"]',
      matrix: '{"include":[{"group":"lib"},{"group":"api","ecr-repository":"acme/api","build-args":{"A":1}}]}',
      'any-changed': 'true',
      base: A,
      head: B,
      'missing-base': 'false',
      lib: 'true',
      'lib-count': '1',
      api: 'true',
      'api-count': '0',
      web: 'false',
      'web-count': '0',
    });
  });

  test('a run that failed before listing changes: every fixed output, unset', async () => {
    const o: Outcome = { inputs: await inputsOf(filters) };
    expect({ ...outputsOf(o) }).toEqual({
      changes: undefined,
      matrix: undefined,
      'any-changed': undefined,
      base: undefined,
      head: undefined,
      'missing-base': undefined,
    });
  });

  test('nothing changed: an empty list and an empty matrix', async () => {
    const o = await outcome({ changed: [false, false, false], matches: [{ files: [] }, { files: [] }, { files: [] }] });
    expect(outputsOf(o)).toMatchObject({ changes: '[]', matrix: '{"include":[]}', 'any-changed': 'false' });
    expect(matrixOf(o)).toEqual({ include: [] });
  });

  test('file lists: a path always, the list as an output when it is in inline', async () => {
    const o = await outcome({}, { fileLists: { dir: '/t', inline: ['["libs/a.ts"]', undefined, '[]'], tooLarge: [] } });
    expect(outputsOf(o)).toMatchObject({
      'lib-files-path': '/t/lib.json',
      'lib-files': '["libs/a.ts"]',
      'api-files-path': '/t/api.json',
      'api-files': undefined,
      'web-files': '[]',
    });
  });

  test('a group named __proto__ gets its outputs like any other', async () => {
    const o: Outcome = {
      inputs: await inputsOf('__proto__: [a/**]\nconstructor: [b/**]\n'),
      comparison: { base: A, head: B, changes: [], source: 'push' },
      groups: { matches: [{ files: ['a/x'] }, { files: [] }], changed: [true, false], via: [undefined, undefined] },
    };
    const outputs = outputsOf(o);
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['__proto__', '__proto__-count', 'constructor']));
    expect(outputs['__proto__']).toBe('true');
    expect(outputs.changes).toBe('["__proto__"]');
    expect(matrixOf(o)).toEqual({ include: [{ group: '__proto__' }] });
  });
});

describe('output limits', () => {
  test('one output over 1 MB fails, naming the output and the limit', () => {
    expect(() => checkOutputSizes({ matrix: 'x'.repeat(outputLimits.perOutput + 1) })).toThrow(
      /^The matrix output would be 1.0 MB, over the limit of 1.0 MB for one output/,
    );
  });

  test('outputs adding up to more than the total fail, naming the limit', () => {
    const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`group-${i}`, 'x'.repeat(200)]));
    expect(() => checkOutputSizes(many)).toThrow(
      /^The outputs would take 21.1 MB \(100000 outputs\), over the limit of 20.0 MB for all of them/,
    );
    expect(() => checkOutputSizes({ a: 'x'.repeat(1000) })).not.toThrow();
  });

  test('file lists: inline while each fits and all fit the room left, else in the file only', () => {
    const lists = ['["a"]', 'x'.repeat(outputLimits.perOutput), '["b"]', '["c"]'];
    expect(inlineLists(lists, 'json', 40, ['one', 'big', 'two', 'three'])).toEqual({
      inline: ['["a"]', undefined, '["b"]', undefined],
      tooLarge: ['big', 'three'],
    });
    expect(inlineLists(lists, 'file', 1e9, ['one', 'big', 'two', 'three'])).toEqual({
      inline: [undefined, undefined, undefined, undefined],
      tooLarge: [],
    });
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
    const noBase = { ...o, comparison: { ...o.comparison!, missingBase: 'no history' } };
    expect(whyOf(noBase, 2)).toBe('no base: every group counts (on-missing-base: all)');
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

  test('a successful run: the comparison and a row per group', async () => {
    expect(summaryOf(await outcome())).toEqual({
      heading: 'Changed paths: 2 of 3 group(s)',
      lines: [`1 changed file(s), ${A.slice(0, 12)}..${B.slice(0, 12)}, base from push.`],
      table: { header: ['group', 'changed', 'files', 'why'], rows: summaryRows(await outcome()).rows },
    });
  });

  test('a failed run says what was done and why it failed', async () => {
    const failure = { reason: 'missing-base', message: 'No base to compare with: x.', expected: true };
    const before: Outcome = { inputs: await inputsOf(filters), failure };
    expect(summaryOf(before)).toEqual({
      heading: 'Changed paths: failed, 3 group(s) not decided',
      lines: ['Failed (missing-base) before any change was listed: No base to compare with: x.'],
    });
    const after = await outcome({}, { failure: { ...failure, reason: 'outputs-too-large', message: 'too big' } });
    expect(summaryOf({ ...after, groups: undefined }).lines).toEqual([
      'Failed (outputs-too-large) after comparing the commits: too big',
      `1 changed file(s), ${A.slice(0, 12)}..${B.slice(0, 12)}, base from push.`,
    ]);
  });
});
