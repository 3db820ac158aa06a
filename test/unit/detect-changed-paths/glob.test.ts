import { describe, expect, test } from '@jest/globals';
import picomatch from 'picomatch';
import { compileGlob, expand, GlobError, type Meter } from '../../../src/detect-changed-paths/glob.js';

const matches = (glob: string, path: string) => compileGlob(glob)(path);

describe('the same answers as picomatch (dot: true) on names without line breaks', () => {
  const globs = [
    'services/api/**',
    'services/*/Dockerfile',
    '*.md',
    '**/*.md',
    '**',
    'a/**/b',
    '**/.hidden/**',
    '{api,web}/**',
    'services/{api,web/sub}/**',
    'v{1..3}/*',
    'x/{a..c}',
    '[abc]/*',
    '[^abc]/*',
    '[a-c]?.txt',
    '[[:digit:]]*',
    '[]x]',
    'a\\*b',
    '@(a|b)/x',
    '?(a|b)x',
    'a?c',
    'a/*',
    'a**',
    '{a}',
    '[ab',
    '{a,b',
    'dir with space/**',
    'données/**',
    'svc-*/.env',
    '*a*a*a*b',
  ];
  const paths = [
    'services/api/main.go',
    'services/api',
    'services/web/Dockerfile',
    'services/web/sub/Dockerfile',
    'services/web/sub/x',
    'README.md',
    'docs/a/README.md',
    '.github/workflows/ci.yml',
    'a/b',
    'a/x/y/b',
    'a/.hidden/c',
    'api/x',
    'web/y',
    'v2/x',
    'v02/x',
    'x/b',
    'a/x',
    'd/x',
    'ab.txt',
    '5five',
    ']',
    'a*b',
    'axb',
    'b/x',
    'x',
    'ax',
    'abc',
    'a',
    '{a}',
    '[ab',
    '{a,b',
    'dir with space/file name.txt',
    'données/é.txt',
    'svc-1/.env',
    'aaaaab',
    'aaaa',
  ];
  test.each(globs)('%s', (glob) => {
    const expected = paths.filter((p) => picomatch(glob, { dot: true })(p));
    expect(paths.filter((p) => matches(glob, p))).toEqual(expected);
  });
});

describe('names with newlines and carriage returns are ordinary names', () => {
  test.each([
    ['**', 'a\nb'],
    ['**', 'nl\ndir/f.txt'],
    ['**/f.txt', 'nl\ndir/f.txt'],
    ['**/*', 'x/\r'],
    ['*', 'a\nb'],
    ['a?c', 'a\nc'],
    ['a?c', 'a\rc'],
    ['odd/**', 'odd/new\nline.txt'],
    ['odd/*.txt', 'odd/new\nline.txt'],
    ['{odd,even}/**', 'even/\r\n'],
    ['[!x]', '\n'],
  ])('%j matches %j', (glob, path) => {
    expect(matches(glob, path)).toBe(true);
  });
  test('a slash is never matched by anything but itself', () => {
    expect(matches('a?b', 'a/b')).toBe(false);
    expect(matches('a[!x]b', 'a/b')).toBe(false);
    expect(matches('a*b', 'a/b')).toBe(false);
  });
});

describe('matching is linear: steps grow with the name, never exponentially', () => {
  // The glob and name of the report: picomatch's regular expression ran for minutes on n = 100.
  const steps = (glob: string, path: string): number => {
    const meter: Meter = { steps: 0, budget: Number.MAX_SAFE_INTEGER };
    expect(compileGlob(glob, meter)(path)).toBe(false);
    return meter.steps;
  };
  test.each([
    ['*a*a*a*a*a*a*a*b', (n: number) => 'a'.repeat(n)],
    ['**/*a*a*a*a*a*a*a*b', (n: number) => 'a'.repeat(n)],
    ['**/a/**/a/**/a/**/a/**/b', (n: number) => Array(n).fill('a').join('/')],
    ['*?*?*?*?*?*?*?*?/**/x', (n: number) => `${'a'.repeat(n)}/y`],
  ])('%s', (glob, name) => {
    const counts = [100, 200, 400, 800].map((n) => steps(glob, name(n)));
    // Doubling the name at most doubles the steps (plus a little): linear in the name for a
    // fixed glob. A backtracking matcher multiplies them by 2^8 here.
    for (let i = 1; i < counts.length; i++) expect(counts[i]! / counts[i - 1]!).toBeLessThan(2.2);
    // And bounded by name length x glob length.
    expect(counts[3]).toBeLessThanOrEqual(800 * glob.length * 2);
  });

  test('a budget of steps stops matching with an error', () => {
    const meter: Meter = { steps: 0, budget: 100 };
    expect(() => compileGlob('*a*a*a*a*a*a*a*b', meter)('a'.repeat(100))).toThrow(GlobError);
  });
});

describe('refused globs', () => {
  test.each([
    ['+(a|b)', /\+\(\.\.\.\) is not supported/],
    ['x*(a)', /\*\(\.\.\.\) is not supported/],
    ['!(a)', /!\(\.\.\.\) is not supported/],
    ['[[:nope:]]', /\[:nope:\] is not a character class/],
    ['[z-a]', /the range z-a is reversed/],
    ['{1..1000}', /more than 256/],
    ['{a,b}'.repeat(9), /more than 256/],
    ['a'.repeat(1001), /over 1000/],
  ])('%s', (glob, message) => {
    expect(() => compileGlob(glob)).toThrow(message);
  });
});

test('classes: ! and ^ negate (picomatch reads a leading [! differently), ranges, escapes', () => {
  expect(['a', 'd', 'x'].filter((p) => matches('[!abc]', p))).toEqual(['d', 'x']);
  expect(['a', 'd', 'x'].filter((p) => matches('[^abc]', p))).toEqual(['d', 'x']);
  expect(['-', 'a', ']'].filter((p) => matches('[\\]\\-]', p))).toEqual(['-', ']']);
  expect(matches('v{01..03}/x', 'v02/x')).toBe(true);
});

test('expand', () => {
  expect(expand('{a,b{c,d}}/x')).toEqual(['a/x', 'bc/x', 'bd/x']);
  expect(expand('?(a|b).txt')).toEqual(['a.txt', 'b.txt', '.txt']);
  expect(expand('\\{a,b}')).toEqual(['\\{a,b}']);
});
