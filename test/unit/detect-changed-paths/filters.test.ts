import { describe, expect, test } from '@jest/globals';
import { ActionFailure } from '../../../action-helpers/errors.js';
import { neverMatches, normaliseGlob, parseFilters } from '../../../src/detect-changed-paths/filters.js';

describe('parseFilters', () => {
  test('short form: a list, a flow list or one glob per group; ! makes an exclusion', async () => {
    const { groups, warnings } = await parseFilters(
      ['api:', '  - services/api/**', "  - '!**/*.md'", 'web: [services/web/**, libs/ui/]', 'root: Dockerfile'].join(
        '\n',
      ),
    );
    expect(warnings).toEqual([]);
    expect(groups.map((g) => [g.name, g.includes, g.excludes])).toEqual([
      ['api', ['services/api/**'], ['**/*.md']],
      ['web', ['services/web/**', 'libs/ui/**'], []],
      ['root', ['Dockerfile'], []],
    ]);
    expect(groups[0]!.changeTypes).toBeUndefined();
    expect(groups[0]!.metadata).toEqual({});
  });

  test('rich form: paths, change-types, depends-on, and free fields for the matrix', async () => {
    const { groups } = await parseFilters(
      [
        'shared: [libs/shared/**]',
        'api:',
        '  paths: [services/api/**]',
        '  change-types: [added, modified]',
        '  depends-on: [shared]',
        '  ecr-repository: team/api',
        '  dockerfile: services/api/Dockerfile',
        '  replicas: 3',
      ].join('\n'),
    );
    const api = groups[1]!;
    expect(api.includes).toEqual(['services/api/**']);
    expect([...api.changeTypes!]).toEqual(['added', 'modified']);
    expect(api.dependsOn).toEqual(['shared']);
    expect(api.metadata).toEqual({ 'ecr-repository': 'team/api', dockerfile: 'services/api/Dockerfile', replicas: 3 });
  });

  test('anchors and nested lists are flattened', async () => {
    const { groups } = await parseFilters(
      [
        'shared: &shared',
        '  - libs/**',
        'api:',
        '  - *shared',
        '  - services/api/**',
        'web:',
        '  paths: [*shared, web/**]',
      ].join('\n'),
    );
    expect(groups.map((g) => g.includes)).toEqual([['libs/**'], ['libs/**', 'services/api/**'], ['libs/**', 'web/**']]);
  });

  test('invalid YAML names the line', async () => {
    await expect(parseFilters('api:\n  - services/api/**\n web: [x\n')).rejects.toThrow(
      /filters: invalid YAML at line 3, column \d+/,
    );
    await expect(parseFilters('api: [a\nb: c', 'filters file .github/filters.yml')).rejects.toThrow(
      /^filters file \.github\/filters\.yml: invalid YAML at line \d+/,
    );
  });

  test('a duplicate group is an error with its line', async () => {
    await expect(parseFilters('api: [a/**]\nweb: [b/**]\napi: [c/**]\n')).rejects.toThrow(/invalid YAML at line 3/);
  });

  test('an unknown group in depends-on is an error naming both and the line', async () => {
    await expect(
      parseFilters('shared: [libs/**]\n\napi:\n  paths: [api/**]\n  depends-on: [shraed]\n'),
    ).rejects.toThrow("filters: group 'api' (line 3) depends on 'shraed', which is not a group (groups: shared, api)");
  });

  test('a group depending on itself is not a dependency', async () => {
    const { groups } = await parseFilters('api:\n  paths: [api/**]\n  depends-on: api\n');
    expect(groups[0]!.dependsOn).toEqual([]);
  });

  test.each([
    ['a list at the top', '- a/**\n- b/**\n', /expected a mapping of group name to globs/],
    ['no groups', '{}', /no groups are defined/],
    ['an empty document', '# nothing\n', /no groups are defined/],
    ['a group with no globs', 'api: []\n', /group 'api' \(line 1\): expected a glob or a list of globs/],
    ['a group that is null', 'api:\n', /group 'api' \(line 1\): expected a glob or a list/],
    ['a mapping without paths', 'api:\n  globs: [a/**]\n', /the mapping form needs a 'paths' list/],
    [
      'a bad change type',
      'api:\n  paths: [a/**]\n  change-types: [edited]\n',
      /change-types "edited" is not valid. Accepted: a list of added, modified, deleted, renamed/,
    ],
    ['a bad group name', '"my api": [a/**]\n', /group name "my api" \(line 1\) is not valid/],
    [
      'a name taken by the action',
      'changes: [a/**]\n',
      /group 'changes' would set output 'changes', which the action sets itself/,
    ],
    [
      'names that collide',
      'api: [a/**]\napi-count: [b/**]\n',
      /group 'api-count' would set output 'api-count', which group 'api' already sets/,
    ],
    [
      'names that differ in case only',
      'api: [a/**]\nAPI: [b/**]\n',
      /group 'API' would set output 'API', which group 'api' already sets/,
    ],
    ['the reserved matrix field', 'api:\n  paths: [a/**]\n  group: x\n', /'group' is reserved/],
  ])('%s is an error', async (_name, text, message) => {
    await expect(parseFilters(text)).rejects.toThrow(message);
  });

  test('globs that can never match are warnings, not errors', async () => {
    const { groups, warnings } = await parseFilters(
      ['api:', '  - /services/api/**', '  - services\\api\\**', '  - ../x/**', '  - a//b'].join('\n'),
    );
    expect(groups[0]!.includes).toHaveLength(4);
    expect(warnings).toEqual([
      'filters: group \'api\' (line 1): "/services/api/**" can never match: git reports paths relative to the repository root, without a leading /',
      'filters: group \'api\' (line 1): "services\\\\api\\\\**" can never match: folders are separated by /, not \\ (a backslash escapes the next character in a glob)',
      'filters: group \'api\' (line 1): "../x/**" can never match: git reports normalised paths, without . or .. segments',
      'filters: group \'api\' (line 1): "a//b" can never match: git paths never contain an empty folder name (//)',
    ]);
  });

  test('a group of exclusions only is "everything except these", said once in the log', async () => {
    const { groups, warnings } = await parseFilters("rest:\n  - '!docs/**'\n  - '!**/*.md'\n");
    expect(groups[0]).toMatchObject({ includes: ['**'], excludes: ['docs/**', '**/*.md'] });
    expect(warnings).toEqual([]);
  });

  test('a group written as one string over several lines is a warning: it is one glob, not a list', async () => {
    const { groups, warnings } = await parseFilters('api: |\n  services/api/**\n  libs/**\n');
    expect(groups[0]!.includes).toEqual(['services/api/**\nlibs/**']);
    expect(warnings).toEqual([
      'filters: group \'api\' (line 1): "services/api/**\\nlibs/**\\n" is one glob over several lines: write a list (one "- glob" per line) for several globs',
    ]);
  });

  test('a YAML alias bomb is an input error, and expanding it stops early', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`,
      );
    }
    const failure = await parseFilters(levels.join('\n')).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ActionFailure);
    expect((failure as ActionFailure).reason).toBe('invalid-input');
    expect((failure as Error).message).toMatch(/^filters: the YAML anchors and aliases expand to more than \d+ items/);
  });

  test('globs that cannot be matched in linear time, or that expand too far, are input errors naming the group', async () => {
    await expect(parseFilters("api: ['services/+(a|b)/**']\n")).rejects.toThrow(
      /^filters: group 'api' \(line 1\): the glob "services\/\+\(a\|b\)\/\*\*" is not valid: \+\(...\) is not supported/,
    );
    await expect(parseFilters("api: ['{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}/**']\n")).rejects.toThrow(
      /expand to more than 256 globs/,
    );
    await expect(parseFilters(`api: ['${'a'.repeat(1001)}']\n`)).rejects.toThrow(/over 1000/);
  });
});

test.each([
  ['./services/api/**', 'services/api/**'],
  ['services/api/', 'services/api/**'],
  ['services/api', 'services/api'],
  ['**', '**'],
])('normaliseGlob(%s) is %s', (input, output) => {
  expect(normaliseGlob(input)).toBe(output);
});

test.each(['services/**', '**/*.md', '*.{js,ts}', 'a/[bc]/**', 'svc-*/.env'])('%s can match', (glob) => {
  expect(neverMatches(glob)).toBeUndefined();
});
