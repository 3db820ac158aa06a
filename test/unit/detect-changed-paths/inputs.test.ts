import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from '../../../src/detect-changed-paths/inputs.js';
import { withInputs } from '../../support/inputs.js';

let workspace: string;
const saved = process.env.GITHUB_WORKSPACE;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'dcp-inputs-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, '.github/filters.yml'), 'api: [api/**]\n');
  process.env.GITHUB_WORKSPACE = workspace;
});

afterEach(() => {
  if (saved === undefined) delete process.env.GITHUB_WORKSPACE;
  else process.env.GITHUB_WORKSPACE = saved;
});

const read = (inputs: Record<string, string>) => withInputs(inputs, readInputs);

test('defaults', async () => {
  const inputs = await read({ filters: 'api: [api/**]' });
  expect({ ...inputs, filters: inputs.filters.source }).toEqual({
    filters: 'filters',
    base: undefined,
    head: undefined,
    sinceDeployment: undefined,
    githubToken: undefined,
    onMissingBase: 'all',
    listFiles: 'none',
    maxFetchDepth: 5000,
    workingDirectory: workspace,
  });
  expect(inputs.filters.groups.map((g) => [g.name, g.includes])).toEqual([['api', ['api/**']]]);
});

test('filters from a file, relative to working-directory', async () => {
  expect((await read({ filters: '.github/filters.yml' })).filters.source).toBe('filters file .github/filters.yml');
  const inGithub = await read({ filters: 'filters.yml', 'working-directory': '.github' });
  expect(inGithub.filters.groups[0]!.name).toBe('api');
  expect(inGithub.workingDirectory).toBe(join(workspace, '.github'));
});

test('a one-line inline mapping is YAML, not a path', async () => {
  expect((await read({ filters: '{api: [api/**]}' })).filters.source).toBe('filters');
});

test.each([
  [{ filters: 'missing.yml' }, /Input 'filters': the file "missing.yml" does not exist/],
  [
    { filters: 'a: [x]', base: 'main', 'since-deployment': 'prod' },
    /Input 'since-deployment': it cannot be combined with base/,
  ],
  [{ filters: 'a: [x]', base: '--upload-pack=evil' }, /Input 'base': "--upload-pack=evil" is not valid/],
  [{ filters: 'a: [x]', head: 'main..evil' }, /Input 'head': "main..evil" is not valid/],
  [
    { filters: 'a: [x]', 'list-files': 'csv' },
    /Input 'list-files': "csv" is not valid. Accepted: one of none, json, file/,
  ],
  [{ filters: 'a: [x]', 'max-fetch-depth': '-1' }, /Input 'max-fetch-depth'/],
  [{ filters: 'a: [x]', 'working-directory': 'nope' }, /Input 'working-directory'/],
  [{ filters: 'a: [x]', 'working-directory': '../' }, /Input 'working-directory': "..\/" is outside the workspace/],
  [{ filters: 'a: [x]', 'since-deployment': 'prod\u001b[31m' }, /Input 'since-deployment'/],
  [{ filters: 'a: [x]', 'github-token': 'ghs_a b' }, /Input 'github-token': the value has spaces/],
  [{}, /Input 'filters': a value is required/],
])('%j is refused', async (inputs, message) => {
  await expect(read(inputs)).rejects.toThrow(message);
});

test('filters over 1 MB are refused', async () => {
  await expect(read({ filters: 'a: [x]\n'.repeat(200_000) })).rejects.toThrow(
    /Input 'filters': it is 1399999 characters long, over 1000000/,
  );
});

test('a filters file outside the workspace is refused, even through a symlink', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'dcp-outside-'));
  writeFileSync(join(outside, 'filters.yml'), 'api: [api/**]\n');
  symlinkSync(join(outside, 'filters.yml'), join(workspace, 'link.yml'));
  await expect(read({ filters: join(outside, 'filters.yml') })).rejects.toThrow(/is outside the workspace/);
  await expect(read({ filters: 'link.yml' })).rejects.toThrow(/is outside the workspace/);
});

test('a filters file that is not UTF-8 is refused', async () => {
  writeFileSync(join(workspace, 'latin1.yml'), Buffer.from([0x61, 0x3a, 0x20, 0x5b, 0xe9, 0x5d, 0x0a]));
  await expect(read({ filters: 'latin1.yml' })).rejects.toThrow(
    /Input 'filters': the file "latin1.yml" is not valid UTF-8/,
  );
});
