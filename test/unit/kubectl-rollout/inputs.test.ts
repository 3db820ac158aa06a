import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../../action-helpers/errors.js';
import { readInputs } from '../../../src/kubectl-rollout/inputs.js';
import { withInputs } from '../../support/inputs.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/kubectl-rollout');
const kubeconfigText = readFileSync(path.join(fixtures, 'kubeconfig.yaml'), 'utf8');
const digest = `sha256:${'b'.repeat(64)}`;
let workspace: string;
const saved = { ...process.env };

beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'kr-inputs-'));
  mkdirSync(path.join(workspace, 'k8s/base'), { recursive: true });
  for (const f of ['k8s/web.yaml', 'k8s/api.yml', 'k8s/notes.txt', 'k8s/base/db.yaml'])
    writeFileSync(path.join(workspace, f), 'x: 1\n');
  writeFileSync(path.join(workspace, 'kubeconfig'), kubeconfigText);
  process.env.GITHUB_WORKSPACE = workspace;
  for (const key of [
    'KUBECONFIG',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'GITHUB_SHA',
    'GITHUB_REPOSITORY',
    'GITHUB_RUN_ID',
    'GITHUB_ACTOR',
    'RUNNER_TEMP',
  ])
    delete process.env[key];
});
afterEach(() => {
  process.env = { ...saved };
});

const base = { kubeconfig: 'kubeconfig', manifests: 'k8s/web.yaml' };
const read = (inputs: Record<string, string>) => withInputs({ ...base, ...inputs }, readInputs);
const error = (inputs: Record<string, string>) => {
  try {
    read(inputs);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('cluster access', () => {
  test('a kubeconfig file in the workspace: the current context, its namespace, the token masked', () => {
    const inputs = read({});
    expect(inputs.access).toMatchObject({ kind: 'kubeconfig', source: 'input-file', context: 'test' });
    expect(inputs.aws).toBeUndefined();
  });

  test('inline content works the same', () => {
    expect(read({ kubeconfig: kubeconfigText }).access).toMatchObject({ kind: 'kubeconfig', source: 'input-content' });
  });

  test('cluster-name means EKS, and reads the AWS inputs', () => {
    const inputs = read({ kubeconfig: '', 'cluster-name': 'prod-eu', 'aws-region': 'eu-west-1' });
    expect(inputs.access).toEqual({ kind: 'eks', clusterName: 'prod-eu' });
    expect(inputs.aws?.region).toBe('eu-west-1');
  });

  test.each([
    [{ 'cluster-name': 'prod' }, "Input 'kubeconfig': cluster-name and kubeconfig are both set"],
    [{ kubeconfig: '' }, "Input 'cluster-name': a value is required when kubeconfig is not set"],
    [{ context: 'exec' }, 'runs a credential plugin (exec: "/bin/sh")'],
    [{ context: 'provider' }, 'uses an auth-provider'],
    [{ context: 'nope' }, 'has no context named "nope"'],
    [{ kubeconfig: 'k8s/web.yaml' }, 'it is not a kubeconfig'],
    [{ kubeconfig: '/etc/hostname' }, 'is outside the workspace and RUNNER_TEMP'],
    [{ 'cluster-name': '-bad', kubeconfig: '' }, "Input 'cluster-name'"],
    [{ context: '--exec' }, "Input 'context'"],
  ])('refused: %j', (inputs, message) => {
    expect(error(inputs)).toContain(message);
  });

  test('a path leading out of the workspace is refused', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'kr-outside-'));
    writeFileSync(path.join(outside, 'config'), kubeconfigText);
    expect(error({ kubeconfig: path.relative(workspace, path.join(outside, 'config')) })).toContain(
      'is outside the workspace',
    );
  });

  test('exec plugins only when allowed', () => {
    expect(read({ context: 'exec', 'allow-kubeconfig-exec': 'true' }).access).toMatchObject({ context: 'exec' });
  });

  test('a kubeconfig in RUNNER_TEMP is accepted; a symlink out of the workspace is not', () => {
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'kr-runner-temp-'));
    writeFileSync(path.join(runnerTemp, 'config'), kubeconfigText);
    process.env.RUNNER_TEMP = runnerTemp;
    expect(read({ kubeconfig: path.join(runnerTemp, 'config') }).access.kind).toBe('kubeconfig');
    symlinkSync('/etc/hostname', path.join(workspace, 'link'));
    delete process.env.RUNNER_TEMP;
    expect(error({ kubeconfig: 'link' })).toContain('outside the workspace');
  });

  test('without inputs, the KUBECONFIG an earlier step set', () => {
    process.env.KUBECONFIG = path.join(workspace, 'kubeconfig');
    expect(read({ kubeconfig: '' }).access).toMatchObject({ source: 'KUBECONFIG' });
  });
});

