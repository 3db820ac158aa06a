import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = process.cwd();
const action = parse(readFileSync(path.join(root, 'build-push-ecr/action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
};
const sources = ['src/build-push-ecr/inputs.ts', 'action-helpers/aws.ts']
  .map((f) => readFileSync(path.join(root, f), 'utf8'))
  .join('\n');
const reportSource = readFileSync(path.join(root, 'src/build-push-ecr/report.ts'), 'utf8');

describe('action.yml', () => {
  test('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: '../dist/build-push-ecr/index.js' });
  });

  test.each(Object.keys(action.inputs))('input %s is described and read by the action', (name) => {
    expect(action.inputs[name]!.description.length).toBeGreaterThan(10);
    expect(sources).toContain(`'${name}'`);
  });

  test.each(Object.keys(action.outputs).filter((o) => o !== 'failure-reason'))('output %s is set', (name) => {
    expect(reportSource).toMatch(new RegExp(`'?${name}'?:`));
  });
});
