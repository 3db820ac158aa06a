import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInputs } from '../../../src/detect-changed-paths/inputs.js';

let workspace: string;
const saved = { ...process.env };

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'dcp-inputs-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, '.github/filters.yml'), 'api: [api/**]\n');
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  process.env.GITHUB_WORKSPACE = workspace;
});

afterEach(() => {
  process.env = { ...saved };
});

function set(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
}

test('defaults', () => {
  set({ filters: 'api: [api/**]' });
  expect(getInputs()).toEqual({
    filters: { text: 'api: [api/**]', source: 'filters' },
    base: undefined,
    head: undefined,
    sinceDeployment: undefined,
    githubToken: undefined,
    onMissingBase: 'all',
    listFiles: 'none',
    maxFetchDepth: 5000,
    workingDirectory: workspace,
  });
});

test('filters from a file, relative to working-directory', () => {
  set({ filters: '.github/filters.yml' });
  expect(getInputs().filters).toEqual({ text: 'api: [api/**]\n', source: 'filters file .github/filters.yml' });
  set({ filters: 'filters.yml', 'working-directory': '.github' });
  expect(getInputs()).toMatchObject({
    filters: { text: 'api: [api/**]\n' },
    workingDirectory: join(workspace, '.github'),
  });
});

test('a one-line inline mapping is YAML, not a path', () => {
  set({ filters: '{api: [api/**]}' });
  expect(getInputs().filters).toEqual({ text: '{api: [api/**]}', source: 'filters' });
});

test.each([
  [{ filters: 'missing.yml' }, /Input 'filters': the file "missing.yml" does not exist/],
  [
    { filters: 'a: [x]', base: 'main', 'since-deployment': 'prod' },
    /Input 'since-deployment': it cannot be combined with base/,
  ],
  [{ filters: 'a: [x]', base: '--upload-pack=evil' }, /Input 'base': "--upload-pack=evil" is not valid/],
  [
    { filters: 'a: [x]', 'list-files': 'csv' },
    /Input 'list-files': "csv" is not valid. Accepted: one of none, json, file/,
  ],
  [{ filters: 'a: [x]', 'max-fetch-depth': '-1' }, /Input 'max-fetch-depth'/],
  [{ filters: 'a: [x]', 'working-directory': 'nope' }, /Input 'working-directory'/],
  [{}, /Input 'filters': a value is required/],
])('%j is refused', (inputs, message) => {
  set(inputs);
  expect(() => getInputs()).toThrow(message);
});
