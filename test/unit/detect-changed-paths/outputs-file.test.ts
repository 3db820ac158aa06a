import { afterEach, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { setOutputsAtOnce } from '../../../src/detect-changed-paths/outputs-file.js';
import { parseOutputFile } from '../../support/run-action.js';

const saved = process.env.GITHUB_OUTPUT;
afterEach(() => {
  process.env.GITHUB_OUTPUT = saved;
});

test('one write holds what core.setOutput would have written, output by output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcp-out-'));
  const outputs = { a: 'true', 'a-count': '3', files: '["x\\ny","é"]', multi: 'line one\nline two', empty: '' };
  process.env.GITHUB_OUTPUT = join(dir, 'batched');
  writeFileSync(process.env.GITHUB_OUTPUT, 'earlier<<EOF\nkept\nEOF\n');
  setOutputsAtOnce(outputs);
  const batched = parseOutputFile(readFileSync(process.env.GITHUB_OUTPUT, 'utf8'));
  process.env.GITHUB_OUTPUT = join(dir, 'core');
  writeFileSync(process.env.GITHUB_OUTPUT, 'earlier<<EOF\nkept\nEOF\n');
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  const byCore = parseOutputFile(readFileSync(process.env.GITHUB_OUTPUT, 'utf8'));
  expect(batched).toEqual(byCore);
  expect(batched).toEqual({ earlier: 'kept', ...outputs });
});
