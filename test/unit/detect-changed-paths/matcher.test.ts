import { describe, expect, test } from '@jest/globals';
import picomatch from 'picomatch';
import type { FileChange } from '../../../src/detect-changed-paths/diff.js';
import { parseFilters } from '../../../src/detect-changed-paths/filters.js';
import { GroupMatcher, resolveDependencies, staticPrefix } from '../../../src/detect-changed-paths/matcher.js';

const modified = (...paths: string[]): FileChange[] => paths.map((path) => ({ status: 'modified', path }));

/**
 * picomatch (dot: true) as the reference, with the two differences glob.ts documents: a newline or
 * carriage return is an ordinary character (picomatch's `**` stops at it), and `x/**` also matches
 * `x` itself whatever x is (picomatch: only when x has no wildcard).
 */
function reference(glob: string): (path: string) => boolean {
  const whole = picomatch(glob, { dot: true });
  const parent = glob.endsWith('/**') ? picomatch(glob.slice(0, -3), { dot: true }) : () => false;
  return (path) => {
    const plain = path.replace(/[\n\r]/g, '~');
    return whole(plain) || parent(plain);
  };
}

async function match(filters: string, changes: FileChange[]): Promise<Record<string, string[]>> {
  const { groups } = await parseFilters(filters);
  const results = new GroupMatcher(groups).match(changes);
  return Object.fromEntries(groups.map((g, i) => [g.name, results[i]!.files]));
}

describe('glob semantics', () => {
  test.each([
    // [glob, path, matches]
    ['services/api/**', 'services/api/main.go', true],
    ['services/api/**', 'services/api/deep/er/x.ts', true],
    ['services/api/**', 'services/api/.env', true],
    ['services/api/**', 'services/api', true],
    ['services/api/**', 'services/apiary/x', false],
    ['services/api/**', 'other/services/api/x', false],
    ['services/api/', 'services/api/x', true],
    ['./services/api/**', 'services/api/x', true],
    ['services/*/Dockerfile', 'services/web/Dockerfile', true],
    ['services/*/Dockerfile', 'services/web/sub/Dockerfile', false],
    ['*.md', 'README.md', true],
    ['*.md', 'docs/README.md', false],
    ['**/*.md', 'docs/a/README.md', true],
    ['**/*.md', 'README.md', true],
    ['**', '.github/workflows/ci.yml', true],
    ['Dockerfile', 'Dockerfile', true],
    ['Dockerfile', 'x/Dockerfile', false],
    ['{api,web}/**', 'web/x', true],
    ['services/{api,web}/**', 'services/web/x', true],
    ['services/{api,web}/**', 'services/db/x', false],
    ['services/[ab]pi/**', 'services/api/x', true],
    ['services/api/*.{js,ts}', 'services/api/a.ts', true],
    ['services/api/*.{js,ts}', 'services/api/a.go', false],
    ['services/api/**/test/**', 'services/api/a/test/b', true],
    ['services/a+b/**', 'services/a+b/x', true],
    ['services/@scope/**', 'services/@scope/x', true],
    ['dir with space/**', 'dir with space/file name.txt', true],
    ['données/**', 'données/é.txt', true],
  ])('%s against %s: %s', async (glob, path, expected) => {
    const result = await match(`g:\n  - '${glob}'\n`, modified(path));
    expect(result.g).toEqual(expected ? [path] : []);
  });

  test('agrees with picomatch on every glob and path of the table, indexed or not', async () => {
    const globs = ['a/**', 'a/b/**', 'a/*/c', '**/c', 'a/**/c', '*', 'a/b', '{a,x}/b/**', 'a/b*/**', '**/.hidden/**'];
    const paths = ['a', 'a/b', 'a/b/c', 'a/x/c', 'x/b/c', 'c', 'a/.hidden/c', 'a/bb/c', 'a/b/c/d', 'x/y/z'];
    const filters = globs.map((g, i) => `g${i}:\n  - '${g}'\n`).join('');
    const result = await match(filters, modified(...paths));
    globs.forEach((glob, i) => {
      expect({ glob, files: result[`g${i}`] }).toEqual({
        glob,
        files: paths.filter((p) => reference(glob)(p)),
      });
    });
  });
});

