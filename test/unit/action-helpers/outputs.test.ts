import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { escapeHtml, setOutputs, writeSummary } from '../../../action-helpers/outputs.js';
import { parseOutputFile } from '../../support/run-action.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outputs-'));
  process.env.GITHUB_OUTPUT = join(dir, 'out');
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary');
  writeFileSync(process.env.GITHUB_OUTPUT, '');
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
});
afterEach(() => {
  delete process.env.GITHUB_OUTPUT;
  delete process.env.GITHUB_STEP_SUMMARY;
});

describe('setOutputs', () => {
  test('one write holds what core.setOutput would have written, output by output', () => {
    const outputs = { a: 'true', 'a-count': '3', files: '["x\\ny","é"]', multi: 'line one\nline two', empty: '' };
    process.env.GITHUB_OUTPUT = join(dir, 'batched');
    writeFileSync(process.env.GITHUB_OUTPUT, 'earlier<<EOF\nkept\nEOF\n');
    setOutputs(outputs);
    const batched = parseOutputFile(readFileSync(process.env.GITHUB_OUTPUT, 'utf8'));
    process.env.GITHUB_OUTPUT = join(dir, 'core');
    writeFileSync(process.env.GITHUB_OUTPUT, 'earlier<<EOF\nkept\nEOF\n');
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
    const byCore = parseOutputFile(readFileSync(process.env.GITHUB_OUTPUT, 'utf8'));
    expect(batched).toEqual(byCore);
    expect(batched).toEqual({ earlier: 'kept', ...outputs });
  });

  test('strings as they are, everything else as JSON, undefined skipped', () => {
    setOutputs({
      digest: 'sha256:abc',
      skipped: false,
      count: 3,
      tags: ['a', 'b'],
      absent: undefined,
      text: 'two\nlines',
    });
    expect(parseOutputFile(readFileSync(process.env.GITHUB_OUTPUT!, 'utf8'))).toEqual({
      digest: 'sha256:abc',
      skipped: 'false',
      count: '3',
      tags: '["a","b"]',
      text: 'two\nlines',
    });
  });
});

describe('writeSummary', () => {
  test('writes a heading, escaped lines, a table and details to the summary file', async () => {
    await writeSummary({
      heading: 'Build',
      lines: ['<script>alert(1)</script>'],
      table: { header: ['image', 'digest'], rows: [['api', 'sha256:abc']] },
      details: { summary: 'log', text: 'a < b' },
    });
    const html = readFileSync(process.env.GITHUB_STEP_SUMMARY!, 'utf8');
    expect(html).toContain('<h3>Build</h3>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<th>image</th>');
    expect(html).toContain('<td>sha256:abc</td>');
    expect(html).toContain('<pre>a &#60; b</pre>');
  });

  test('without a summary file, the summary goes to the log instead of failing', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    await expect(writeSummary({ heading: 'Local run' })).resolves.toBeUndefined();
  });
});

test('escapeHtml', () => {
  expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
});
