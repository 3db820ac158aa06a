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
  expect(initArgs(items)).toEqual(argv);
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

test('applyArgs applies the saved plan and nothing else: no variables, no targets', () => {
  expect(applyArgs('/tmp/x/reviewed.tfplan', 60_000)).toEqual([
    'apply',
    '-input=false',
    '-no-color',
    '-auto-approve',
    '-lock-timeout=60s',
    '/tmp/x/reviewed.tfplan',
  ]);
});

test('workspace and show', () => {
  expect(selectWorkspaceArgs('blue')).toEqual(['workspace', 'select', '-or-create=true', '-no-color', 'blue']);
  expect(showJsonArgs('p')).toEqual(['show', '-json', '-no-color', 'p']);
});