describe('exclusions', () => {
  const filters = "api:\n  - services/api/**\n  - '!**/*.md'\n  - '!services/api/docs/**'\ndocs:\n  - '**/*.md'\n";
  test('a file counts when it matches an include and no exclude, whatever the order', async () => {
    const result = await match(
      filters,
      modified('services/api/a.ts', 'services/api/README.md', 'services/api/docs/x.ts'),
    );
    expect(result).toEqual({ api: ['services/api/a.ts'], docs: ['services/api/README.md'] });
    const reordered = "api:\n  - '!**/*.md'\n  - services/api/**\n  - '!services/api/docs/**'\ndocs:\n  - '**/*.md'\n";
    expect(await match(reordered, modified('services/api/a.ts', 'services/api/README.md'))).toEqual({
      api: ['services/api/a.ts'],
      docs: ['services/api/README.md'],
    });
  });

  test('a group of exclusions only counts everything except them (as dorny/paths-filter and tj-actions read it)', async () => {
    const result = await match(
      "rest:\n  - '!docs/**'\n  - '!frontend/**'\n",
      modified('api/main.go', 'docs/a.md', 'frontend/x.ts', 'README.md'),
    );
    expect(result.rest).toEqual(['api/main.go', 'README.md']);
  });

  test("an exclusion of one group does not touch another group's matches", async () => {
    const result = await match("a:\n  - x/**\n  - '!x/y/**'\nb:\n  - x/**\n", modified('x/y/z'));
    expect(result).toEqual({ a: [], b: ['x/y/z'] });
  });
});

describe('change types and renames', () => {
  const changes: FileChange[] = [
    { status: 'added', path: 'svc/new.ts' },
    { status: 'modified', path: 'svc/changed.ts' },
    { status: 'deleted', path: 'svc/gone.ts' },
    { status: 'renamed', path: 'svc/moved-here.ts', previousPath: 'old/moved.ts' },
    { status: 'renamed', path: 'elsewhere/out.ts', previousPath: 'svc/out.ts' },
    { status: 'type-changed', path: 'svc/link' },
  ];
  test.each([
    [['added'], ['svc/new.ts']],
    [['modified'], ['svc/changed.ts', 'svc/link']],
    [['deleted'], ['svc/gone.ts']],
    [['renamed'], ['svc/moved-here.ts', 'svc/out.ts']],
    [
      ['added', 'modified'],
      ['svc/new.ts', 'svc/changed.ts', 'svc/link'],
    ],
  ])('change-types %j', async (types, files) => {
    const result = await match(`svc:\n  paths: [svc/**]\n  change-types: [${types.join(', ')}]\n`, changes);
    expect(result.svc).toEqual(files);
  });

  test('with no change-types every kind counts; a rename counts for the groups of both its names', async () => {
    const result = await match('svc: [svc/**]\nold: [old/**]\nelsewhere: [elsewhere/**]\n', changes);
    expect(result).toEqual({
      svc: ['svc/new.ts', 'svc/changed.ts', 'svc/gone.ts', 'svc/moved-here.ts', 'svc/out.ts', 'svc/link'],
      old: ['old/moved.ts'],
      elsewhere: ['elsewhere/out.ts'],
    });
  });

  test('a rename inside one group is one file for it, listed by its new name', async () => {
    const result = await match('svc: [svc/**]\n', [{ status: 'renamed', path: 'svc/b', previousPath: 'svc/a' }]);
    expect(result.svc).toEqual(['svc/b']);
  });
});

describe('the summary reason', () => {
  test('is the first glob that matched, and its file', async () => {
    const { groups } = await parseFilters("api:\n  - '**/*.go'\n  - services/api/**\n");
    const [result] = new GroupMatcher(groups).match(modified('services/api/a.ts', 'services/api/b.go'));
    expect(result).toEqual({
      files: ['services/api/a.ts', 'services/api/b.go'],
      rule: 'services/api/**',
      example: 'services/api/a.ts',
    });
  });
});

describe('resolveDependencies', () => {
  test('a group changes when a group it depends on changed, transitively, and says through which', async () => {
    const { groups } = await parseFilters(
      'core: [b/**]\nmid:\n  paths: [m/**]\n  depends-on: [core]\ntop:\n  paths: [t/**]\n  depends-on: [mid]\nalone: [a/**]\n',
    );
    expect(resolveDependencies(groups, [true, false, false, false])).toEqual({
      changed: [true, true, true, false],
      via: [undefined, 'core', 'mid', undefined],
    });
    expect(resolveDependencies(groups, [false, false, true, false])).toEqual({
      changed: [false, false, true, false],
      via: [undefined, undefined, undefined, undefined],
    });
  });

  test('cycles end', async () => {
    const { groups } = await parseFilters(
      'a:\n  paths: [a/**]\n  depends-on: [b]\nb:\n  paths: [b/**]\n  depends-on: [a]\n',
    );
    expect(resolveDependencies(groups, [true, false]).changed).toEqual([true, true]);
  });
});

