// detect-changed-paths, the bundle as the runner starts it, on real git repositories built here:
// a bare origin, shallow clones as actions/checkout makes them, event payloads as GitHub sends them,
// and the Deployments API answered by the fake GitHub API (test/support/fake-github.ts). Outputs are
// checked exactly.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { FakeGithub, type DeploymentState } from '../../support/fake-github.js';
import { detect, Fixture, git, groupOutputs } from './git-fixture.js';

const timeout = 60_000;

const filters = [
  'shared: [libs/shared/**]',
  'api:',
  '  paths:',
  '    - services/api/**',
  "    - '!**/*.md'",
  '  depends-on: [shared]',
  '  ecr-repository: acme/api',
  '  dockerfile: services/api/Dockerfile',
  'web:',
  '  paths: [services/web/**]',
  '  ecr-repository: acme/web',
  'docs:',
  "  - '**/*.md'",
  'odd: [odd/**]',
].join('\n');

const initial = {
  'libs/shared/util.ts': 'export const util = 1;\n',
  'services/api/main.ts': 'api v1\n',
  'services/api/README.md': '# api\n',
  'services/api/Dockerfile': 'FROM scratch\n',
  'services/web/index.ts': 'web v1\n',
  'README.md': '# monorepo\n',
  'odd/plain.txt': 'plain\n',
};

// Names that break any parser that splits on newlines or spaces, or that expects ASCII.
const oddNames = [
  'odd/with space.txt',
  "odd/quote\"d 'it'.txt",
  'odd/new\nline.txt',
  'odd/naïve-日本語.txt',
  'odd/-dash.txt',
];

