import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ecrHostParts, readInputs } from '../../../src/promote-environment/inputs.js';
import { withInputs } from '../../support/inputs.js';

const base = {
  repository: 'team/api',
  source: 'v1.2.3',
  'source-environment': 'dev',
  'target-environment': 'uat',
  'aws-region': 'eu-west-1',
};
const read = (raw: Record<string, string>) => withInputs({ ...base, ...raw }, readInputs);

describe('readInputs', () => {
  test('defaults: the environment name as the tag, same registry and repository, every gate on', () => {
    const inputs = read({});
    expect(inputs).toMatchObject({
      targetTags: ['uat'],
      targetRepository: 'team/api',
      targetRegistry: undefined,
      requireScan: true,
      requireDeployment: true,
      maxScanAgeMs: undefined,
      minSoakTimeMs: 0,
      githubDeployment: true,
      gitops: undefined,
      dryRun: false,
    });
  });

  test.each([
    [{ 'target-tags': 'uat\nv1.2.3,uat' }, { targetTags: ['uat', 'v1.2.3'] }],
    [{ source: 'sha256:' + 'a'.repeat(64) }, { source: 'sha256:' + 'a'.repeat(64) }],
    [
      { 'max-scan-age': '24h', 'min-soak-time': '30m' },
      { maxScanAgeMs: 86_400_000, minSoakTimeMs: 1_800_000 },
    ],
    [
      { 'target-registry': '210987654321.dkr.ecr.eu-central-1.amazonaws.com' },
      { targetRegistry: '210987654321.dkr.ecr.eu-central-1.amazonaws.com', targetRegion: 'eu-central-1' },
    ],
    [{ 'target-registry': '127.0.0.1:5051' }, { targetRegistry: '127.0.0.1:5051', targetRegion: undefined }],
  ])('%j', (raw, expected) => {
    expect(read(raw)).toMatchObject(expected);
  });

  test.each([
    ['source', { source: '--upload-pack=x' }],
    ['source', { source: 'sha256:abc' }],
    ['repository', { repository: 'Team/API' }],
    ['target-tags', { 'target-tags': 'uat,-bad' }],
    ['target-environment', { 'target-environment': 'prod env' }],
    ['target-registry', { 'target-registry': 'registry.example.com' }],
    ['target-registry', { 'target-registry': '123.dkr.ecr.eu-west-1.amazonaws.com' }],
    ['registry', { registry: 'registry.example.com:5000' }],
    ['target-role-to-assume', { 'target-role-to-assume': 'arn:aws:iam::210987654321:role/p' }],
    ['min-soak-time', { 'min-soak-time': 'soon' }],
    ['evidence-signing-key', { 'evidence-signing-key': 'my key' }],
    ['gitops-path', { 'gitops-repository': 'acme/gitops', 'gitops-path': '../etc/passwd.yaml' }],
    ['gitops-path', { 'gitops-repository': 'acme/gitops', 'gitops-path': 'clusters/prod/deploy.json' }],
    ['gitops-path', { 'gitops-repository': 'acme/gitops' }],
    ['gitops-repository', { 'gitops-path': 'k/kustomization.yaml' }],
    ['gitops-repository', { 'gitops-repository': 'https://user:secret@example.com/g.git', 'gitops-path': 'a.yaml' }],
    [
      'gitops-mode',
      { 'gitops-repository': 'https://git.example.com/g.git', 'gitops-path': 'a.yaml', 'gitops-mode': 'pull-request' },
    ],
    ['gitops-token', { 'gitops-repository': 'acme/gitops', 'gitops-path': 'a.yaml', 'gitops-mode': 'pull-request' }],
    ['gitops-branch', { 'gitops-repository': 'acme/gitops', 'gitops-path': 'a.yaml', 'gitops-branch': '--force' }],
    ['gitops-helm-digest-key', { 'gitops-helm-digest-key': 'image..digest' }],
    ['dry-run', { 'dry-run': 'maybe' }],
  ])('%s is refused: %j', (input, raw) => {
    expect(() => read(raw)).toThrow(expect.objectContaining({ reason: 'invalid-input', input }));
  });

  test('a target environment that is not a valid tag needs target-tags', () => {
    const env = 'a'.repeat(130);
    expect(() => read({ 'target-environment': env })).toThrow(expect.objectContaining({ input: 'target-tags' }));
    expect(read({ 'target-environment': env, 'target-tags': 'prod' }).targetTags).toEqual(['prod']);
  });

  test('gitops: owner/name is GitHub; the format follows the file name; the token defaults to github-token', () => {
    const inputs = read({
      'gitops-repository': 'acme/gitops',
      'gitops-path': 'clusters/uat/kustomization.yaml',
      'github-token': 'ghs_x',
      'gitops-mode': 'pull-request',
    });
    expect(inputs.gitops).toMatchObject({
      remote: { kind: 'github', owner: 'acme', repo: 'gitops', url: 'https://github.com/acme/gitops.git' },
      format: 'kustomize',
      branch: 'main',
      mode: 'pull-request',
      token: 'ghs_x',
      helmDigestKey: 'image.digest',
    });
    expect(
      read({ 'gitops-repository': 'acme/gitops', 'gitops-path': 'charts/api/values-uat.yaml' }).gitops?.format,
    ).toBe('helm');
  });

  test('gitops: a local repository must be inside the workspace', () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'pe-inputs-'));
    mkdirSync(path.join(workspace, 'gitops.git'));
    const saved = process.env.GITHUB_WORKSPACE;
    process.env.GITHUB_WORKSPACE = workspace;
    try {
      const inputs = read({ 'gitops-repository': './gitops.git', 'gitops-path': 'a/values.yaml' });
      expect(inputs.gitops?.remote).toEqual({ kind: 'local', path: path.join(workspace, 'gitops.git') });
      expect(() => read({ 'gitops-repository': '/etc', 'gitops-path': 'a/values.yaml' })).toThrow(
        expect.objectContaining({ input: 'gitops-repository' }),
      );
    } finally {
      process.env.GITHUB_WORKSPACE = saved;
    }
  });
});

test('ecrHostParts', () => {
  expect(ecrHostParts('210987654321.dkr.ecr.us-gov-west-1.amazonaws.com')).toEqual({
    account: '210987654321',
    region: 'us-gov-west-1',
  });
  expect(ecrHostParts('210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn')?.region).toBe('cn-north-1');
  expect(ecrHostParts('127.0.0.1:5050')).toBeUndefined();
});
