import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { InputError } from '../../action-helpers/errors.js';

const manifestExtension = /\.(ya?ml|json)$/i;
const accepted =
  'manifest files, folders (their *.yaml, *.yml and *.json) or globs (k8s/**/*.yaml) inside the workspace, one per line';

/**
 * The manifest files the `manifests` items name: a file as it is, a folder's manifest files (not
 * its subfolders, like `kubectl apply -f`), or a glob's matches. Each item must name at least one
 * file, and every file must lie inside the workspace, symlinks resolved.
 */
export function findManifestFiles(items: readonly string[], root: string): string[] {
  const realRoot = realpathSync(root);
  const files: string[] = [];
  for (const item of items) {
    if (item.includes('\0') || item.startsWith('-'))
      throw new InputError('manifests', `${JSON.stringify(item)} is not valid`, accepted);
    const scan = picomatch.scan(item);
    const found = scan.isGlob ? globFiles(root, scan.base, item) : pathFiles(root, item);
    if (found.length === 0)
      throw new InputError('manifests', `${JSON.stringify(item)} names no manifest file`, accepted);
    for (const file of found) {
      if (!inside(realpathSync(file), realRoot)) {
        throw new InputError(
          'manifests',
          `${JSON.stringify(item)} leads outside the workspace (${path.relative(root, file)})`,
          accepted,
        );
      }
      if (!files.includes(file)) files.push(file);
    }
  }
  return files;
}

function pathFiles(root: string, item: string): string[] {
  const resolved = path.resolve(root, item);
  const stats = statSync(resolved, { throwIfNoEntry: false });
  if (!stats) throw new InputError('manifests', `${JSON.stringify(item)} does not exist`, accepted);
  if (stats.isFile()) return [resolved];
  if (!stats.isDirectory())
    throw new InputError('manifests', `${JSON.stringify(item)} is not a file or folder`, accepted);
  return readdirSync(resolved, { withFileTypes: true })
    .filter((entry) => entry.isFile() && manifestExtension.test(entry.name))
    .map((entry) => path.join(resolved, entry.name))
    .sort();
}

function globFiles(root: string, base: string, pattern: string): string[] {
  const start = path.resolve(root, base || '.');
  if (!inside(start, root))
    throw new InputError('manifests', `${JSON.stringify(pattern)} is outside the workspace`, accepted);
  const match = picomatch(path.relative(root, path.resolve(root, pattern)), { dot: false });
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 20) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.isFile() && match(path.relative(root, full))) found.push(full);
    }
  };
  if (statSync(start, { throwIfNoEntry: false })?.isDirectory()) walk(start, 0);
  return found;
}

function inside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
