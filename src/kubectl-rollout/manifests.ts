import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ActionFailure } from '../../action-helpers/errors.js';
import { formatImageReference, parseImageReference } from '../../action-helpers/image-reference.js';
import { applySetLabel, type ImageOverride } from './inputs.js';

/**
 * Manifests into the objects to apply: parsed (YAML or JSON, several documents a file, `List`s
 * unpacked), checked (apiVersion, kind and a valid name), put in the namespace, pinned to the
 * `images`, annotated and labelled. Pure: every mistake is found before the cluster is touched.
 */

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface SourceDocument {
  /** Where it came from, for messages: `k8s/web.yaml#2`. */
  source: string;
  text: string;
}

/** Kinds whose pods the action waits for. */
export const watchedKinds = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;
export type WatchedKind = (typeof watchedKinds)[number];

// Pod templates of the kinds that have one, as a path from the object.
const podSpecPaths: Record<string, string[]> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};
const annotatedKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

// Built-in kinds that live outside namespaces; everything else gets the namespace.
const clusterScopedKinds = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'CertificateSigningRequest',
]);

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function readManifestFiles(files: readonly string[], root: string): SourceDocument[] {
  return files.map((file) => ({ source: path.relative(root, file) || file, text: readFileSync(file, 'utf8') }));
}

function invalid(message: string): ActionFailure {
  return new ActionFailure(message, 'invalid-manifest');
}

/** Every object of the documents, in order, checked. */
export function parseManifests(documents: readonly SourceDocument[]): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const document of documents) {
    const docs = parseAllDocuments(document.text);
    const list = Array.isArray(docs) ? docs : [docs];
    list.forEach((doc, index) => {
      const where = `${document.source}${list.length > 1 ? `#${index + 1}` : ''}`;
      const error = doc.errors[0];
      if (error) throw invalid(`${where} is not valid YAML: ${error.message.split('\n')[0]}`);
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) return;
      for (const object of unpackList(value, where)) objects.push(checkObject(object, where));
    });
  }
  if (objects.length === 0) throw invalid('The manifests hold no object to apply.');
  const seen = new Set<string>();
  for (const object of objects) {
    const key = objectKey(object);
    if (seen.has(key)) throw invalid(`${key} is defined twice in the manifests.`);
    seen.add(key);
  }
  return objects;
}

function unpackList(value: unknown, where: string): unknown[] {
  const v = value as { kind?: unknown; items?: unknown };
  if (typeof v === 'object' && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
    return v.items;
  }
  if (Array.isArray(value)) throw invalid(`${where} is a YAML list, not a Kubernetes object.`);
  return [value];
}

function checkObject(value: unknown, where: string): ManifestObject {
  if (typeof value !== 'object' || value === null) throw invalid(`${where} is not a Kubernetes object (a mapping).`);
  const o = value as Partial<ManifestObject>;
  if (typeof o.apiVersion !== 'string' || !/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(o.apiVersion)) {
    throw invalid(`${where} has no valid apiVersion (such as apps/v1).`);
  }
  if (typeof o.kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(o.kind)) throw invalid(`${where} has no valid kind.`);
  const name = o.metadata?.name;
  if (typeof o.metadata !== 'object' || typeof name !== 'string' || name.length > 253 || !dnsSubdomain.test(name)) {
    throw invalid(`${where}: ${o.kind} has no valid metadata.name (lowercase letters, digits, - and .).`);
  }
  if (o.metadata.generateName !== undefined)
    throw invalid(`${where}: ${o.kind} ${name} uses generateName, which apply cannot track.`);
  return o as ManifestObject;
}

export function objectKey(o: Pick<ManifestObject, 'kind' | 'metadata'>): string {
  return `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

export function isClusterScoped(kind: string): boolean {
  return clusterScopedKinds.has(kind);
}

export function isWatched(o: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  return o.apiVersion === 'apps/v1' && (watchedKinds as readonly string[]).includes(o.kind);
}

export interface PrepareOptions {
  namespace: string;
  /** The namespace was given as an input (an object naming another one is then a mistake). */
  namespaceExplicit: boolean;
  images: readonly ImageOverride[];
  annotations: Record<string, string>;
  applySet: string;
}

/** The objects as they will be applied; also returns which override matched which containers. */
export function prepareObjects(
  objects: readonly ManifestObject[],
  options: PrepareOptions,
): { objects: ManifestObject[]; unmatchedImages: string[] } {
  const used = new Set<string>();
  const prepared = objects.map((original) => {
    const o = structuredClone(original) as ManifestObject;
    if (!isClusterScoped(o.kind)) {
      const ns = o.metadata.namespace;
      if (ns && ns !== options.namespace && options.namespaceExplicit) {
        throw invalid(
          `${objectKey(o)} is in namespace ${ns}, not in ${options.namespace} that the namespace input names.`,
        );
      }
      o.metadata.namespace = ns ?? options.namespace;
    }
    o.metadata.labels = { ...o.metadata.labels, [applySetLabel]: options.applySet };
    if (annotatedKinds.has(o.kind) && Object.keys(options.annotations).length > 0) {
      o.metadata.annotations = { ...o.metadata.annotations, ...options.annotations };
    }
    for (const name of pinImages(o, options.images)) used.add(name);
    return o;
  });
  return { objects: prepared, unmatchedImages: options.images.map((i) => i.name).filter((n) => !used.has(n)) };
}

export interface Container {
  name: string;
  image?: string;
}

/** The containers and init containers of an object's pod template (empty for kinds without one). */
export function containersOf(o: ManifestObject): Container[] {
  const spec = podSpecOf(o);
  if (!spec) return [];
  return [...asContainers(spec.initContainers), ...asContainers(spec.containers)];
}

function asContainers(value: unknown): Container[] {
  return Array.isArray(value) ? (value.filter((c) => c && typeof c === 'object') as Container[]) : [];
}

function podSpecOf(o: ManifestObject): { containers?: unknown; initContainers?: unknown } | undefined {
  const route = podSpecPaths[o.kind];
  if (!route) return undefined;
  let node: unknown = o;
  for (const key of route) node = (node as Record<string, unknown> | undefined)?.[key];
  return node && typeof node === 'object' ? (node as { containers?: unknown }) : undefined;
}

/** The image name a container uses, without tag and digest: what an `images` line is keyed by. */
export function imageNameOf(image: string): string | undefined {
  const ref = parseImageReference(image);
  return ref ? formatImageReference({ registry: ref.registry, repository: ref.repository }) : undefined;
}

function pinImages(o: ManifestObject, images: readonly ImageOverride[]): string[] {
  const used: string[] = [];
  for (const container of containersOf(o)) {
    if (typeof container.image !== 'string') continue;
    const name = imageNameOf(container.image);
    const override = images.find((i) => i.name === name);
    if (override) {
      container.image = override.image;
      used.push(override.name);
    }
  }
  return used;
}

/** The pod template of a workload kind (Deployment, StatefulSet, DaemonSet). */
export function templateOf(o: { spec?: unknown }): Record<string, unknown> | undefined {
  const template = (o.spec as { template?: unknown } | undefined)?.template;
  return template && typeof template === 'object' ? (template as Record<string, unknown>) : undefined;
}

/** container name -> image, of a workload's template. */
export function imagesOf(o: ManifestObject): Record<string, string> {
  return Object.fromEntries(containersOf(o).map((c) => [c.name, c.image ?? '']));
}