describe('manifests', () => {
  test.each([
    ['k8s/web.yaml', ['k8s/web.yaml']],
    ['k8s', ['k8s/api.yml', 'k8s/web.yaml']],
    ['k8s/**/*.yaml', ['k8s/base/db.yaml', 'k8s/web.yaml']],
    ['k8s/web.yaml\nk8s/*.y*ml', ['k8s/web.yaml', 'k8s/api.yml']],
  ])('%j -> %j', (manifests, files) => {
    expect(read({ manifests }).manifestFiles).toEqual(files.map((f) => path.join(workspace, f)));
  });

  test.each([
    ['k8s/missing.yaml', 'does not exist'],
    ['k8s/*.json', 'names no manifest file'],
    ['../etc/*.yaml', 'outside the workspace'],
    ['-f', 'is not valid'],
  ])('%j refused: %s', (manifests, message) => {
    expect(error({ manifests })).toContain(message);
  });

  test('manifests or kustomize, not both, not neither', () => {
    expect(error({ kustomize: 'k8s' })).toContain('manifests and kustomize are both set');
    expect(error({ manifests: '' })).toContain('a value is required (or kustomize)');
    expect(read({ manifests: '', kustomize: 'k8s/base' }).kustomize).toBe(path.join(workspace, 'k8s/base'));
  });
});

describe('images, annotations and the rest', () => {
  test('digests are accepted; tags only with allow-tags', () => {
    expect(read({ images: `web=registry.local/web@${digest}` }).images).toEqual([
      {
        name: 'web',
        image: `registry.local/web@${digest}`,
        reference: { registry: 'registry.local', repository: 'web', digest, tag: undefined },
      },
    ]);
    expect(error({ images: 'web=registry.local/web:v2' })).toContain('names a tag, not a digest');
    expect(read({ images: 'web=registry.local/web:v2', 'allow-tags': 'true' }).images[0]?.image).toBe(
      'registry.local/web:v2',
    );
  });

  test.each([
    ['web:v1=registry.local/web@' + digest, 'is not valid'],
    ['web=not a reference', 'is not valid'],
    [`web=a@${digest}\nweb=b@${digest}`, 'is given twice'],
  ])('images %j refused', (images, message) => {
    expect(error({ images })).toContain(message);
  });

  test('default annotations from the run; the input adds and overrides', () => {
    Object.assign(process.env, {
      GITHUB_SHA: 'c0ffee',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '7',
      GITHUB_ACTOR: 'octocat',
    });
    const inputs = read({ annotations: 'example.com/team=payments\neks-delivery-actions/actor=bot' });
    expect(inputs.annotations).toEqual({
      'eks-delivery-actions/commit': 'c0ffee',
      'eks-delivery-actions/run-url': 'https://github.com/acme/shop/actions/runs/7',
      'eks-delivery-actions/actor': 'bot',
      'example.com/team': 'payments',
    });
    expect(inputs.applySet).toBe('acme.shop');
  });

  test.each([
    ['dry-run', 'true', { dryRun: 'server' }],
    ['dry-run', 'false', { dryRun: 'none' }],
    ['dry-run', 'client', { dryRun: 'client' }],
    ['timeout', '90s', { timeoutMs: 90_000 }],
    ['timeout', '', { timeoutMs: 300_000 }],
    ['rollback-on-failure', 'false', { rollbackOnFailure: false }],
    ['namespace', 'shop', { namespace: 'shop' }],
    ['registry', '127.0.0.1:5050', { registry: '127.0.0.1:5050' }],
  ])('%s: %j', (name, value, expected) => {
    expect(read({ [name]: value })).toMatchObject(expected);
  });

  test.each([
    ['dry-run', 'maybe'],
    ['namespace', 'Shop'],
    ['timeout', 'soon'],
    ['annotations', 'bad key=1'],
    ['apply-set', 'a/b'],
    ['evidence-signing-key', 'my key'],
    ['environment', '-prod'],
  ])('%s %j refused, naming the input', (name, value) => {
    expect(error({ [name]: value })).toContain(`Input '${name}'`);
  });

  test('the GitHub token is read as a secret', () => {
    expect(read({ 'github-token': 'ghs_x' }).githubToken).toBe('ghs_x');
  });
});
