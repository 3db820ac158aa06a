import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { KubeConfig } from '@kubernetes/client-node';
import { getAwsInputs, type AwsInputs } from '../../action-helpers/aws.js';
import { InputError } from '../../action-helpers/errors.js';
import { environmentName, kubeNamespace, type Format, kmsKeyId, registryHost } from '../../action-helpers/formats.js';
import { parseImageReference, type ImageReference } from '../../action-helpers/image-reference.js';
import {
  getBoolean,
  getDuration,
  getEnum,
  getKeyValueList,
  getList,
  getPath,
  getSecret,
  getString,
  workspaceRoot,
} from '../../action-helpers/inputs.js';
import { KubeconfigError, loadKubeconfig } from '../../action-helpers/kube.js';
import { findManifestFiles } from './manifest-files.js';
import { runUrl } from '../../action-helpers/run.js';

export const dryRunModes = ['none', 'client', 'server'] as const;
export type DryRun = (typeof dryRunModes)[number];

/** Annotations the action sets on every workload unless the `annotations` input overrides them. */
export const annotationKeys = {
  commit: 'eks-delivery-actions/commit',
  runUrl: 'eks-delivery-actions/run-url',
  actor: 'eks-delivery-actions/actor',
} as const;

/** The label every applied object carries, naming the apply set `prune` works on. */
export const applySetLabel = 'eks-delivery-actions/apply-set';

export type ClusterAccess =
  | { kind: 'eks'; clusterName: string }
  | {
      kind: 'kubeconfig';
      kubeconfig: KubeConfig;
      source: 'input-file' | 'input-content' | 'KUBECONFIG';
      context: string;
    };

export interface ImageOverride {
  /** The image name containers use (registry/repository, no tag or digest). */
  name: string;
  /** What they get instead. */
  image: string;
  reference: ImageReference;
}

export interface Inputs {
  access: ClusterAccess;
  /** Manifest files, absolute, in the order given (expanded globs and folders sorted). */
  manifestFiles: string[];
  kustomize?: string;
  namespace?: string;
  images: ImageOverride[];
  allowTags: boolean;
  annotations: Record<string, string>;
  fieldManager: string;
  forceConflicts: boolean;
  prune: boolean;
  applySet: string;
  dryRun: DryRun;
  timeoutMs: number;
  rollbackOnFailure: boolean;
  environment: string;
  recordEvidence: boolean;
  /** host[:port] of a registry standing in for the images' own (local stack, act): evidence goes there. */
  registry?: string;
  evidenceSigningKey?: string;
  githubToken?: string;
  aws?: AwsInputs;
}

const imageName: Format = {
  accepted: 'an image name as containers use it, without tag or digest (web, registry.example.com/team/web)',
  test: (v) => {
    const ref = parseImageReference(v);
    return ref !== undefined && !ref.tag && !ref.digest;
  },
};

const imageValue: Format = {
  accepted: 'an image reference: repository@sha256:<64 hex digits> (a tag only with allow-tags: true)',
  test: (v) => parseImageReference(v) !== undefined,
};

// Kubernetes' rule for annotation keys: an optional DNS-subdomain prefix and a name of up to 63 characters.
const annotationKey: Format = {
  accepted: 'an annotation key such as example.com/commit or team (a DNS prefix, /, a name of up to 63 characters)',
  test: (v) =>
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(
      v,
    ) && v.length <= 317,
};

const labelValue: Format = {
  accepted: 'a label value: up to 63 letters, digits, -, _ and ., starting and ending with a letter or digit',
  test: (v) => /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(v),
};

const fieldManager: Format = {
  accepted: 'a field manager name: 1-128 printable characters, no spaces at the ends',
  test: (v) => v.length <= 128 && /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(v),
};

const eksClusterName: Format = {
  accepted: 'an EKS cluster name: 1-100 letters, digits, - and _, starting with a letter or digit',
  test: (v) => /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(v),
};

const contextName: Format = {
  accepted: 'a kubeconfig context name (one line, not starting with -)',
  test: (v) => !/[\r\n]/.test(v) && !v.startsWith('-'),
};

/** Reads and validates every input; nothing touches the cluster, AWS or the registry before this returns. */
export function readInputs(): Inputs {
  const clusterName = getString('cluster-name', { format: eksClusterName });
  const context = getString('context', { format: contextName });
  const allowExec = getBoolean('allow-kubeconfig-exec', false);
  const access = readAccess(clusterName, context, allowExec);

  const manifests = getList('manifests', { commas: false });
  const kustomize = getPath('kustomize', { kind: 'directory' });
  if (manifests.length > 0 && kustomize) {
    throw new InputError(
      'manifests',
      'manifests and kustomize are both set',
      'one of them: files, folders or globs, or a kustomize folder',
    );
  }
  if (manifests.length === 0 && !kustomize) {
    throw new InputError(
      'manifests',
      'a value is required (or kustomize)',
      'files, folders or globs inside the workspace, one per line',
    );
  }
  const manifestFiles = findManifestFiles(manifests, workspaceRoot());

  const namespace = getString('namespace', { format: kubeNamespace });
  const allowTags = getBoolean('allow-tags', false);
  const images = readImages(allowTags);
  const annotations = {
    ...defaultAnnotations(),
    ...Object.fromEntries(getKeyValueList('annotations', { keyFormat: annotationKey }).map((kv) => [kv.key, kv.value])),
  };
  const dryRun = readDryRun();
  const recordEvidence = getBoolean('record-evidence', true);
  const registry = getString('registry', { format: registryHost });
  const evidenceSigningKey = getString('evidence-signing-key', { format: kmsKeyId });

  const needsAws = Boolean(
    clusterName || evidenceSigningKey || core.getInput('aws-region') || core.getInput('role-to-assume'),
  );
  return {
    access,
    manifestFiles,
    kustomize,
    namespace,
    images,
    allowTags,
    annotations,
    fieldManager: getString('field-manager', { default: 'kubectl-rollout', format: fieldManager }),
    forceConflicts: getBoolean('force-conflicts', true),
    prune: getBoolean('prune', false),
    applySet: getString('apply-set', { default: defaultApplySet(), format: labelValue }),
    dryRun,
    timeoutMs: getDuration('timeout', 5 * 60_000, { maxMs: 6 * 3_600_000 }),
    rollbackOnFailure: getBoolean('rollback-on-failure', true),
    environment: getString('environment', { default: 'default', format: environmentName }),
    recordEvidence,
    registry,
    evidenceSigningKey,
    githubToken: getSecret('github-token'),
    aws: needsAws || (process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION) ? getAwsInputs() : undefined,
  };
}

