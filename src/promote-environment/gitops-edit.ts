import { isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, type Document } from 'yaml';

/**
 * The GitOps edit: the image reference, by digest, in a kustomization.yaml (`images:` entries, as
 * `kustomize edit set image` writes them) or a Helm values file (a repository key and a digest key).
 * Through the yaml Document API, so comments and key order stay as they are. When the edit only
 * replaces values that are already there (every promotion after the first), the new values are
 * spliced into the original text at the values' own positions, so not one other byte changes; adding
 * or removing a key re-renders the document with the library's printer, which keeps comments.
 * A file that already says what this promotion would write comes back unchanged.
 */
export type ImageSetting =
  | { format: 'kustomize'; name: string; newName: string; digest: string }
  | { format: 'helm'; repositoryKey: string; repository: string; digestKey: string; digest: string };

export type EditResult =
  | { kind: 'unchanged' }
  | { kind: 'changed'; text: string; previous: string | undefined }
  | { kind: 'invalid'; problem: string };

export function editImage(text: string, setting: ImageSetting): EditResult {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { kind: 'invalid', problem: `not valid YAML: ${doc.errors[0]!.message}` };
  if (doc.contents !== null && !isMap(doc.contents)) return { kind: 'invalid', problem: 'the document is not a map' };
  const previous = currentReference(text, setting);
  const edit: Edit = { replacements: [], structural: false };
  const problem =
    setting.format === 'kustomize' ? setKustomizeImage(doc, setting, edit) : setHelmImage(doc, setting, edit);
  if (problem) return { kind: 'invalid', problem };
  if (!edit.structural && edit.replacements.length === 0) return { kind: 'unchanged' };
  const updated = edit.structural ? render(doc, edit) : splice(text, edit);
  return updated === text ? { kind: 'unchanged' } : { kind: 'changed', text: updated, previous };
}

interface Edit {
  /** Existing scalars to give a new value. */
  replacements: { node: Scalar; value: string }[];
  /** Keys were added or removed: the document must be re-rendered. */
  structural: boolean;
}

function setValue(edit: Edit, node: unknown, value: string): void {
  if (isScalar(node) && node.value === value) return;
  if (isScalar(node)) edit.replacements.push({ node, value });
}

function render(doc: Document, edit: Edit): string {
  for (const { node, value } of edit.replacements) node.value = value;
  return doc.toString();
}

/** The new values written over the old ones, in their quoting style, last first so offsets hold. */
function splice(text: string, edit: Edit): string {
  const sorted = [...edit.replacements].sort((a, b) => b.node.range![0] - a.node.range![0]);
  let out = text;
  for (const { node, value } of sorted) {
    const [start, end] = node.range!;
    out = out.slice(0, start) + scalarText(node, value) + out.slice(end);
  }
  return out;
}

function scalarText(node: Scalar, value: string): string {
  if (node.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (node.type === Scalar.QUOTE_DOUBLE || !/^[A-Za-z0-9_./@-][A-Za-z0-9_./:@-]*$/.test(value)) {
    return JSON.stringify(value);
  }
  return value;
}

/** What the file says now about the image (newName@digest, or the tag it uses); undefined when nothing. */
export function currentReference(text: string, setting: ImageSetting): string | undefined {
  const doc = parseDocument(text);
  if (setting.format === 'kustomize') {
    const entry = kustomizeEntry(doc, setting.name);
    if (!entry) return undefined;
    const name = String(entry.get('newName') ?? entry.get('name') ?? '');
    const digest = entry.get('digest');
    const tag = entry.get('newTag');
    return `${name}${tag !== undefined ? `:${String(tag)}` : ''}${digest !== undefined ? `@${String(digest)}` : ''}`;
  }
  const repository = doc.getIn(path(setting.repositoryKey));
  const digest = doc.getIn(path(setting.digestKey));
  if (repository === undefined && digest === undefined) return undefined;
  return `${String(repository ?? '')}@${String(digest ?? '')}`;
}

function setKustomizeImage(
  doc: Document,
  setting: Extract<ImageSetting, { format: 'kustomize' }>,
  edit: Edit,
): string | undefined {
  let images = doc.get('images', true);
  if (images === undefined || (isScalar(images) && images.value === null)) {
    doc.set('images', doc.createNode([]));
    images = doc.get('images', true);
    edit.structural = true;
  }
  if (!isSeq(images)) return '`images` is not a list';
  let entry = kustomizeEntry(doc, setting.name);
  if (!entry) {
    entry = new YAMLMap();
    entry.set('name', setting.name);
    images.items.push(entry);
    edit.structural = true;
  }
  for (const [key, value] of [
    ['newName', setting.newName],
    ['digest', setting.digest],
  ] as const) {
    const node = entry.get(key, true);
    if (node === undefined) {
      entry.set(key, value);
      edit.structural = true;
    } else if (!isScalar(node)) {
      return `images[name=${setting.name}].${key} is not a single value`;
    } else setValue(edit, node, value);
  }
  // A tag beside a digest is ignored by kustomize but misleads a reader: the digest is what runs.
  if (entry.has('newTag')) {
    entry.delete('newTag');
    edit.structural = true;
  }
  return undefined;
}

function kustomizeEntry(doc: Document, name: string): YAMLMap | undefined {
  const images = doc.get('images', true);
  if (!isSeq(images)) return undefined;
  return images.items.find((item): item is YAMLMap => isMap(item) && item.get('name') === name);
}

function setHelmImage(
  doc: Document,
  setting: Extract<ImageSetting, { format: 'helm' }>,
  edit: Edit,
): string | undefined {
  for (const [key, value] of [
    [setting.repositoryKey, setting.repository],
    [setting.digestKey, setting.digest],
  ] as const) {
    const keys = path(key);
    // Every parent on the way must be a map (or absent): never overwrite a value with a map.
    for (let i = 1; i < keys.length; i++) {
      const parent = doc.getIn(keys.slice(0, i), true);
      if (parent !== undefined && !isMap(parent)) return `${keys.slice(0, i).join('.')} is not a map`;
    }
    const current = doc.getIn(keys, true);
    if (current !== undefined && !isScalar(current)) return `${key} is not a single value`;
    if (current === undefined) {
      doc.setIn(keys, value);
      edit.structural = true;
    } else setValue(edit, current, value);
  }
  return undefined;
}

const path = (key: string): string[] => key.split('.');
