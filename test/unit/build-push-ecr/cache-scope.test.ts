import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cacheScope } from '../../../src/build-push-ecr/cache-scope.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bpe-event-'));
const event = path.join(dir, 'event.json');
writeFileSync(event, JSON.stringify({ repository: { default_branch: 'main' } }));
const pullEvent = path.join(dir, 'pull.json');
writeFileSync(pullEvent, JSON.stringify({ repository: { default_branch: 'main' }, pull_request: { number: 34 } }));

describe('cacheScope: only the default branch writes the shared cache', () => {
  test.each([
    {
      name: 'a push to the default branch reads and writes the shared tag',
      env: { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event },
      expected: { read: ['buildcache'], write: 'buildcache' },
    },
    {
      name: 'a pull request reads its own, then the shared one, and writes its own',
      env: { GITHUB_REF: 'refs/pull/12/merge', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event },
      expected: { read: ['buildcache-pr-12', 'buildcache'], write: 'buildcache-pr-12' },
    },
    {
      name: 'pull_request_target runs on the base branch ref, but is still a pull request',
      env: { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: pullEvent },
      expected: { read: ['buildcache-pr-34', 'buildcache'], write: 'buildcache-pr-34' },
    },
    {
      name: 'another branch writes a tag of its own',
      env: { GITHUB_REF: 'refs/heads/feature/x y', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event },
      expected: { read: ['buildcache-feature-x-y', 'buildcache'], write: 'buildcache-feature-x-y' },
    },
    {
      name: 'a branch named like the default one is not trusted when the default branch is unknown',
      env: { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' },
      expected: { read: ['buildcache-main', 'buildcache'], write: 'buildcache-main' },
    },
    {
      name: 'a local run (no GITHUB_REF) uses the shared tag',
      env: {},
      expected: { read: ['buildcache'], write: 'buildcache' },
    },
  ])('$name', ({ env, expected }) => {
    expect(cacheScope('buildcache', env)).toMatchObject(expected);
  });

  test('every tag it makes is a valid image tag, however long or odd the ref', () => {
    const scope = cacheScope('c'.repeat(128), { GITHUB_REF: `refs/heads/${'-.x'.repeat(100)}` });
    for (const tag of [...scope.read, scope.write]) expect(tag).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/);
  });
});
