// GitOps mode against a real bare git repository in the workspace: the commit's content (digest set,
// every other byte kept), a re-run that finds the reference already there, a push refused because
// the branch moved (a pre-receive hook moves it once, as another job's push would) redone on the new
// tip, a real conflict, and pull-request mode against the fake GitHub API of test/support.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeGithub } from '../../support/fake-github.js';
import { useLocalStack } from '../../support/local-stack.js';
import { repoRoot, runAction } from '../../support/run-action.js';
import {
  createEcrRepository,
  deleteEcrRepositories,
  deployment,
  passedScan,
  pushImage,
  recordInEcr,
  runId,
  writeEvidence,
  type PushedImage,
} from './stack.js';

const fixture = path.join(repoRoot, 'test/fixtures/promote-environment/gitops');
const kustomization = 'clusters/uat/kustomization.yaml';
const values = 'charts/api/values-uat.yaml';
const repository = `pe-gitops-${runId}/api`;
let registry: string;
let workspace: string;
let img: PushedImage;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

/** A bare repository holding the fixture on `main`, at `dir`. */
function bareRepository(dir: string): string {
  mkdirSync(path.dirname(dir), { recursive: true });
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', dir]);
  const work = mkdtempSync(path.join(tmpdir(), 'pe-seed-'));
  git(work, 'init', '--quiet', '--initial-branch=main');
  cpSync(fixture, work, { recursive: true });
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'seed');
  git(work, 'push', '--quiet', dir, 'main');
  rmSync(work, { recursive: true, force: true });
  return dir;
}

/** A commit on top of main (not on any branch yet) that rewrites `file` with `edit`. */
function preparedCommit(bare: string, file: string, edit: (text: string) => string): string {
  const work = mkdtempSync(path.join(tmpdir(), 'pe-other-'));
  git(work, 'clone', '--quiet', bare, '.');
  writeFileSync(path.join(work, file), edit(readFileSync(path.join(work, file), 'utf8')));
  git(work, 'commit', '--quiet', '-am', 'another job');
  const sha = git(work, 'rev-parse', 'HEAD');
  git(work, 'push', '--quiet', 'origin', `HEAD:refs/heads/other-${sha.slice(0, 8)}`);
  rmSync(work, { recursive: true, force: true });
  return sha;
}

/** Moves main to `sha` the first time a push arrives, before the push's own update: a lost race. */
function raceOnce(bare: string, sha: string): void {
  writeFileSync(path.join(bare, 'race-commit'), sha);
  const hook = path.join(bare, 'hooks', 'pre-receive');
  writeFileSync(
    hook,
    [
      '#!/bin/sh',
      'cat >/dev/null',
      'if [ ! -e race-done ]; then',
      '  touch race-done',
      '  env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main "$(cat race-commit)"',
      'fi',
      'exit 0',
      '',
    ].join('\n'),
  );
  chmodSync(hook, 0o755);
}

const show = (bare: string, file: string, ref = 'main') => git(bare, 'show', `${ref}:${file}`);

function promote(inputs: Record<string, string>, env: Record<string, string> = {}) {
  return runAction(
    'promote-environment',
    {
      repository,
      registry,
      source: img.digest,
      'source-environment': 'dev',
      'target-environment': 'uat',
      ...inputs,
    },
    {
      env: {
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: path.join(workspace, '.tmp'),
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: '44',
        GITHUB_SHA: 'e'.repeat(40),
        ...env,
      },
    },
  );
}

beforeAll(async () => {
  const stack = await useLocalStack('aws', 'registry');
  registry = stack.LOCAL_REGISTRY!;
  workspace = mkdtempSync(path.join(tmpdir(), 'pe-workspace-'));
  mkdirSync(path.join(workspace, '.tmp'));
  await createEcrRepository(repository);
  img = await pushImage(registry, repository, `gitops-${runId}`);
  await recordInEcr(repository, img, `gitops-${runId}`);
  await writeEvidence(registry, repository, img.digest, 'scan', passedScan);
  await writeEvidence(registry, repository, img.digest, 'deployment', deployment('dev'));
}, 300_000);

afterAll(async () => {
  rmSync(workspace, { recursive: true, force: true });
  await deleteEcrRepositories();
});