describe('push', () => {
  let fx: Fixture;
  let before: string;
  let after: string;
  let clone: string;

  beforeAll(() => {
    fx = new Fixture();
    before = fx.commit(initial, 'initial');
    fx.commit({ 'services/web/index.ts': 'web v2\n' }, 'web only');
    after = fx.commit(
      {
        'services/api/main.ts': 'api v2\n',
        'services/api/README.md': '# api, documented\n',
        ...Object.fromEntries(oddNames.map((n) => [n, 'odd\n'])),
      },
      'api and odd names',
    );
    fx.push('main');
    // actions/checkout's default: one commit, so `before` is not in the clone.
    clone = fx.clone('main');
  });
  afterAll(() => fx.remove());

  test(
    'a shallow clone: before is fetched, and the outputs say exactly what changed',
    async () => {
      expect(git(clone, 'rev-parse', '--is-shallow-repository')).toBe('true');
      const event = fx.event({
        ref: 'refs/heads/main',
        before,
        after,
        forced: false,
        repository: { default_branch: 'main' },
      });
      const run = await detect({ filters, 'list-files': 'json' }, { cwd: clone, event, eventName: 'push', sha: after });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      const { outputs } = run;
      const paths = Object.fromEntries(
        ['shared', 'api', 'web', 'docs', 'odd'].map((g) => [`${g}-files-path`, outputs[`${g}-files-path`]!]),
      );
      expect(outputs).toEqual({
        changes: '["api","web","docs","odd"]',
        matrix: JSON.stringify({
          include: [
            { group: 'api', 'ecr-repository': 'acme/api', dockerfile: 'services/api/Dockerfile' },
            { group: 'web', 'ecr-repository': 'acme/web' },
            { group: 'docs' },
            { group: 'odd' },
          ],
        }),
        'any-changed': 'true',
        base: before,
        head: after,
        'missing-base': 'false',
        ...groupOutputs({ shared: 0, api: 1, web: 1, docs: 1, odd: 5 }),
        'shared-files': '[]',
        'api-files': '["services/api/main.ts"]',
        'web-files': '["services/web/index.ts"]',
        'docs-files': '["services/api/README.md"]',
        'odd-files': JSON.stringify([...oddNames].sort(byGitOrder)),
        ...paths,
      });
      expect(JSON.parse(readFileSync(paths['odd-files-path']!, 'utf8'))).toEqual([...oddNames].sort(byGitOrder));
      expect(run.summary).toContain(
        '<td>api</td><td>yes</td><td>1</td><td>services/api/** matched services/api/main.ts</td>',
      );
      expect(run.summary).toContain('<td>shared</td><td>no</td><td>0</td><td>-</td>');
    },
    timeout,
  );

  test(
    'depends-on: a change to a dependency changes its dependents, and the summary says through which',
    async () => {
      const base = fx.head();
      const head = fx.commit({ 'libs/shared/util.ts': 'export const util = 2;\n' }, 'shared');
      fx.push('main');
      const c = fx.clone('main');
      const event = fx.event({
        ref: 'refs/heads/main',
        before: base,
        after: head,
        repository: { default_branch: 'main' },
      });
      const run = await detect({ filters }, { cwd: c, event, eventName: 'push', sha: head });
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toEqual({
        changes: '["shared","api"]',
        matrix: JSON.stringify({
          include: [
            { group: 'shared' },
            { group: 'api', 'ecr-repository': 'acme/api', dockerfile: 'services/api/Dockerfile' },
          ],
        }),
        'any-changed': 'true',
        base,
        head,
        'missing-base': 'false',
        ...groupOutputs({ shared: 1, api: 0, web: 0, docs: 0, odd: 0 }, { api: true }),
      });
      expect(run.summary).toContain('<td>api</td><td>yes</td><td>0</td><td>depends on shared, which changed</td>');
    },
    timeout,
  );

  test(
    'a new branch (before all zeros) is compared with the default branch',
    async () => {
      fx.checkout('main');
      fx.checkout('feature/new', true);
      fx.commit({ 'services/web/new.ts': 'new\n' }, 'web on a new branch');
      const head = fx.commit({ 'README.md': '# changed on the branch\n' }, 'docs on a new branch');
      fx.push('feature/new');
      const mainTip = git(fx.work, 'rev-parse', 'main');
      const c = fx.clone('feature/new');
      const event = fx.event({
        ref: 'refs/heads/feature/new',
        before: '0'.repeat(40),
        after: head,
        created: true,
        repository: { default_branch: 'main' },
      });
      const run = await detect({ filters }, { cwd: c, event, eventName: 'push', sha: head });
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({
        changes: '["web","docs"]',
        base: mainTip,
        head,
        'missing-base': 'false',
        ...groupOutputs({ shared: 0, api: 0, web: 1, docs: 1, odd: 0 }),
      });
      fx.checkout('main');
    },
    timeout,
  );

  test(
    'the first push of the default branch has no base: every group changed, and it says so',
    async () => {
      const event = fx.event({
        ref: 'refs/heads/main',
        before: '0'.repeat(40),
        after,
        created: true,
        repository: { default_branch: 'main' },
      });
      const run = await detect({ filters }, { cwd: clone, event, eventName: 'push', sha: after });
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({
        changes: '["shared","api","web","docs","odd"]',
        'any-changed': 'true',
        base: '',
        head: after,
        'missing-base': 'true',
      });
      // Counts are the group's files at head: everything is new.
      expect(run.outputs['odd-count']).toBe('6');
      expect(run.stdout).toMatch(
        /::warning::No base to compare with: the push created refs\/heads\/main with no earlier commit to compare with\. Every group counts as changed \(on-missing-base: all\)\./,
      );
      expect(run.summary).toContain('No base: the push created refs/heads/main');
    },
    timeout,
  );

  test(
    'a deleted branch: nothing changed',
    async () => {
      const event = fx.event({ ref: 'refs/heads/gone', before: after, after: '0'.repeat(40), deleted: true });
      const run = await detect({ filters }, { cwd: clone, event, eventName: 'push' });
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({
        changes: '[]',
        'any-changed': 'false',
        matrix: '{"include":[]}',
        'missing-base': 'false',
      });
    },
    timeout,
  );
});

