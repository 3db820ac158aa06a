import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findOnPath, resolveBinary, unwrap } from '../../../src/terraform-plan-apply/binary.js';

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
    await expect(resolveBinary('auto', new AbortController().signal)).rejects.toThrow(
      /Input 'binary' is auto, but terraform or tofu is not on PATH: install it first/,
    );
    await expect(resolveBinary('tofu', new AbortController().signal)).rejects.toMatchObject({ reason: 'tool-missing' });
  } finally {
    process.env.PATH = saved;
  }
});

test('unwrap: a setup action’s wrapper script with the real binary beside it as <name>-bin', () => {
  const dir = path.join(root, 'wrapped');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'terraform'), '#!/usr/bin/env node\n');
  writeFileSync(path.join(dir, 'terraform-bin'), '\x7fELF');
  chmodSync(path.join(dir, 'terraform'), 0o755);
  chmodSync(path.join(dir, 'terraform-bin'), 0o755);
  expect(unwrap(path.join(dir, 'terraform'))).toEqual({
    path: path.join(dir, 'terraform-bin'),
    wrapper: path.join(dir, 'terraform'),
  });
  // A real binary is itself, even with a -bin file beside it; a script without one is run as is.
  writeFileSync(path.join(dir, 'tofu'), '\x7fELF');
  writeFileSync(path.join(dir, 'tofu-bin'), '\x7fELF');
  expect(unwrap(path.join(dir, 'tofu'))).toEqual({ path: path.join(dir, 'tofu') });
  expect(unwrap(path.join(root, 'b', 'tofu'))).toEqual({ path: path.join(root, 'b', 'tofu') });
});
