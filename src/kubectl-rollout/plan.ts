import { ExecError, execProgram } from '../../action-helpers/exec.js';
import { InputError } from '../../action-helpers/errors.js';
import { workspaceRoot } from '../../action-helpers/inputs.js';
import type { Inputs } from './inputs.js';
import {
  parseManifests,
  prepareObjects,
  readManifestFiles,
  type ManifestObject,
  type SourceDocument,
} from './manifests.js';

/**
 * The manifests as text: the files, or what `kustomize build` renders from the folder. kustomize is
 * a program because nothing else renders kustomizations the way users test them locally; the
 * standalone `kustomize` first, else the copy built into kubectl (`kubectl kustomize`), which every
 * GitHub-hosted runner has. It only renders: it never talks to the cluster.
 */
export async function renderManifests(inputs: Inputs, signal: AbortSignal): Promise<SourceDocument[]> {
  if (!inputs.kustomize) return readManifestFiles(inputs.manifestFiles, workspaceRoot());
  const options = { echo: false, timeoutMs: 120_000, signal };
  let rendered;
  try {
    rendered = await execProgram('kustomize', ['build', '--', inputs.kustomize], options);
  } catch (err) {
    if (!(err instanceof ExecError) || err.reason !== 'tool-missing') throw err;
    rendered = await execProgram('kubectl', ['kustomize', '--', inputs.kustomize], options);
  }
  return [{ source: `kustomize build ${inputs.kustomize}`, text: rendered.stdout }];
}

/** The namespace objects without one go to: the input, else the kubeconfig context's, else default. */
export function targetNamespace(inputs: Inputs): string {
  if (inputs.namespace) return inputs.namespace;
  if (inputs.access.kind === 'kubeconfig') {
    const kc = inputs.access.kubeconfig;
    const ns = kc.getContextObject(kc.getCurrentContext())?.namespace;
    if (ns) return ns;
  }
  return 'default';
}

/** The objects to apply, from the documents; an `images` line that pins nothing is a mistake. */
export function planObjects(inputs: Inputs, documents: readonly SourceDocument[]): ManifestObject[] {
  const { objects, unmatchedImages } = prepareObjects(parseManifests(documents), {
    namespace: targetNamespace(inputs),
    namespaceExplicit: inputs.namespace !== undefined,
    images: inputs.images,
    annotations: inputs.annotations,
    applySet: inputs.applySet,
  });
  if (unmatchedImages.length > 0) {
    throw new InputError(
      'images',
      `${unmatchedImages.map((n) => JSON.stringify(n)).join(', ')} matches no container or init container image in the manifests`,
      'lines name=repository@sha256:<digest>, name being an image name the manifests use (without tag)',
    );
  }
  return objects;
}
