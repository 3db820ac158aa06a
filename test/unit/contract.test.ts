import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ActionContract } from '../support/contract.js';
import { inputVariable, withInputs } from '../support/inputs.js';

/**
 * One contract for the six actions, both ways: what the code reads, sets and raises is exactly
 * what action.yml declares and the README documents.
 */
const root = process.cwd();
const actions = [
  'detect-changed-paths',
  'build-push-ecr',
  'terraform-plan-apply',
  'scan-image',
  'kubectl-rollout',
  'promote-environment',
];

interface ActionYml {
  inputs?: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs?: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const actionYml = (action: string) => parse(readFileSync(path.join(root, action, 'action.yml'), 'utf8')) as ActionYml;

async function contractOf(action: string): Promise<ActionContract<unknown, unknown>> {
  const module = (await import(`./${action}/contract.js`)) as { contract: ActionContract<unknown, unknown> };
  return module.contract;
}

/** The reasons named in backticks in action.yml's failure-reason description. */
function declaredReasons(action: string): string[] {
  const description = actionYml(action).outputs?.['failure-reason']?.description ?? '';
  return [...description.matchAll(/`([a-z][a-z0-9-]*)`/g)].map((m) => m[1]!).sort();
}

/** The reasons in the first column of the README's "Failure reasons" table. */
function documentedReasons(action: string): string[] {
  const readme = readFileSync(path.join(root, action, 'README.md'), 'utf8');
  const section = /^## Failure reasons\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? '';
  const firstCells = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|')[1] ?? '');
  return firstCells.flatMap((cell) => [...cell.matchAll(/`([a-z][a-z0-9-]*)`/g)].map((m) => m[1]!)).sort();
}

/** Reason literals passed to ActionFailure / ExecError in a folder's sources. */
function raisedReasons(folder: string): string[] {
  const found = new Set<string>();
  for (const file of readdirSync(path.join(root, folder), { recursive: true }) as string[]) {
    if (!file.endsWith('.ts')) continue;
    const source = readFileSync(path.join(root, folder, file), 'utf8');
    for (const m of source.matchAll(
      /new (?:ActionFailure|ExecError)\([\s\S]{0,800}?,\s*'([a-z][a-z0-9-]*)'\s*(?:,[^)]*)?\)/g,
    ))
      found.add(m[1]!);
  }
  return [...found].sort();
}

/** The INPUT_ variables read while `fn` runs. */
async function inputsReadBy(fn: () => unknown): Promise<Set<string>> {
  const read = new Set<string>();
  const env = process.env;
  process.env = new Proxy(env, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key.startsWith('INPUT_')) read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  try {
    await fn();
  } finally {
    process.env = env;
  }
  return read;
}

describe.each(actions)('%s', (action) => {
  const yml = actionYml(action);

  test('action.yml runs the committed bundle on node24', () => {
    expect(yml.runs).toEqual({ using: 'node24', main: `../dist/${action}/index.js` });
  });

  test('readInputs reads exactly the inputs action.yml declares', async () => {
    const contract = await contractOf(action);
    const declared = Object.keys(yml.inputs ?? {});
    const saved = { ...process.env };
    Object.assign(process.env, contract.sampleEnv);
    try {
      expect(Object.keys(contract.sampleInputs).filter((name) => !declared.includes(name))).toEqual([]);
      const read = await inputsReadBy(() => withInputs(contract.sampleInputs, contract.readInputs));
      expect([...read].sort()).toEqual(declared.map(inputVariable).sort());
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  test('every input is described', () => {
    for (const [name, input] of Object.entries(yml.inputs ?? {})) {
      expect([name, input.description.length > 10]).toEqual([name, true]);
    }
  });

  test('outputsOf sets exactly the outputs action.yml declares (failure-reason by runAction)', async () => {
    const contract = await contractOf(action);
    const declared = Object.keys(yml.outputs ?? {}).filter((name) => name !== 'failure-reason');
    expect(Object.keys(contract.outputsOf(contract.sampleOutcome)).sort()).toEqual(declared.sort());
    expect(Object.keys(yml.outputs ?? {})).toContain('failure-reason');
  });

  test('the reasons list is what action.yml and the README document', async () => {
    const { reasons } = await contractOf(action);
    expect(new Set(reasons).size).toBe(reasons.length);
    expect(declaredReasons(action)).toEqual([...reasons].sort());
    expect(documentedReasons(action)).toEqual([...reasons].sort());
  });

  test('every reason the code raises is in the reasons list', async () => {
    const { reasons } = await contractOf(action);
    expect(raisedReasons(path.join('src', action)).filter((reason) => !reasons.includes(reason))).toEqual([]);
  });
});

test('the shared helpers raise only the shared reasons', async () => {
  const { commonReasons, awsReasons, execReasons, evidenceReasons, githubReasons } =
    await import('../../action-helpers/reasons.js');
  const shared: string[] = [...commonReasons, ...awsReasons, ...execReasons, ...evidenceReasons, ...githubReasons];
  expect(raisedReasons('action-helpers').filter((reason) => !shared.includes(reason))).toEqual([]);
});
