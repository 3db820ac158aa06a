import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findOnPath, resolveBinary } from '../../../src/terraform-plan-apply/binary.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'tpa-path-'));
  for (const dir of ['a', 'b']) mkdirSync(path.join(root, dir));
  writeFileSync(path.join(root, 'a', 'tofu'), 'not executable');
  writeFileSync(path.join(root, 'b', 'tofu'), '#!/bin/sh\n');
  chmodSync(path.join(root, 'b', 'tofu'), 0o755);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

test('findOnPath takes the first executable match, skipping files that are not executable', () => {
  const search = ['', path.join(root, 'a'), path.join(root, 'b')].join(path.delimiter);
  expect(findOnPath('tofu', search)).toBe(path.join(root, 'b', 'tofu'));
  expect(findOnPath('terraform', search)).toBeUndefined();
});

test('resolveBinary says which binary is missing and how to install it', async () => {
  const saved = process.env.PATH;
  process.env.PATH = path.join(root, 'a');
  try {
    await expect(resolveBinary('auto')).rejects.toThrow(
      /Input 'binary' is auto, but terraform or tofu is not on PATH: install it first/,
    );
    await expect(resolveBinary('tofu')).rejects.toMatchObject({ reason: 'tool-missing' });
  } finally {
    process.env.PATH = saved;
  }
});
