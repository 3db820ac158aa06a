import { describe, expect, test } from '@jest/globals';
import { diffTreeArgs, parseNameStatusZ, splitZ } from '../../../src/detect-changed-paths/diff.js';

const z = (...fields: string[]): Buffer => Buffer.from(fields.map((f) => `${f}\0`).join(''), 'utf8');

describe('parseNameStatusZ', () => {
  test('every status, and names no line-based parser survives', () => {
    const output = z(
      'A',
      'with space.txt',
      'M',
      "quote\"d 'name'.txt",
      'D',
      'line\nbreak.txt',
      'T',
      'tab\there',
      'R087',
      'old/naïve.txt',
      'new/日本語.txt',
      'C100',
      'src/a',
      'src/b',
      'M',
      '-leading-dash',
      'A',
      '\\backslash',
    );
    expect(parseNameStatusZ(output)).toEqual([
      { status: 'added', path: 'with space.txt' },
      { status: 'modified', path: "quote\"d 'name'.txt" },
      { status: 'deleted', path: 'line\nbreak.txt' },
      { status: 'type-changed', path: 'tab\there' },
      { status: 'renamed', path: 'new/日本語.txt', previousPath: 'old/naïve.txt' },
      { status: 'copied', path: 'src/b', previousPath: 'src/a' },
      { status: 'modified', path: '-leading-dash' },
      { status: 'added', path: '\\backslash' },
    ]);
  });

  test('empty output is no change', () => {
    expect(parseNameStatusZ(Buffer.alloc(0))).toEqual([]);
  });

  test('truncated or unknown output is an error, never a silent partial list', () => {
    expect(() => parseNameStatusZ(Buffer.from('M\0'))).toThrow('truncated');
    expect(() => parseNameStatusZ(Buffer.from('R100\0a\0'))).toThrow('truncated');
    expect(() => parseNameStatusZ(z('Q', 'x'))).toThrow('unexpected git status');
  });

  test('a multi-byte character split across chunks of output still decodes', () => {
    const whole = z('A', 'é/ü.txt');
    expect(parseNameStatusZ(Buffer.concat([whole.subarray(0, 4), whole.subarray(4)]))).toEqual([
      { status: 'added', path: 'é/ü.txt' },
    ]);
  });
});

test('splitZ', () => {
  expect(splitZ(z('a b', 'c\nd', 'é'))).toEqual(['a b', 'c\nd', 'é']);
  expect(splitZ(Buffer.alloc(0))).toEqual([]);
});

test('diffTreeArgs: plumbing, NUL-separated, renames only when asked, revisions after --end-of-options, paths after --', () => {
  expect(diffTreeArgs('A', 'B', false)).toEqual([
    'diff-tree',
    '-r',
    '-z',
    '--name-status',
    '--no-ext-diff',
    '--ignore-submodules=none',
    '--no-renames',
    '--end-of-options',
    'A',
    'B',
    '--',
  ]);
  expect(diffTreeArgs('A', 'B', true)).toContain('-M');
});
