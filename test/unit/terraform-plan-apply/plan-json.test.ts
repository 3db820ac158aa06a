import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/run-action.js';
import {
  ephemeralVariables,
  planHasChanges,
  redact,
  redactedValue,
  redactPlan,
  sensitiveStrings,
  summarisePlan,
  totalChanges,
  type PlanDocument,
} from '../../../src/terraform-plan-apply/plan-json.js';

const change = (address: string, actions: string[], extra: Record<string, unknown> = {}) => ({
  address,
  change: { actions },
  ...extra,
});

describe('summarisePlan', () => {
  test.each([
    ['create', [change('a', ['create'])], { add: 1 }, []],
    ['update', [change('a', ['update'])], { change: 1 }, []],
    ['delete', [change('a', ['delete'])], { destroy: 1 }, ['a']],
    ['replace, destroy first', [change('a', ['delete', 'create'])], { replace: 1 }, ['a']],
    ['replace, create first', [change('a', ['create', 'delete'])], { replace: 1 }, ['a']],
    ['no-op and read count nothing', [change('a', ['no-op']), change('d', ['read'])], {}, []],
    ['move without change', [change('b', ['no-op'], { previous_address: 'a' })], { move: 1 }, []],
    ['move with update', [change('b', ['update'], { previous_address: 'a' })], { move: 1, change: 1 }, []],
    ['import', [{ address: 'a', change: { actions: ['no-op'], importing: { id: 'i-1' } } }], { import: 1 }, []],
  ])('%s', (_name, resourceChanges, counts, destructive) => {
    const summary = summarisePlan({ resource_changes: resourceChanges } as PlanDocument);
    expect(summary.counts).toEqual({ add: 0, change: 0, destroy: 0, replace: 0, move: 0, import: 0, ...counts });
    expect(summary.destructive).toEqual(destructive);
  });

  test('output-only changes are counted apart from resources', () => {
    const summary = summarisePlan({
      output_changes: { a: { actions: ['create'] }, b: { actions: ['no-op'] } },
    } as PlanDocument);
    expect(totalChanges(summary.counts)).toBe(0);
    expect(summary.outputChanges).toBe(1);
  });
});

describe('redact', () => {
  test.each([
    ['whole value', 'secret', true, redactedValue],
    ['not sensitive', 'plain', false, 'plain'],
    ['no mask', { a: 1 }, undefined, { a: 1 }],
    ['one key', { a: 'x', b: 'y' }, { b: true }, { a: 'x', b: redactedValue }],
    ['nested list', { l: ['x', 'y'] }, { l: [false, true] }, { l: ['x', redactedValue] }],
    ['whole subtree', { o: { p: 'x' } }, { o: true }, { o: redactedValue }],
    ['null stays null', null, true, null],
  ])('%s', (_name, value, mask, expected) => {
    expect(redact(value, mask)).toEqual(expected);
  });
});

describe('a plan with sensitive values', () => {
  const plan: PlanDocument = {
    format_version: '1.2',
    variables: { api_key: { value: 'k-123456' }, name: { value: 'web' } },
    configuration: {
      root_module: {
        variables: { api_key: { sensitive: true }, name: {} },
        module_calls: { db: { module: { variables: { password: { sensitive: true, default: 'child-default' } } } } },
      },
    },
    resource_changes: [
      {
        address: 'terraform_data.credential',
        change: {
          actions: ['update'],
          before: { input: 'old-secret' },
          after: { input: 'new-secret', id: 'x' },
          before_sensitive: { input: true },
          after_sensitive: { input: true },
        },
      },
    ],
    output_changes: {
      api_key: { actions: ['create'], before: null, after: 'k-123456', before_sensitive: false, after_sensitive: true },
    },
    planned_values: {
      outputs: { api_key: { sensitive: true, value: 'k-123456' }, name: { sensitive: false, value: 'web' } },
      root_module: { resources: [{ values: { input: 'new-secret' }, sensitive_values: { input: true } }] },
    },
    prior_state: {
      values: {
        root_module: {
          child_modules: [{ resources: [{ values: { input: 'old-secret' }, sensitive_values: { input: true } }] }],
        },
      },
    },
  };

  test('redactPlan leaves no sensitive value anywhere and keeps the rest', () => {
    const text = JSON.stringify(redactPlan(plan));
    for (const secret of ['k-123456', 'old-secret', 'new-secret', 'child-default']) expect(text).not.toContain(secret);
    expect(text).toContain('"web"');
    expect(redactPlan(plan).format_version).toBe('1.2');
  });

  test('sensitiveStrings finds every value to mask', () => {
    expect(new Set(sensitiveStrings(plan))).toEqual(new Set(['k-123456', 'old-secret', 'new-secret', 'child-default']));
  });
});

