import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { currentReference, editImage, type ImageSetting } from '../../../src/promote-environment/gitops-edit.js';
import { isRaceRejection, credentialEnv } from '../../../src/promote-environment/gitops.js';

const digest = 'sha256:' + 'a'.repeat(64);
const image = '210987654321.dkr.ecr.eu-west-1.amazonaws.com/team/api';
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/promote-environment/gitops/${name}`, import.meta.url), 'utf8');
const kustomize = (name = 'api'): ImageSetting => ({ format: 'kustomize', name, newName: image, digest });
const helm: ImageSetting = {
  format: 'helm',
  repositoryKey: 'image.repository',
  repository: image,
  digestKey: 'image.digest',
  digest,
};

describe('kustomize', () => {
  test('existing entry: only the two values change, every other byte kept', () => {
    const text = fixture('clusters/uat/kustomization.yaml');
    const result = editImage(text, kustomize());
    expect(result).toEqual({
      kind: 'changed',
      previous: `123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api@sha256:${'0'.repeat(64)}`,
      text: text
        .replace('123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api', image)
        .replace(/sha256:0{64}/, digest),
    });
    // Applying it again is a no-op: what a re-run finds.
    expect(editImage((result as { text: string }).text, kustomize())).toEqual({ kind: 'unchanged' });
  });

  test('an entry with newTag: the tag goes, newName and digest are set, comments stay', () => {
    const text = 'images:\n  # worker image\n  - name: worker # the worker\n    newTag: "1.4"\n';
    const result = editImage(text, kustomize('worker'));
    expect(result.kind).toBe('changed');
    const out = (result as { text: string }).text;
    expect(out).toContain('# worker image');
    expect(out).toContain('- name: worker # the worker');
    expect(out).not.toContain('newTag');
    expect(out).toContain(`newName: ${image}`);
    expect(out).toContain(`digest: ${digest}`);
  });

  test('no images list yet: one is added with the entry', () => {
    const result = editImage('# base\nresources:\n  - deploy.yaml\n', kustomize());
    expect(result).toMatchObject({ kind: 'changed', previous: undefined });
    expect((result as { text: string }).text).toBe(
      `# base\nresources:\n  - deploy.yaml\nimages:\n  - name: api\n    newName: ${image}\n    digest: ${digest}\n`,
    );
  });

  test.each([
    ['images: not-a-list\n', /`images` is not a list/],
    ['images:\n  - name: api\n    digest: [a]\n', /digest is not a single value/],
    ['images: [\n', /not valid YAML/],
    ['- a\n- b\n', /not a map/],
  ])('refused: %j', (text, problem) => {
    expect(editImage(text, kustomize())).toEqual({ kind: 'invalid', problem: expect.stringMatching(problem) });
  });
});

describe('helm values', () => {
  test('existing keys: replaced in place, quoting style kept', () => {
    const text = fixture('charts/api/values-uat.yaml');
    const result = editImage(text, helm);
    expect((result as { text: string }).text).toBe(
      text.replace('123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api', image).replace(/sha256:0{64}/, digest),
    );
    expect(currentReference((result as { text: string }).text, helm)).toBe(`${image}@${digest}`);
  });

  test('missing keys are added under their parents', () => {
    const result = editImage('# values\nimage:\n  pullPolicy: Always\n', helm);
    expect((result as { text: string }).text).toBe(
      `# values\nimage:\n  pullPolicy: Always\n  repository: ${image}\n  digest: ${digest}\n`,
    );
  });

  test('custom key paths', () => {
    const setting: ImageSetting = { ...helm, repositoryKey: 'api.image.repo', digestKey: 'api.image.sha' };
    const out = (editImage('api:\n  replicas: 1\n', setting) as { text: string }).text;
    expect(out).toContain(`image:\n    repo: ${image}\n    sha: ${digest}`);
  });

  test.each([
    ['image: nginx\n', /image is not a map/],
    ['image:\n  digest:\n    a: 1\n', /image.digest is not a single value/],
  ])('refused: %j', (text, problem) => {
    expect(editImage(text, helm)).toEqual({ kind: 'invalid', problem: expect.stringMatching(problem) });
  });
});

describe('git plumbing', () => {
  test.each([
    [' ! [rejected]        HEAD -> main (fetch first)', true],
    [' ! [remote rejected] HEAD -> main (failed to update ref)', true],
    ['error: cannot lock ref refs/heads/main: is at abc but expected def', true],
    ['remote: Permission to acme/gitops.git denied to bot.\nfatal: unable to access', false],
    [' ! [remote rejected] HEAD -> main (pre-receive hook declined)', false],
  ])('isRaceRejection(%j) = %s', (output, race) => expect(isRaceRejection(output)).toBe(race));

  test('the token reaches git as an extra header for the remote only, through the environment', () => {
    const gitops = {
      remote: { kind: 'github' as const, owner: 'acme', repo: 'gitops', url: 'https://github.com/acme/gitops.git' },
      path: 'a.yaml',
      branch: 'main',
      mode: 'push' as const,
      format: 'helm' as const,
      helmRepositoryKey: 'image.repository',
      helmDigestKey: 'image.digest',
      token: 'ghs_secret',
    };
    const env = credentialEnv(gitops, gitops.remote.url);
    expect(env).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from('x-access-token:ghs_secret').toString('base64')}`,
    });
    expect(credentialEnv({ ...gitops, remote: { kind: 'local', path: '/w/g.git' } }, 'file:///w/g.git')).toEqual({});
  });
});