describe('force push', () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = new Fixture();
    fx.commit(initial, 'initial');
    fx.push('main');
  });
  afterAll(() => fx.remove());

  test(
    'the old tip, replaced but still on the remote, is compared with the new one as trees',
    async () => {
      const root = fx.head();
      const oldTip = fx.commit({ 'services/api/main.ts': 'api v2\n', 'services/web/index.ts': 'web v2\n' }, 'old');
      fx.push('main');
      git(fx.work, 'tag', 'kept-old-tip', oldTip);
      fx.push('refs/tags/kept-old-tip');
      git(fx.work, 'reset', '-q', '--hard', root);
      const newTip = fx.commit({ 'services/api/main.ts': 'api v2\n', 'README.md': '# rewritten\n' }, 'rewritten');
      fx.push('main');
      const c = fx.clone('main');
      const event = fx.event({
        ref: 'refs/heads/main',
        before: oldTip,
        after: newTip,
        forced: true,
        repository: { default_branch: 'main' },
      });
      const run = await detect({ filters }, { cwd: c, event, eventName: 'push', sha: newTip });
      expect(run.exitCode).toBe(0);
      // api is the same in both tips; web went back to v1; README changed.
      expect(run.outputs).toMatchObject({
        changes: '["web","docs"]',
        base: oldTip,
        head: newTip,
        ...groupOutputs({ shared: 0, api: 0, web: 1, docs: 1, odd: 0 }),
      });
    },
    timeout,
  );

  test(
    'an old tip the remote no longer has: on-missing-base decides',
    async () => {
      const head = fx.head();
      const c = fx.clone('main');
      const gone = 'f'.repeat(40);
      const event = fx.event({
        ref: 'refs/heads/main',
        before: gone,
        after: head,
        forced: true,
        repository: { default_branch: 'main' },
      });
      const all = await detect({ filters }, { cwd: c, event, eventName: 'push', sha: head });
      expect(all.exitCode).toBe(0);
      expect(all.outputs).toMatchObject({
        changes: '["shared","api","web","docs","odd"]',
        'missing-base': 'true',
        base: '',
      });
      expect(all.stdout).toContain(`the base commit ${gone} is not in the clone and could not be fetched from origin`);

      const fail = await detect(
        { filters, 'on-missing-base': 'fail' },
        { cwd: c, event, eventName: 'push', sha: head },
      );
      expect(fail.exitCode).toBe(1);
      expect(fail.outputs['failure-reason']).toBe('missing-base');
      expect(fail.errors).toEqual([
        `No base to compare with: the base commit ${gone} is not in the clone and could not be fetched from origin. on-missing-base is fail.`,
      ]);
      expect(fail.outputs.changes).toBeUndefined();
    },
    timeout,
  );
});

