import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../action-helpers/errors.js';
import { kubeName } from '../../../action-helpers/formats.js';
import { getKeyValueList, getPath } from '../../../action-helpers/inputs.js';
import { withInputs } from '../../support/inputs.js';

let workspace: string;
let outside: string;
const savedWorkspace = process.env.GITHUB_WORKSPACE;

beforeAll(() => {
  outside = mkdtempSync(join(tmpdir(), 'outside-'));
  workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  mkdirSync(join(workspace, 'infra'));
  writeFileSync(join(workspace, 'infra', 'dev.tfvars'), 'a = 1\n');
  writeFileSync(join(outside, 'secret'), 'x');
  symlinkSync(outside, join(workspace, 'link-out'));
  symlinkSync(join(workspace, 'infra'), join(workspace, 'link-in'));
  symlinkSync(join(workspace, 'loop'), join(workspace, 'loop'));
  process.env.GITHUB_WORKSPACE = workspace;
});
afterAll(() => {
  process.env.GITHUB_WORKSPACE = savedWorkspace;
  rmSync(workspace, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const read = (value: string, options: Parameters<typeof getPath>[1]) =>
  withInputs({ dir: value }, () => getPath('dir', options));

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('getPath', () => {
  test.each([
    ['infra', 'directory', 'infra'],
    ['./infra/', 'directory', 'infra'],
    ['infra/dev.tfvars', 'file', 'infra/dev.tfvars'],
    ['link-in', 'directory', 'link-in'],
    ['new/bundle', 'new', 'new/bundle'],
  ] as const)('%j as a %s resolves inside the workspace', (raw, kind, relative) => {
    expect(read(raw, { kind })).toBe(join(workspace, relative));
  });

  test.each([
    ['../etc', 'directory', 'outside the workspace'],
    ['/etc', 'directory', 'outside the workspace'],
    ['link-out', 'directory', 'outside the workspace'],
    ['link-out/secret', 'file', 'outside the workspace'],
    ['link-out/new', 'new', 'outside the workspace'],
    ['missing', 'directory', 'does not exist'],
    ['infra', 'file', 'is not a file'],
    ['infra/dev.tfvars', 'directory', 'is not a folder'],
    ['a\nb', 'directory', 'is not valid'],
  ] as const)('%j as a %s is refused: %s', (raw, kind, why) => {
    const message = problem(() => read(raw, { kind }));
    expect(message).toContain(`Input 'dir'`);
    expect(message).toContain(why);
  });

  test('a symlink loop is an input error, not a crash', () => {
    expect(() => read('loop', { kind: 'directory' })).toThrow(InputError);
  });

  test('outside the workspace when the input allows it', () => {
    expect(read(outside, { kind: 'directory', allowOutsideWorkspace: true })).toBe(outside);
  });

  test('default and required', () => {
    expect(withInputs({}, () => getPath('dir', { kind: 'directory', default: '.' }))).toBe(workspace);
    expect(withInputs({}, () => getPath('dir', { kind: 'directory' }))).toBeUndefined();
    expect(problem(() => withInputs({}, () => getPath('dir', { kind: 'directory', required: true })))).toContain(
      'a value is required',
    );
  });
});

describe('getKeyValueList', () => {
  const read = (raw: string) => withInputs({ images: raw }, () => getKeyValueList('images', { keyFormat: kubeName }));

  test('lines of key=value, comments and blank lines skipped, CRLF-safe', () => {
    expect(read('api=repo@sha256:1\r\n# comment\n\n web = repo:tag ')).toEqual([
      { key: 'api', value: 'repo@sha256:1' },
      { key: 'web', value: 'repo:tag' },
    ]);
  });

  test.each(['no-equals', '=value', 'Bad_Key=x', 'api=1\napi=2'])('%j is refused', (raw) => {
    expect(problem(() => read(raw))).toContain(`Input 'images'`);
  });
});
