import { describe, expect, test } from '@jest/globals';
import { planBase, type EventContext } from '../../../src/detect-changed-paths/events.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const M = 'c'.repeat(40);
const ZERO = '0'.repeat(40);
const repository = { default_branch: 'main' };

describe('planBase, by event', () => {
  test.each<[string, EventContext, ReturnType<typeof planBase>]>([
    [
      'pull_request: merge-base of the base branch and the head',
      {
        eventName: 'pull_request',
        sha: M,
        payload: {
          number: 7,
          pull_request: { number: 7, base: { sha: A, ref: 'main' }, head: { sha: B, ref: 'feature' } },
        },
      },
      {
        kind: 'compare',
        base: { sha: A },
        head: { sha: B },
        mode: 'merge-base',
        source: 'pull_request #7 (base main)',
      },
    ],
    [
      'pull_request_target: the same',
      {
        eventName: 'pull_request_target',
        payload: { pull_request: { number: 8, base: { sha: A, ref: 'dev' }, head: { sha: B } } },
      },
      {
        kind: 'compare',
        base: { sha: A },
        head: { sha: B },
        mode: 'merge-base',
        source: 'pull_request_target #8 (base dev)',
      },
    ],
    [
      'push: before..after, as trees',
      { eventName: 'push', sha: B, payload: { ref: 'refs/heads/main', before: A, after: B, repository } },
      { kind: 'compare', base: { sha: A }, head: { sha: B }, mode: 'tree', source: 'push' },
    ],
    [
      'push, forced: still the two tips, whether or not related',
      { eventName: 'push', payload: { ref: 'refs/heads/main', before: A, after: B, forced: true, repository } },
      { kind: 'compare', base: { sha: A }, head: { sha: B }, mode: 'tree', source: 'push (forced)' },
    ],
    [
      'push of a new branch (before all zeros): what it adds to the default branch',
      { eventName: 'push', payload: { ref: 'refs/heads/feature', before: ZERO, after: B, created: true, repository } },
      {
        kind: 'compare',
        base: { branch: 'main' },
        head: { sha: B },
        mode: 'merge-base',
        source: 'push (new branch, compared with main)',
      },
    ],
    [
      'push of a new tag',
      { eventName: 'push', payload: { ref: 'refs/tags/v1', before: ZERO, after: B, created: true, repository } },
      {
        kind: 'compare',
        base: { branch: 'main' },
        head: { sha: B },
        mode: 'merge-base',
        source: 'push (new tag, compared with main)',
      },
    ],
    [
      'first push of the default branch: no base',
      { eventName: 'push', payload: { ref: 'refs/heads/main', before: ZERO, after: B, created: true, repository } },
      {
        kind: 'no-base',
        head: { sha: B },
        reason: 'the push created refs/heads/main with no earlier commit to compare with',
        source: 'push (new branch)',
      },
    ],
    [
      'push deleting a branch: nothing changed',
      { eventName: 'push', payload: { ref: 'refs/heads/old', before: A, after: ZERO, deleted: true, repository } },
      { kind: 'nothing', reason: 'the push deleted refs/heads/old: nothing to build', source: 'push' },
    ],
    [
      'merge_group: base_sha..head_sha',
      { eventName: 'merge_group', payload: { merge_group: { base_sha: A, head_sha: B, base_ref: 'refs/heads/main' } } },
      { kind: 'compare', base: { sha: A }, head: { sha: B }, mode: 'tree', source: 'merge_group (refs/heads/main)' },
    ],
    [
      'workflow_dispatch: no base of its own',
      { eventName: 'workflow_dispatch', sha: B, payload: { inputs: {} } },
      {
        kind: 'no-base',
        head: { sha: B },
        reason: 'a workflow_dispatch has no base commit (set the base or since-deployment input)',
        source: 'workflow_dispatch',
      },
    ],
    [
      'schedule: no base of its own',
      { eventName: 'schedule', sha: B, payload: { schedule: '0 3 * * *' } },
      {
        kind: 'no-base',
        head: { sha: B },
        reason: 'a schedule has no base commit (set the base or since-deployment input)',
        source: 'schedule',
      },
    ],
    [
      'no event at all (a local run): HEAD, no base',
      { eventName: '', payload: {} },
      {
        kind: 'no-base',
        head: { rev: 'HEAD' },
        reason: 'a run with no event has no base commit (set the base or since-deployment input)',
        source: 'none',
      },
    ],
  ])('%s', (_name, ctx, plan) => {
    expect(planBase(ctx)).toEqual(plan);
  });
});

