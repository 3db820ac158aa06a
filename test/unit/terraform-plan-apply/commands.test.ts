import { expect, test } from '@jest/globals';
import {
  applyArgs,
  initArgs,
  lockTimeoutFlag,
  planArgs,
  selectWorkspaceArgs,
  showJsonArgs,
} from '../../../src/terraform-plan-apply/commands.js';

test.each([
  [0, '-lock-timeout=0s'],
  [500, '-lock-timeout=1s'],
  [90_000, '-lock-timeout=90s'],
])('lockTimeoutFlag(%d)', (ms, flag) => {
  expect(lockTimeoutFlag(ms)).toBe(flag);
});

test.each([
  [[], ['init', '-input=false', '-no-color', '-reconfigure']],
  [
    ['/w/dev.s3.tfbackend', 'key=a b;$(id)'],
    [
      'init',
      '-input=false',
      '-no-color',
      '-reconfigure',
      '-backend-config=/w/dev.s3.tfbackend',
      '-backend-config=key=a b;$(id)',
    ],
  ],
])('initArgs(%j): each item one argument, never split or interpreted', (items, argv) => {
  expect(initArgs(items, [])).toEqual(argv);
});

test('initArgs gives init the variables too (OpenTofu evaluates them early: backend, module sources)', () => {
  expect(initArgs([], ['/w/dev.tfvars', '/tmp/inline.tfvars'])).toEqual([
    'init',
    '-input=false',
    '-no-color',
    '-reconfigure',
    '-var-file=/w/dev.tfvars',
    '-var-file=/tmp/inline.tfvars',
  ]);
});

test('planArgs: destroy, refresh-only, targets, replace and parallelism, each its own argument', () => {
  expect(
    planArgs({
      varFiles: [],
      lockTimeoutMs: 0,
      out: '/p',
      destroy: true,
      refreshOnly: true,
      targets: ['module.a.x["k"]'],
      replace: ['b.c'],
      parallelism: 3,
    }),
  ).toEqual([
    'plan',
    '-input=false',
    '-no-color',
    '-detailed-exitcode',
    '-lock-timeout=0s',
    '-destroy',
    '-refresh-only',
    '-target=module.a.x["k"]',
    '-replace=b.c',
    '-parallelism=3',
    '-out=/p',
  ]);
});

test('planArgs: var files in order, then the plan file', () => {
  expect(
    planArgs({ varFiles: ['dev.tfvars', '/tmp/x/inline.tfvars.json'], lockTimeoutMs: 300_000, out: '/tmp/x/tfplan' }),
  ).toEqual([
    'plan',
    '-input=false',
    '-no-color',
    '-detailed-exitcode',
    '-lock-timeout=300s',
    '-var-file=dev.tfvars',
    '-var-file=/tmp/x/inline.tfvars.json',
    '-out=/tmp/x/tfplan',
  ]);
});

test('applyArgs passes variables only for ephemeral ones (not kept in the plan)', () => {
  expect(applyArgs('/p', { lockTimeoutMs: 0, varFiles: ['/v.tfvars'], parallelism: 2 })).toEqual([
    'apply',
    '-input=false',
    '-no-color',
    '-auto-approve',
    '-lock-timeout=0s',
    '-parallelism=2',
    '-var-file=/v.tfvars',
    '/p',
  ]);
});

test('applyArgs applies the saved plan and nothing else: no variables, no targets', () => {
  expect(applyArgs('/tmp/x/reviewed.tfplan', { lockTimeoutMs: 60_000 })).toEqual([
    'apply',
    '-input=false',
    '-no-color',
    '-auto-approve',
    '-lock-timeout=60s',
    '/tmp/x/reviewed.tfplan',
  ]);
});

test('workspace and show', () => {
  expect(selectWorkspaceArgs('blue', true)).toEqual(['workspace', 'select', '-or-create=true', '-no-color', 'blue']);
  // apply never creates a workspace: a mistyped one fails instead of appearing.
  expect(selectWorkspaceArgs('blue', false)).toEqual(['workspace', 'select', '-or-create=false', '-no-color', 'blue']);
  expect(showJsonArgs('p')).toEqual(['show', '-json', '-no-color', 'p']);
});