describe('push mode', () => {
  test('sets the kustomize image by digest, keeping every other byte; a re-run finds it there', async () => {
    const bare = bareRepository(path.join(workspace, 'kustomize.git'));
    const before = show(bare, kustomization);
    const named = await promote({
      'gitops-repository': './kustomize.git',
      'gitops-path': kustomization,
      'gitops-image-name': 'api',
    });
    expect(named.errors).toEqual([]);
    expect(named.exitCode).toBe(0);
    expect(named.outputs['gitops-commit']).toBe(git(bare, 'rev-parse', 'main'));
    expect(show(bare, kustomization)).toBe(
      before
        .replace('123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api', `${registry}/${repository}`)
        .replace(/sha256:0{64}/, img.digest),
    );
    expect(git(bare, 'log', '-1', '--format=%s', 'main')).toBe(`Promote ${repository} from dev to uat`);
    expect(git(bare, 'log', '-1', '--format=%b', 'main')).toContain(`Source: ${registry}/${repository}@${img.digest}`);

    const tip = git(bare, 'rev-parse', 'main');
    const again = await promote({
      'gitops-repository': './kustomize.git',
      'gitops-path': kustomization,
      'gitops-image-name': 'api',
    });
    expect(again.exitCode).toBe(0);
    expect(again.outputs['gitops-commit']).toBe(tip);
    expect(git(bare, 'rev-parse', 'main')).toBe(tip);
  }, 90_000);

  test('a helm values file: only the two values change, byte for byte', async () => {
    const bare = bareRepository(path.join(workspace, 'helm.git'));
    const before = show(bare, values);
    const run = await promote({ 'gitops-repository': './helm.git', 'gitops-path': values });
    expect(run.errors).toEqual([]);
    expect(show(bare, values)).toBe(
      before
        .replace('123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api', `${registry}/${repository}`)
        .replace(/sha256:0{64}/, img.digest),
    );
  }, 60_000);

  test('a push refused because the branch moved is redone on the new tip', async () => {
    const bare = bareRepository(path.join(workspace, 'race.git'));
    const other = preparedCommit(bare, values, (t) => t.replace('replicaCount: 2', 'replicaCount: 3'));
    raceOnce(bare, other);
    const run = await promote({ 'gitops-repository': './race.git', 'gitops-path': values });
    expect(run.errors).toEqual([]);
    expect(run.stdout).toContain('moved while this run committed (attempt 1)');
    expect(git(bare, 'rev-parse', 'main^')).toBe(other);
    const text = show(bare, values);
    expect(text).toContain('replicaCount: 3');
    expect(text).toContain(`digest: "${img.digest}"`);
  }, 60_000);

  test('another promotion of the same reference meanwhile is a gitops-conflict, and nothing is pushed', async () => {
    const bare = bareRepository(path.join(workspace, 'conflict.git'));
    const rival = `sha256:${'f'.repeat(64)}`;
    const other = preparedCommit(bare, values, (t) => t.replace(/sha256:0{64}/, rival));
    raceOnce(bare, other);
    const run = await promote({ 'gitops-repository': './conflict.git', 'gitops-path': values });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toBe('gitops-conflict');
    expect(git(bare, 'rev-parse', 'main')).toBe(other);
    expect(show(bare, values)).toContain(rival);
  }, 60_000);
});

describe('pull-request mode and the GitHub deployment (fake GitHub API)', () => {
  let github: FakeGithub;
  beforeAll(async () => {
    github = await FakeGithub.start({ repos: ['acme/gitops', 'acme/shop'] });
  });
  afterAll(async () => {
    await github?.close();
  });

  test('pushes a branch and opens one pull request; records a deployment; a re-run reuses both', async () => {
    // GITHUB_SERVER_URL points the owner/name remote at a local bare repository.
    const server = path.join(workspace, 'server');
    const bare = bareRepository(path.join(server, 'acme', 'gitops.git'));
    const env = { GITHUB_SERVER_URL: `file://${server}`, GITHUB_API_URL: github.url };
    const inputs = {
      'gitops-repository': 'acme/gitops',
      'gitops-path': values,
      'gitops-mode': 'pull-request',
      'github-token': 'ghs_test',
    };
    const run = await promote(inputs, env);
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const branch = `promote/uat/${repository.replace(/\//g, '-')}-${img.digest.slice(7, 19)}`;
    expect(show(bare, values, branch)).toContain(img.digest);
    expect(show(bare, values)).not.toContain(img.digest);
    const pulls = github.pulls('acme/gitops');
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({
      title: expect.stringContaining('to uat'),
      base: { ref: 'main' },
      head: { ref: branch },
    });
    expect(run.outputs['gitops-pull-request']).toBe(pulls[0]!.html_url);
    const deployments = github.deployments('acme/shop');
    expect(deployments).toHaveLength(1);
    expect(deployments[0]).toMatchObject({ environment: 'uat', payload: { digest: img.digest } });
    expect(run.outputs['deployment-id']).toBe(String(deployments[0]!.id));
    // The token appears only in the command that masks it.
    const unmasked = run.stdout.split('\n').filter((l) => l.includes('ghs_test') && !l.startsWith('::add-mask::'));
    expect(unmasked).toEqual([]);

    const again = await promote(inputs, env);
    expect(again.exitCode).toBe(0);
    expect(github.pulls('acme/gitops')).toHaveLength(1);
    expect(github.deployments('acme/shop')).toHaveLength(1);
    expect(again.outputs['gitops-pull-request']).toBe(pulls[0]!.html_url);
  }, 90_000);
});
