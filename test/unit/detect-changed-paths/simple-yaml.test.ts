import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { parseSimpleYaml } from '../../../src/detect-changed-paths/simple-yaml.js';

/** Whatever the fast reader returns must be exactly what the yaml library reads. */
function expectSameAsLibrary(text: string): void {
  const fast = parseSimpleYaml(text);
  if (fast === undefined) return;
  const library = parse(text) as Record<string, unknown>;
  expect(Object.fromEntries(fast.map((e) => [e.key, e.value]))).toEqual(library);
  expect(fast.map((e) => e.key)).toEqual(Object.keys(library));
}

const readable = [
  'api:\n  - services/api/**\n  - "!**/*.md"\nweb: [services/web/**, libs/ui/**]\n',
  "api:\n- services/api/**\n- '!docs/**'\nweb: services/web/**\n",
  '# comment\n\napi:   # trailing comment\n  - services/api/**   # why\n\n  - libs/x/**\n',
  'api:\n  paths:\n    - services/api/**\n  change-types: [added, modified]\n  depends-on: [web]\n  ecr-repository: team/api\nweb: [web/**]\n',
  'api:\n  paths:\n  - services/api/**\n  dockerfile: services/api/Dockerfile\n',
  "q: ['it''s/**', \"double # quoted/**\", plain with spaces/**]\n",
  'a: []\nb: [ x/** ,y/** ]\n',
  'a: x#y/**\nb: x/** #comment\n',
  'a: -x/**\n',
  'a:\r\n  - x/**\r\n',
  'a.b_c-d: x\n',
];

const unreadable = [
  ['an anchor', 'shared: &s\n  - libs/**\napi:\n  - *s\n'],
  ['a tag', 'a: !!str x\n'],
  ['a number', 'a:\n  paths: [x]\n  replicas: 3\n'],
  ['a boolean', 'a: true\n'],
  ['null spelled out', 'a: null\n'],
  ['a multi-line plain scalar', 'a:\n  - services/\n    api/**\n'],
  ['a block scalar', 'a: |\n  x\n'],
  ['a flow mapping', 'a: {paths: [x]}\n'],
  ['a nested list', 'a:\n  - - x\n'],
  ['tabs', 'a:\n\t- x\n'],
  ['a document marker', '---\na: x\n'],
  ['a quoted key', '"a": x\n'],
  ['a duplicate key', 'a: x\na: y\n'],
  ['a key with a colon value', 'a: b: c\n'],
  ['an unclosed quote', "a: 'x\n"],
  ['an unclosed flow list', 'a: [x, y\n'],
  ['an unquoted alias-looking glob', 'a:\n  - **/*.md\n'],
  ['an unquoted exclusion (a tag in YAML)', 'a:\n  - !docs/**\n'],
  ['a deeper mapping', 'a:\n  paths:\n    x: y\n'],
  ['a double-quoted escape', 'a: "x\\ty"\n'],
  ['an escaped double quote', 'a: "say \\"hi\\""\n'],
  ['a list at the top', '- a\n- b\n'],
  ['nothing', '# only a comment\n'],
  ['indented top level', '  a: x\n'],
] as const;

describe('parseSimpleYaml', () => {
  test.each(readable)('reads %j as the library does', (text) => {
    expect(parseSimpleYaml(text)).toBeDefined();
    expectSameAsLibrary(text);
  });

  test.each(unreadable)('gives up on %s', (_name, text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });

  test('reports the line of each key', () => {
    expect(parseSimpleYaml('# header\n\napi: [a]\nweb:\n  - b\n')!.map((e) => [e.key, e.line])).toEqual([
      ['api', 3],
      ['web', 4],
    ]);
  });

  test('agrees with the library on thousands of generated documents', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const atoms = [
      'a',
      'b/**',
      '**',
      '*.md',
      '!x',
      ' ',
      '-',
      ':',
      '#',
      "'",
      '"',
      '[',
      ']',
      ',',
      '&',
      '*',
      '{',
      '}',
      '1',
      'true',
      '\\',
      'é',
      '~',
      '.',
    ];
    const scalar = (): string => Array.from({ length: 1 + random(5) }, () => atoms[random(atoms.length)]).join('');
    const shapes = [
      () => ` ${scalar()}`,
      () => ` [${Array.from({ length: random(4) }, scalar).join(', ')}]`,
      () => `\n${Array.from({ length: 1 + random(3) }, () => `  - ${scalar()}`).join('\n')}`,
      () => `\n- ${scalar()}`,
      () => `\n  paths: [${scalar()}]\n  x: ${scalar()}`,
      () => `\n  paths:\n  - ${scalar()}\n  y:${random(2) ? ' ' : ''}${scalar()}`,
    ];
    let read = 0;
    for (let i = 0; i < 5000; i++) {
      const keys = Array.from({ length: 1 + random(3) }, (_, k) => `k${k}${random(2) ? '-x' : ''}`);
      const text = keys.map((k) => `${k}:${shapes[random(shapes.length)]!()}`).join('\n') + '\n';
      let library: unknown;
      try {
        library = parse(text);
      } catch {
        library = undefined;
      }
      const fast = parseSimpleYaml(text);
      if (fast === undefined) continue;
      read++;
      // Whatever the fast reader accepts, the library accepts and reads the same way.
      expect({ text, value: Object.fromEntries(fast.map((e) => [e.key, e.value])) }).toEqual({ text, value: library });
    }
    expect(read).toBeGreaterThan(500);
  });
});
