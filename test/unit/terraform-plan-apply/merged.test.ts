import { expect, test } from '@jest/globals';
import { effectDifferences } from '../../../src/terraform-plan-apply/merged.js';
import type { PlanDocument } from '../../../src/terraform-plan-apply/plan-json.js';

const plan = (...changes: [string, string[], unknown][]): PlanDocument => ({
  resource_changes: changes.map(([address, actions, after]) => ({ address, change: { actions, after } })),
});

test.each<[string, PlanDocument, PlanDocument, string[]]>([
  ['the same changes', plan(['a.b', ['create'], { x: 1 }]), plan(['a.b', ['create'], { x: 1 }]), []],
  ['no-ops do not count', plan(['a.b', ['create'], 1]), plan(['a.b', ['create'], 1], ['a.c', ['no-op'], 2]), []],
  [
    'another value',
    plan(['a.b', ['create'], { x: 1 }]),
    plan(['a.b', ['create'], { x: 2 }]),
    ['a.b: reviewed create {"x":1}, now create {"x":2}'],
  ],
  [
    'another action',
    plan(['a.b', ['update'], 1]),
    plan(['a.b', ['delete', 'create'], 1]),
    ['a.b: reviewed update 1, now delete+create 1'],
  ],
  ['a change gone', plan(['a.b', ['create'], 1]), plan(), ['a.b: reviewed create, now no change']],
  ['a change added', plan(), plan(['a.b', ['delete'], null]), ['a.b: not in the reviewed plan, now delete']],
  [
    'an output',
    { output_changes: { url: { actions: ['create'], after: 'x' } } },
    { output_changes: { url: { actions: ['create'], after: 'y' } } },
    ['output.url: reviewed create "x", now create "y"'],
  ],
])('effectDifferences: %s', (_name, reviewed, fresh, expected) => {
  expect(effectDifferences(reviewed, fresh)).toEqual(expected);
});