describe('sensitive literals in the configuration section', () => {
  const plan: PlanDocument = {
    configuration: {
      root_module: {
        outputs: {
          token: { sensitive: true, expression: { constant_value: 'literal-token' } },
          name: { expression: { constant_value: 'public-name' } },
        },
        module_calls: {
          db: {
            expressions: {
              password: { constant_value: 'literal-password' },
              size: { constant_value: 'small' },
            },
            module: { variables: { password: { sensitive: true }, size: {} } },
          },
        },
      },
    },
  };

  test('a sensitive output’s constant and a constant given to a sensitive module variable are redacted and masked', () => {
    const redacted = JSON.stringify(redactPlan(plan));
    expect(redacted).not.toContain('literal-token');
    expect(redacted).not.toContain('literal-password');
    expect(redacted).toContain('public-name');
    expect(redacted).toContain('small');
    expect(new Set(sensitiveStrings(plan))).toEqual(new Set(['literal-token', 'literal-password']));
  });
});

describe('planHasChanges: from the plan itself, not from an exit code a wrapper rewrote', () => {
  test.each<[string, PlanDocument, boolean]>([
    ['the plan’s own verdict', { applyable: false, resource_changes: [{ change: { actions: ['create'] } }] }, false],
    ['a create', { resource_changes: [{ change: { actions: ['create'] } }] }, true],
    ['only no-ops', { resource_changes: [{ change: { actions: ['no-op'] } }] }, false],
    [
      'a move',
      { resource_changes: [{ address: 'a.b', previous_address: 'a.c', change: { actions: ['no-op'] } }] },
      true,
    ],
    ['an output change', { output_changes: { x: { actions: ['update'] } } }, true],
    ['refresh-only drift', { plan_mode: 'refresh-only', resource_drift: [{ address: 'a.b' }] }, true],
    ['nothing', {}, false],
  ])('%s', (_name, plan, expected) => {
    expect(planHasChanges(plan)).toBe(expected);
  });
});

test('ephemeralVariables: declared at the root but not kept in the plan', () => {
  expect(
    ephemeralVariables({
      variables: { name: { value: 'x' } },
      configuration: { root_module: { variables: { name: {}, token: {} } } },
    }),
  ).toEqual(['token']);
});

// `show -json` of the service fixture's first plan, as each binary printed it (api_key left at its
// sensitive default), regenerated with: init with a local backend, plan -var name=web -var instances=2.
describe.each(['terraform', 'tofu'])('the JSON plan %s printed', (binary) => {
  const plan = JSON.parse(
    readFileSync(path.join(repoRoot, `test/fixtures/terraform-plan-apply/show-json-${binary}.json`), 'utf8'),
  ) as PlanDocument;

  test('counts its changes', () => {
    expect(summarisePlan(plan)).toEqual({
      counts: { add: 4, change: 0, destroy: 0, replace: 0, move: 0, import: 0 },
      destructive: [],
      outputChanges: 3,
    });
  });

  test('redacted, it holds the sensitive default nowhere (it was in 7 places) and keeps the rest', () => {
    expect(JSON.stringify(plan).split('fixture-default-key')).toHaveLength(8);
    const redacted = JSON.stringify(redactPlan(plan));
    expect(redacted).not.toContain('fixture-default-key');
    expect(redacted).toContain('web-instance-1');
    expect(sensitiveStrings(plan)).toContain('fixture-default-key');
  });
});