function readAccess(clusterName: string | undefined, context: string | undefined, allowExec: boolean): ClusterAccess {
  const raw = core.getInput('kubeconfig');
  if (clusterName && raw) {
    throw new InputError(
      'kubeconfig',
      'cluster-name and kubeconfig are both set',
      'one of them: cluster-name for EKS, kubeconfig for any other cluster',
    );
  }
  if (clusterName) return { kind: 'eks', clusterName };
  let text: string;
  let source: 'input-file' | 'input-content' | 'KUBECONFIG';
  if (raw && /[\r\n]/.test(raw.trim())) {
    core.setSecret(raw);
    text = raw;
    source = 'input-content';
  } else if (raw) {
    const file = getPath('kubeconfig', { kind: 'file', allowOutsideWorkspace: true });
    const runnerTemp = process.env.RUNNER_TEMP;
    // Symlinks resolved: a link in the workspace to a file elsewhere is elsewhere.
    const real = file ? realpathSync(file) : '';
    if (
      file &&
      !isInside(real, realpathSync(workspaceRoot())) &&
      !(runnerTemp && isInside(real, realpathSync(runnerTemp)))
    ) {
      throw new InputError(
        'kubeconfig',
        `${JSON.stringify(raw)} is outside the workspace and RUNNER_TEMP`,
        'a kubeconfig file inside the workspace or RUNNER_TEMP, or its content',
      );
    }
    text = readFileSync(file!, 'utf8');
    source = 'input-file';
  } else if (process.env.KUBECONFIG) {
    // Set by an earlier step of the job (e.g. a setup action): the workflow's own choice.
    text = readFileSync(process.env.KUBECONFIG.split(path.delimiter)[0]!, 'utf8');
    source = 'KUBECONFIG';
  } else {
    throw new InputError(
      'cluster-name',
      'a value is required when kubeconfig is not set',
      'an EKS cluster name, or a kubeconfig (path or content)',
    );
  }
  try {
    const kubeconfig = loadKubeconfig(text, { allowExec, context });
    return { kind: 'kubeconfig', kubeconfig, source, context: kubeconfig.getCurrentContext() };
  } catch (err) {
    if (!(err instanceof KubeconfigError)) throw err;
    const accepted = allowExec
      ? 'a kubeconfig file inside the workspace or RUNNER_TEMP, or its content'
      : 'a kubeconfig whose user authenticates with a token or client certificate (exec plugins and auth providers need allow-kubeconfig-exec: true)';
    throw new InputError(
      source === 'KUBECONFIG' ? 'kubeconfig' : 'kubeconfig',
      `the kubeconfig${source === 'KUBECONFIG' ? ' in KUBECONFIG' : ''} is refused: ${err.message}`,
      accepted,
    );
  }
}

function readImages(allowTags: boolean): ImageOverride[] {
  return getKeyValueList('images', { keyFormat: imageName, valueFormat: imageValue }).map(({ key, value }) => {
    const reference = parseImageReference(value)!;
    if (!reference.digest && !allowTags) {
      throw new InputError(
        'images',
        `${JSON.stringify(`${key}=${value}`)} names a tag, not a digest`,
        'name=repository@sha256:<64 hex digits>; a tag only with allow-tags: true',
      );
    }
    return { name: key, image: value, reference };
  });
}

function readDryRun(): DryRun {
  // true/false as every other action of the suite spells it: server-side, or none.
  const value = getEnum('dry-run', [...dryRunModes, 'true', 'false'] as const, 'none');
  return value === 'true' ? 'server' : value === 'false' ? 'none' : value;
}

function defaultAnnotations(): Record<string, string> {
  const { GITHUB_SHA, GITHUB_ACTOR } = process.env;
  const annotations: Record<string, string> = {};
  if (GITHUB_SHA) annotations[annotationKeys.commit] = GITHUB_SHA;
  const url = runUrl();
  if (url) annotations[annotationKeys.runUrl] = url;
  if (GITHUB_ACTOR) annotations[annotationKeys.actor] = GITHUB_ACTOR;
  return annotations;
}

/** The repository (owner.name), cut to a label value; a repository's deploys prune only their own objects. */
function defaultApplySet(): string {
  const repo = (process.env.GITHUB_REPOSITORY ?? '').replace('/', '.').replace(/[^A-Za-z0-9_.-]/g, '-');
  const cut = repo
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '')
    .replace(/^[^A-Za-z0-9]+/, '');
  return cut || 'kubectl-rollout';
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