describe('pull_request on a shallow clone', () => {
  let fx: Fixture;
  let branchPoint: string;
  let prHead: string;
  let mainTip: string;
  let merge: string;

  beforeAll(() => {
    fx = new Fixture();
    fx.commit(initial, 'initial');
    branchPoint = fx.commit({ 'services/web/index.ts': 'web v2\n' }, 'main before the branch');
    fx.checkout('feature', true);
    // More commits than the first deepening step (50), so the merge-base needs several fetches.
    for (let i = 0; i < 70; i++) fx.commit({ [`services/api/step-${i % 3}.ts`]: `step ${i}\n` }, `api step ${i}`);
    prHead = fx.commit({ 'odd/with space.txt': 'x\n' }, 'pr head');
    fx.checkout('main');
    // main moves on after the branch point: none of this is the pull request's change.
    fx.commit({ 'libs/shared/util.ts': 'changed on main\n' }, 'main moves on');
    mainTip = fx.commit({ 'services/web/index.ts': 'web v3\n' }, 'main moves on again');
    // The merge commit GitHub checks out for a pull request (refs/pull/N/merge).
    git(fx.work, 'checkout', '-q', '--detach', mainTip);
    git(fx.work, 'merge', '-q', '--no-ff', '-m', 'Merge pull request', prHead);
    merge = fx.head();
    git(fx.work, 'update-ref', 'refs/pull/12/merge', merge);
    git(fx.work, 'update-ref', 'refs/pull/12/head', prHead);
    fx.checkout('main');
    fx.push('main', 'feature', 'refs/pull/12/merge', 'refs/pull/12/head');
  });
  afterAll(() => fx.remove());

  function prEvent(): string {
    return fx.event({
      action: 'synchronize',
      number: 12,
      pull_request: { number: 12, base: { ref: 'main', sha: mainTip }, head: { ref: 'feature', sha: prHead } },
      repository: { default_branch: 'main' },
    });
  }

  function mergeClone(): string {
    // actions/checkout of a pull request: the merge ref, one commit deep.
    const dir = fx.clone('main');
    git(dir, 'fetch', '-q', '--depth=1', 'origin', '+refs/pull/12/merge:refs/remotes/pull/12/merge');
    git(dir, 'checkout', '-q', '--detach', 'refs/remotes/pull/12/merge');
    return dir;
  }

  test(
    "deepens in bounded steps until the merge-base exists, and reports only the pull request's changes",
    async () => {
      const clone = mergeClone();
      const run = await detect({ filters }, { cwd: clone, event: prEvent(), eventName: 'pull_request', sha: merge });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toEqual({
        changes: '["api","odd"]',
        matrix: JSON.stringify({
          include: [
            { group: 'api', 'ecr-repository': 'acme/api', dockerfile: 'services/api/Dockerfile' },
            { group: 'odd' },
          ],
        }),
        'any-changed': 'true',
        base: branchPoint,
        head: prHead,
        'missing-base': 'false',
        ...groupOutputs({ shared: 0, api: 3, web: 0, docs: 0, odd: 1 }),
      });
      const deepens = run.stdout.split('\n').filter((l) => l.includes('--deepen='));
      expect(deepens.length).toBeGreaterThanOrEqual(1);
      expect(deepens[0]).toContain('--deepen=50');
    },
    timeout,
  );

  test(
    'max-fetch-depth bounds the search: with too little history, every group changed and it says why',
    async () => {
      const clone = mergeClone();
      const run = await detect(
        { filters, 'max-fetch-depth': '20' },
        { cwd: clone, event: prEvent(), eventName: 'pull_request', sha: merge },
      );
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({
        changes: '["shared","api","web","docs","odd"]',
        'missing-base': 'true',
        base: '',
        head: prHead,
      });
      expect(run.stdout).toMatch(
        /::warning::No base to compare with: no common history of [0-9a-f]{12} and [0-9a-f]{12} within 20 fetched commit\(s\) \(max-fetch-depth: 20\)/,
      );
      const failed = await detect(
        { filters, 'max-fetch-depth': '20', 'on-missing-base': 'fail' },
        { cwd: mergeClone(), event: prEvent(), eventName: 'pull_request', sha: merge },
      );
      expect(failed.exitCode).toBe(1);
      expect(failed.outputs['failure-reason']).toBe('missing-base');
    },
    timeout,
  );

  test(
    'a full clone needs no fetch at all',
    async () => {
      const full = fx.clone('main', 0);
      git(full, 'fetch', '-q', 'origin', '+refs/pull/12/head:refs/remotes/pull/12/head');
      const run = await detect({ filters }, { cwd: full, event: prEvent(), eventName: 'pull_request', sha: merge });
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({ changes: '["api","odd"]', base: branchPoint, head: prHead });
      expect(run.stdout).not.toContain('git fetch');
    },
    timeout,
  );

  test(
    'explicit base and head inputs (a branch and a tag) override the event',
    async () => {
      git(fx.work, 'tag', 'v-pr', prHead);
      fx.push('refs/tags/v-pr');
      const clone = fx.clone('main');
      const run = await detect(
        { filters, base: 'main', head: 'v-pr' },
        { cwd: clone, event: prEvent(), eventName: 'pull_request', sha: merge },
      );
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({ changes: '["api","odd"]', base: branchPoint, head: prHead });
    },
    timeout,
  );
});