describe('scale', () => {
  test('1,000 groups and 50,000 changes: prefix globs need no glob test at all, whatever the number of groups', async () => {
    const filters = Array.from({ length: 1000 }, (_, i) => `s${i}: [services/s${i}/**, libs/shared/**]\n`).join('');
    const { groups } = await parseFilters(filters);
    const matcher = new GroupMatcher(groups);
    const changes = modified(...Array.from({ length: 50_000 }, (_, i) => `services/s${i % 250}/src/f${i}.ts`));
    const results = matcher.match(changes);
    expect(results.filter((r) => r.files.length > 0)).toHaveLength(250);
    expect(results[0]!.files).toHaveLength(200);
    // Speed is measured by the benchmark; here, the work: no glob ran.
    expect(matcher.meter.steps).toBe(0);
  });

  test('globs with no fixed folder cost steps per file, not per file x group', async () => {
    const steps = async (groupCount: number) => {
      const filters = Array.from({ length: groupCount }, (_, i) => `g${i}: [s${i}/**, '**/*.md']\n`).join('');
      const matcher = new GroupMatcher((await parseFilters(filters)).groups);
      matcher.match(modified(...Array.from({ length: 1000 }, (_, i) => `s${i % 10}/d/f${i}.${i % 2 ? 'md' : 'ts'}`)));
      return matcher.meter.steps;
    };
    // One distinct glob, shared by every group: the same steps for 10 groups as for 1,000.
    expect(await steps(1000)).toBe(await steps(10));
  });

  test('past the budget of steps, a clear error naming the filters', async () => {
    const { groups } = await parseFilters("g: ['**/*a*b*c*d']\n");
    const matcher = new GroupMatcher(groups, 10_000);
    expect(() => matcher.match(modified(...Array.from({ length: 1000 }, (_, i) => `x/${'a'.repeat(30)}${i}`)))).toThrow(
      /^filters: matching the globs against 1000 changed file\(s\) took more than 10000 steps/,
    );
  });
});

test.each([
  ['services/api/**', 'services/api', '**'],
  ['services/*/Dockerfile', 'services', '*/Dockerfile'],
  ['**/*.md', '', '**/*.md'],
  ['{a,b}/**', '', '{a,b}/**'],
  ['Dockerfile', 'Dockerfile', ''],
  ['a/b/c.txt', 'a/b/c.txt', ''],
  ['a/b/*.txt', 'a/b', '*.txt'],
  ['a/b+c/**', 'a', 'b+c/**'],
  ['a\\*b/**', '', 'a\\*b/**'],
])('staticPrefix(%s) is %j + %j', (glob, base, rest) => {
  expect(staticPrefix(glob)).toEqual({ base, rest });
});

describe('against a brute-force reference', () => {
  // Every file against every glob of every group: what the index must reproduce.
  function bruteForce(groups: Awaited<ReturnType<typeof parseFilters>>['groups'], changes: FileChange[]): string[][] {
    return groups.map((g) => {
      const inc = (g.includes.length > 0 ? g.includes : ['**']).map(reference);
      const exc = g.excludes.map(reference);
      const counts = (p: string) => inc.some((m) => m(p)) && !exc.some((m) => m(p));
      return changes.flatMap((c) => (counts(c.path) ? [c.path] : []));
    });
  }

  test('random groups and paths (names with newlines too), in git order and shuffled', async () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const globs = [
      'a/**',
      'a/b/**',
      'a/b/c/**',
      'b/**',
      'a/*.md',
      '**/*.md',
      'a/b',
      'a',
      '*',
      'a/{b,c}/**',
      'c/**/d',
      'a/b/c',
      '**/x.md',
      '**/c/**',
      'a/?',
      '[ab]/**',
      '*/[^a]*',
      'a/**/*.md',
      '**/*',
      '?/*',
      '{a,b}/{c,d}',
      'a/@(b|c)/**',
    ];
    const segments = ['a', 'b', 'c', 'd', 'x.md', '.e', 'n\nl', 'c\rr', '\n', 'x\n.md'];
    for (let round = 0; round < 500; round++) {
      const groupCount = 1 + random(5);
      const filters = Array.from({ length: groupCount }, (_, i) => {
        const lines = Array.from(
          { length: 1 + random(3) },
          () => `  - '${random(4) === 0 ? '!' : ''}${globs[random(globs.length)]}'`,
        );
        return `g${i}:\n${lines.join('\n')}\n`;
      }).join('');
      const paths = [
        ...new Set(
          Array.from({ length: 1 + random(12) }, () =>
            Array.from({ length: 1 + random(4) }, () => segments[random(segments.length)]).join('/'),
          ),
        ),
      ];
      if (random(2) === 0) paths.sort();
      const changes = modified(...paths);
      const { groups } = await parseFilters(filters);
      const got = new GroupMatcher(groups).match(changes).map((r) => r.files);
      expect({ filters, paths, got }).toEqual({ filters, paths, got: bruteForce(groups, changes) });
    }
  });
});