describe('planBase, by input', () => {
  const pr = { pull_request: { number: 1, base: { sha: A, ref: 'main' }, head: { sha: B } } };
  test('base overrides any event: merge-base of base and head', () => {
    expect(planBase({ eventName: 'pull_request', payload: pr, base: 'release/1.2' })).toEqual({
      kind: 'compare',
      base: { rev: 'release/1.2' },
      head: { rev: 'HEAD' },
      mode: 'merge-base',
      source: 'input base',
    });
  });
  test('head overrides the event head', () => {
    expect(planBase({ eventName: 'pull_request', payload: pr, head: 'v2' })).toMatchObject({ head: { rev: 'v2' } });
    expect(planBase({ eventName: 'workflow_dispatch', payload: {}, base: 'v1', head: 'v2', sha: M })).toMatchObject({
      base: { rev: 'v1' },
      head: { rev: 'v2' },
    });
  });
  test('base with workflow_dispatch, head defaulting to GITHUB_SHA', () => {
    expect(planBase({ eventName: 'workflow_dispatch', payload: {}, base: A, sha: M })).toMatchObject({
      base: { rev: A },
      head: { sha: M },
    });
  });
  test('since-deployment asks for the deployed commit', () => {
    expect(planBase({ eventName: 'push', payload: { before: A, after: B }, sha: B, sinceDeployment: 'prod' })).toEqual({
      kind: 'deployment',
      environment: 'prod',
      head: { sha: B },
      source: 'since-deployment (prod)',
    });
  });
});

describe('planBase, odd payloads', () => {
  test('a pull_request payload without a base sha has no base', () => {
    expect(planBase({ eventName: 'pull_request', payload: {}, sha: M })).toMatchObject({
      kind: 'no-base',
      head: { sha: M },
    });
  });
  test('a merge_group payload without a base sha has no base', () => {
    expect(planBase({ eventName: 'merge_group', payload: { merge_group: {} } })).toMatchObject({ kind: 'no-base' });
  });
  test('a push without before compares nothing with nothing: no base', () => {
    expect(planBase({ eventName: 'push', payload: { ref: 'refs/heads/x', after: B } })).toMatchObject({
      kind: 'no-base',
    });
  });
});

describe('commit SHAs from the payload are checked before git sees them', () => {
  const hostile = [
    '--output=/tmp/pwned',
    '--upload-pack=touch /tmp/pwned',
    'main',
    'a'.repeat(39),
    'HEAD~1',
    'a..b',
    'g'.repeat(40),
  ];
  test.each(hostile)('%s', (value) => {
    const contexts: [EventContext, string][] = [
      [{ eventName: 'push', payload: { ref: 'refs/heads/main', before: value, after: B, repository } }, 'before'],
      [{ eventName: 'push', payload: { ref: 'refs/heads/main', before: A, after: value, repository } }, 'after'],
      [
        { eventName: 'pull_request', payload: { pull_request: { base: { sha: value }, head: { sha: B } } } },
        'pull_request.base.sha',
      ],
      [
        { eventName: 'pull_request', payload: { pull_request: { base: { sha: A }, head: { sha: value } } } },
        'pull_request.head.sha',
      ],
      [
        { eventName: 'merge_group', payload: { merge_group: { base_sha: value, head_sha: B } } },
        'merge_group.base_sha',
      ],
      [
        { eventName: 'merge_group', payload: { merge_group: { base_sha: A, head_sha: value } } },
        'merge_group.head_sha',
      ],
      [{ eventName: 'workflow_dispatch', payload: {}, sha: value }, 'GITHUB_SHA'],
    ];
    for (const [ctx, where] of contexts) {
      expect(() => planBase(ctx)).toThrow(
        expect.objectContaining({
          reason: 'invalid-event',
          message: expect.stringContaining(`The event's ${where} is `),
        }),
      );
    }
  });

  test('a SHA in upper case is the same commit', () => {
    expect(planBase({ eventName: 'push', payload: { before: A.toUpperCase(), after: B } })).toMatchObject({
      base: { sha: A },
      head: { sha: B },
    });
  });

  test('a number where a SHA belongs is refused too', () => {
    expect(() => planBase({ eventName: 'push', payload: { before: 12, after: B } })).toThrow(
      /The event's before is 12/,
    );
  });
});