describe('merge_group, workflow_dispatch and schedule', () => {
  let fx: Fixture;
  let base: string;
  let head: string;
  beforeAll(() => {
    fx = new Fixture();
    base = fx.commit(initial, 'initial');
    head = fx.commit({ 'services/web/index.ts': 'web v2\n', 'docs/guide.md': 'guide\n' }, 'queued');
    fx.push('main');
    git(fx.work, 'tag', 'v1', base);
    fx.push('refs/tags/v1');
  });
  afterAll(() => fx.remove());

  test(
    'merge_group compares base_sha with head_sha',
    async () => {
      const event = fx.event({
        merge_group: {
          base_sha: base,
          head_sha: head,
          base_ref: 'refs/heads/main',
          head_ref: 'refs/heads/gh-readonly-queue/main/pr-1',
        },
      });
      const run = await detect({ filters }, { cwd: fx.clone('main'), event, eventName: 'merge_group', sha: head });
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toEqual({
        changes: '["web","docs"]',
        matrix: JSON.stringify({ include: [{ group: 'web', 'ecr-repository': 'acme/web' }, { group: 'docs' }] }),
        'any-changed': 'true',
        base,
        head,
        'missing-base': 'false',
        ...groupOutputs({ shared: 0, api: 0, web: 1, docs: 1, odd: 0 }),
      });
    },
    timeout,
  );

  test.each(['workflow_dispatch', 'schedule'])(
    '%s without a base: every group changed, with the reason',
    async (eventName) => {
      const event = fx.event(eventName === 'schedule' ? { schedule: '0 3 * * *' } : { inputs: {} });
      const run = await detect({ filters }, { cwd: fx.clone('main'), event, eventName, sha: head });
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({
        changes: '["shared","api","web","docs","odd"]',
        'missing-base': 'true',
        head,
      });
      expect(run.stdout).toContain(
        `::warning::No base to compare with: a ${eventName} has no base commit (set the base or since-deployment input)`,
      );
    },
    timeout,
  );

  test(
    'workflow_dispatch with a base tag',
    async () => {
      const run = await detect(
        { filters, base: 'v1' },
        { cwd: fx.clone('main'), event: fx.event({ inputs: {} }), eventName: 'workflow_dispatch', sha: head },
      );
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({ changes: '["web","docs"]', base, head, 'missing-base': 'false' });
    },
    timeout,
  );
});

describe('since-deployment', () => {
  let fx: Fixture;
  let server: FakeGithub;
  let deployed: string;
  let head: string;
  beforeAll(async () => {
    fx = new Fixture();
    const older = fx.commit(initial, 'initial');
    deployed = fx.commit({ 'services/api/main.ts': 'api v2\n' }, 'deployed to production');
    const failed = fx.commit({ 'services/web/index.ts': 'web v2\n' }, 'deployment failed');
    const inProgress = fx.commit({ 'libs/shared/util.ts': 'v2\n' }, 'deploying');
    head = fx.commit({ 'README.md': '# now\n' }, 'head');
    fx.push('main');
    server = await FakeGithub.start({ repos: ['acme/monorepo'] });
    const production = (id: number, sha: string, states: DeploymentState[]) =>
      server.addDeployment('acme/monorepo', { id, environment: 'production', sha, ref: 'main' }, states);
    production(300, older, ['success', 'inactive']);
    production(301, deployed, ['in_progress', 'success']);
    production(302, failed, ['in_progress', 'failure']);
    production(303, inProgress, ['queued', 'in_progress']);
  });
  afterAll(async () => {
    await server.close();
    fx.remove();
  });

  const env = () => ({ GITHUB_API_URL: server.url });

  test(
    'the base is the commit of the last successful deployment to the environment',
    async () => {
      const event = fx.event({ ref: 'refs/heads/main', before: head, after: head });
      const run = await detect(
        { filters, 'since-deployment': 'production', 'github-token': 'ghs_test' },
        { cwd: fx.clone('main'), event, eventName: 'push', sha: head, env: env() },
      );
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      // Since the deployed commit: web and shared (so api through depends-on) and docs changed.
      expect(run.outputs).toEqual({
        changes: '["shared","api","web","docs"]',
        matrix: JSON.stringify({
          include: [
            { group: 'shared' },
            { group: 'api', 'ecr-repository': 'acme/api', dockerfile: 'services/api/Dockerfile' },
            { group: 'web', 'ecr-repository': 'acme/web' },
            { group: 'docs' },
          ],
        }),
        'any-changed': 'true',
        base: deployed,
        head,
        'missing-base': 'false',
        ...groupOutputs({ shared: 1, api: 0, web: 1, docs: 1, odd: 0 }, { api: true }),
      });
      expect(server.calls()).toEqual(
        expect.arrayContaining([
          'GET /repos/acme/monorepo/deployments?environment=production&per_page=100&page=1',
          'GET /repos/acme/monorepo/deployments/301/statuses?per_page=100',
        ]),
      );
      expect(server.calls()).not.toContain('GET /repos/acme/monorepo/deployments/300/statuses?per_page=100');
    },
    timeout,
  );

  test(
    'an environment never deployed falls back per on-missing-base, and says so',
    async () => {
      const event = fx.event({ inputs: {} });
      const all = await detect(
        { filters, 'since-deployment': 'staging', 'github-token': 'ghs_test' },
        { cwd: fx.clone('main'), event, eventName: 'workflow_dispatch', sha: head, env: env() },
      );
      expect(all.exitCode).toBe(0);
      expect(all.outputs).toMatchObject({ changes: '["shared","api","web","docs","odd"]', 'missing-base': 'true' });
      expect(all.stdout).toContain("::warning::No base to compare with: environment 'staging' was never deployed.");
      const fail = await detect(
        { filters, 'since-deployment': 'staging', 'github-token': 'ghs_test', 'on-missing-base': 'fail' },
        { cwd: fx.clone('main'), event, eventName: 'workflow_dispatch', sha: head, env: env() },
      );
      expect(fail.exitCode).toBe(1);
      expect(fail.errors).toEqual([
        "No base to compare with: environment 'staging' was never deployed. on-missing-base is fail.",
      ]);
      expect(fail.outputs['failure-reason']).toBe('missing-base');
    },
    timeout,
  );

  test(
    'a token the API refuses is a clear error',
    async () => {
      const run = await detect(
        { filters, 'since-deployment': 'production', 'github-token': 'wrong' },
        { cwd: fx.clone('main'), event: fx.event({}), eventName: 'workflow_dispatch', sha: head, env: env() },
      );
      expect(run.exitCode).toBe(1);
      expect(run.outputs['failure-reason']).toBe('github-access');
      expect(run.errors[0]).toMatch(/Could not list the deployments of acme\/monorepo \(HTTP 401\)/);
    },
    timeout,
  );
});

