import { describe, expect, test } from '@jest/globals';
import type * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ActionFailure } from '../../../action-helpers/errors.js';
import { parseImageReference } from '../../../action-helpers/image-reference.js';
import { applyOrder, applyPhase, wouldChange } from '../../../src/kubectl-rollout/apply.js';
import {
  containersOf,
  parseManifests,
  prepareObjects,
  type ManifestObject,
} from '../../../src/kubectl-rollout/manifests.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/kubectl-rollout');
const web = { source: 'web.yaml', text: readFileSync(path.join(fixtures, 'web.yaml'), 'utf8') };
const digest = `sha256:${'c'.repeat(64)}`;
const override = (name: string, image: string) => ({ name, image, reference: parseImageReference(image)! });
const options = {
  namespace: 'shop',
  namespaceExplicit: true,
  images: [],
  annotations: { 'eks-delivery-actions/commit': 'c0ffee' },
  applySet: 'shop',
};

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ActionFailure);
    expect((err as ActionFailure).reason).toBe('invalid-manifest');
    return (err as Error).message;
  }
  throw new Error('expected invalid-manifest');
}

describe('parseManifests', () => {
  test('documents in order, Lists unpacked, empty documents skipped', () => {
    const list = {
      source: 'list.yaml',
      text: 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n---\n',
    };
    expect(parseManifests([web, list]).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/web',
      'Service/web',
      'ConfigMap/a',
    ]);
  });

  test.each([
    ['kind: Deployment\nmetadata: {name: web}\nspec: [', 'bad.yaml is not valid YAML'],
    ['- a\n- b', 'is a YAML list'],
    ['apiVersion: apps/v1\nmetadata: {name: web}', 'has no valid kind'],
    ['kind: Deployment\nmetadata: {name: web}', 'has no valid apiVersion'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Web_1}', 'has no valid metadata.name'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: web-}', 'has no valid metadata.name'],
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}',
      'ConfigMap/a is defined twice',
    ],
    ['# nothing\n', 'hold no object'],
  ])('%j is refused: %s', (text, message) => {
    expect(failure(() => parseManifests([{ source: 'bad.yaml', text }]))).toContain(message);
  });
});

describe('prepareObjects', () => {
  test('namespace, apply-set label, annotations on workloads only (never on the pod template)', () => {
    const { objects } = prepareObjects(parseManifests([web]), options);
    const [deployment, service] = objects as [ManifestObject, ManifestObject];
    expect(deployment.metadata).toMatchObject({
      namespace: 'shop',
      labels: { 'eks-delivery-actions/apply-set': 'shop' },
      annotations: { 'eks-delivery-actions/commit': 'c0ffee' },
    });
    expect(JSON.stringify(deployment.spec)).not.toContain('c0ffee');
    expect(service.metadata.annotations).toBeUndefined();
    expect(service.metadata.labels).toEqual({ 'eks-delivery-actions/apply-set': 'shop' });
  });

  test('an image name pins every container and init container using it, whatever their tag; others stay', () => {
    const image = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/web@${digest}`;
    const { objects, unmatchedImages } = prepareObjects(parseManifests([web]), {
      ...options,
      images: [override('registry.local/web', image), override('nginx', `nginx@${digest}`)],
    });
    expect(containersOf(objects[0]!).map((c) => `${c.name}=${c.image}`)).toEqual([
      `migrate=${image}`,
      `web=${image}`,
      'sidecar=registry.local/proxy:1.0',
    ]);
    expect(unmatchedImages).toEqual(['nginx']);
  });

  test('an object in another namespace than the input is refused; without the input it keeps its own', () => {
    const other = { source: 'x.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: other}' };
    expect(failure(() => prepareObjects(parseManifests([other]), options))).toContain(
      'ConfigMap/other/a is in namespace other, not in shop',
    );
    expect(
      prepareObjects(parseManifests([other]), { ...options, namespaceExplicit: false }).objects[0]!.metadata.namespace,
    ).toBe('other');
  });

  test('cluster-scoped kinds get no namespace', () => {
    const ns = { source: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}' };
    expect(prepareObjects(parseManifests([ns]), options).objects[0]!.metadata.namespace).toBeUndefined();
  });

  test('the input objects are not modified', () => {
    const parsed = parseManifests([web]);
    const before = JSON.stringify(parsed);
    prepareObjects(parsed, { ...options, images: [override('registry.local/web', `web@${digest}`)] });
    expect(JSON.stringify(parsed)).toBe(before);
  });
});

describe('apply order and change detection', () => {
  const o = (kind: string, name: string) => ({ apiVersion: 'v1', kind, metadata: { name } }) as ManifestObject;

  test('namespaces and CRDs first, then manifest order; workloads after what their pods need', () => {
    const ordered = applyOrder([
      o('Deployment', 'web'),
      o('ConfigMap', 'c'),
      o('Namespace', 'n'),
      o('CustomResourceDefinition', 'x'),
    ]);
    expect(ordered.map((x) => x.kind)).toEqual(['Namespace', 'CustomResourceDefinition', 'Deployment', 'ConfigMap']);
    expect(['Namespace', 'ConfigMap', 'Secret', 'Deployment', 'CronJob'].map(applyPhase)).toEqual([0, 1, 1, 2, 2]);
  });

  test('what the dry run returns equal to what is stored, managed fields and versions aside, is no change', () => {
    const live = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'a',
        resourceVersion: '5',
        generation: 1,
        managedFields: [{ manager: 'x', time: new Date(1) }],
      },
      data: { a: '1' },
    };
    expect(
      wouldChange(
        { ...live, metadata: { ...live.metadata, managedFields: [{ manager: 'x', time: new Date(2) }] } },
        live,
      ),
    ).toBe(false);
    expect(wouldChange({ ...live, data: { a: '2' } } as k8s.KubernetesObject, live)).toBe(true);
    expect(wouldChange({ ...live, metadata: { ...live.metadata, annotations: { b: '1' } } }, live)).toBe(true);
  });
});
