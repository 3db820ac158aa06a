import { describe, expect, test } from '@jest/globals';
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
      [
        'api:',
        '  - /services/api/**',
        '  - services\\api\\**',
        '  - ../x/**',
        '  - a//b',
        'docs:',
        "  - '!**/*.md'",
      ].join('\n'),
    );
    expect(groups[0]!.includes).toHaveLength(4);
    expect(warnings).toEqual([
      'filters: group \'api\' (line 1): "/services/api/**" can never match: git reports paths relative to the repository root, without a leading /',
      'filters: group \'api\' (line 1): "services\\\\api\\\\**" can never match: folders are separated by /, not \\ (a backslash escapes the next character in a glob)',
      'filters: group \'api\' (line 1): "../x/**" can never match: git reports normalised paths, without . or .. segments',
      'filters: group \'api\' (line 1): "a//b" can never match: git paths never contain an empty folder name (//)',
      "filters: group 'docs' (line 6): has no glob to include, only exclusions (!...), so no file can ever count for it",
    ]);
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