describe('inputs', () => {
  let fx: Fixture;
  let base: string;
  let head: string;
  let clone: string;
  beforeAll(() => {
    fx = new Fixture();
    base = fx.commit(
      {
        ...initial,
        '.github/filters.yml': filters,
        'services/api/old-name.ts': 'same content, long enough to be a rename\n',
      },
      'initial',
    );
    git(fx.work, 'mv', 'services/api/old-name.ts', 'services/api/new-name.ts');
    head = fx.commit({ 'services/api/added.ts': 'added\n' }, 'rename and add');
    fx.push('main');
    clone = fx.clone('main');
  });
  afterAll(() => fx.remove());
  const push = () => fx.event({ ref: 'refs/heads/main', before: base, after: head });

  test(
    'filters from a file in the repository',
    async () => {
      const run = await detect(
        { filters: '.github/filters.yml' },
        { cwd: clone, event: push(), eventName: 'push', sha: head },
      );
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({ changes: '["api"]', 'api-count': '3' });
    },
    timeout,
  );

  test(
    'change-types: a rename is neither an addition nor a deletion',
    async () => {
      const typed =
        'added:\n  paths: [services/**]\n  change-types: [added]\nrenamed:\n  paths: [services/**]\n  change-types: [renamed]\n';
      const run = await detect(
        { filters: typed, 'list-files': 'json' },
        { cwd: clone, event: push(), eventName: 'push', sha: head },
      );
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({
        'added-files': '["services/api/added.ts"]',
        'renamed-files': '["services/api/new-name.ts"]',
      });
    },
    timeout,
  );

  test(
    'list-files file: the lists are in files only',
    async () => {
      const run = await detect(
        { filters, 'list-files': 'file' },
        { cwd: clone, event: push(), eventName: 'push', sha: head },
      );
      expect(run.exitCode).toBe(0);
      expect(run.outputs['api-files']).toBeUndefined();
      expect(JSON.parse(readFileSync(run.outputs['api-files-path']!, 'utf8'))).toEqual([
        'services/api/added.ts',
        'services/api/new-name.ts',
        'services/api/old-name.ts',
      ]);
    },
    timeout,
  );

  test.each([
    [
      'invalid YAML names the line',
      { filters: 'api:\n  - services/api/**\n web: [x\n' },
      'invalid-input',
      /^filters: invalid YAML at line 3, column \d+/,
    ],
    [
      'an unknown group in depends-on',
      { filters: 'api:\n  paths: [a/**]\n  depends-on: [nope]\n' },
      'invalid-input',
      /^filters: group 'api' \(line 1\) depends on 'nope', which is not a group/,
    ],
    [
      'a base that is not a commit',
      { filters, base: 'no-such-branch' },
      'invalid-input',
      /^Input 'base': "no-such-branch" is not a commit \(not found here nor on origin\)/,
    ],
    [
      'a bad on-missing-base',
      { filters, 'on-missing-base': 'some' },
      'invalid-input',
      /^Input 'on-missing-base': "some" is not valid. Accepted: one of all, fail\./,
    ],
    [
      'a missing filters file',
      { filters: '.github/nope.yml' },
      'invalid-input',
      /^Input 'filters': the file ".github\/nope.yml" does not exist/,
    ],
    [
      'base and since-deployment together',
      { filters, base: 'main', 'since-deployment': 'prod' },
      'invalid-input',
      /cannot be combined with base/,
    ],
  ])(
    '%s fails with one clear error',
    async (_name, inputs, reason, message) => {
      const run = await detect(inputs as Record<string, string>, {
        cwd: clone,
        event: push(),
        eventName: 'push',
        sha: head,
      });
      expect(run.exitCode).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(message);
      expect(run.outputs['failure-reason']).toBe(reason);
      expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
    },
    timeout,
  );

  test(
    'a glob that can never match is a warning, and the run goes on',
    async () => {
      const run = await detect(
        { filters: 'api: [/services/api/**]\nall: ["**"]\n' },
        { cwd: clone, event: push(), eventName: 'push', sha: head },
      );
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain(
        '::warning::filters: group \'api\' (line 1): "/services/api/**" can never match: git reports paths relative to the repository root, without a leading /',
      );
      expect(run.outputs).toMatchObject({ changes: '["all"]', api: 'false' });
    },
    timeout,
  );

  test(
    'a file list over 1 MB goes to its file only, with a warning; the other lists stay outputs',
    async () => {
      // 16,000 files with 70-character names: a JSON list of about 1.2 MB.
      const names = Array.from(
        { length: 16_000 },
        (_, i) => `services/api/generated/${'x'.repeat(40)}-${String(i).padStart(5, '0')}.ts`,
      );
      const commands = [
        `commit refs/heads/big\ncommitter Test <test@example.com> 1700009999 +0000\ndata 3\nbig\nfrom ${head}\n`,
      ];
      for (const name of names) commands.push(`M 100644 inline ${name}\ndata 2\nx\n`);
      commands.push('M 100644 inline services/web/big.ts\ndata 2\nx\n\n');
      execFileSync('git', ['fast-import', '--quiet'], { cwd: fx.work, input: commands.join('') });
      const big = git(fx.work, 'rev-parse', 'refs/heads/big');
      const event = fx.event({ ref: 'refs/heads/big', before: head, after: big });
      const run = await detect({ filters, 'list-files': 'json' }, { cwd: fx.work, event, eventName: 'push', sha: big });
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({
        changes: '["api","web"]',
        'api-count': '16000',
        'web-files': '["services/web/big.ts"]',
      });
      expect(run.outputs['api-files']).toBeUndefined();
      expect(JSON.parse(readFileSync(run.outputs['api-files-path']!, 'utf8'))).toEqual(names);
      expect(run.stdout).toContain(
        '::warning::The file lists of api are too large for step outputs (over 1 MB each, or 20 MB in all)',
      );
    },
    timeout,
  );

  test(
    'outside a git repository',
    async () => {
      const run = await detect({ filters }, { cwd: fx.root, event: push(), eventName: 'push', sha: head });
      expect(run.exitCode).toBe(1);
      expect(run.outputs['failure-reason']).toBe('not-a-repository');
    },
    timeout,
  );
});

/** git sorts paths bytewise. */
function byGitOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
