import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../../action-helpers/errors.js';
import { gitRef, type Format } from '../../action-helpers/formats.js';
import { getEnum, getInteger, getPath, getSecret, getString, workspaceRoot } from '../../action-helpers/inputs.js';
import { parseFilters, type Filters } from './filters.js';

export interface Inputs {
  /** The parsed filters, and where they came from for messages ("filters", "filters file x.yml"). */
  filters: Filters & { source: string };
  base?: string;
  head?: string;
  sinceDeployment?: string;
  githubToken?: string;
  onMissingBase: 'all' | 'fail';
  listFiles: 'none' | 'json' | 'file';
  maxFetchDepth: number;
  /** Absolute path of the repository's working directory, inside the workspace. */
  workingDirectory: string;
}

/** More YAML than any real set of filters: 1,000 groups of a few globs are about 60 kB. */
export const maxFiltersBytes = 1_000_000;

// C0 and C1 control characters.
// eslint-disable-next-line no-control-regex
const control = /[\u0000-\u001f\u007f-\u009f]/;

const environment: Format = {
  accepted:
    'the name of a GitHub environment: up to 255 characters, not starting with - or a space, no control characters',
  test: (v) => /^[^\s-]/.test(v) && v.length <= 255 && !control.test(v),
};

/** Every input, read and checked once, before anything runs. The filters are parsed here too. */
export async function readInputs(): Promise<Inputs> {
  const workingDirectory = getPath('working-directory', { kind: 'directory', default: '.' });
  const filters = readFilters(workingDirectory);
  const base = getString('base', { format: gitRef });
  const head = getString('head', { format: gitRef });
  const sinceDeployment = getString('since-deployment', { format: environment })?.trim();
  if (base && sinceDeployment) {
    throw new InputError(
      'since-deployment',
      'it cannot be combined with base (both set the base)',
      'one of base or since-deployment',
    );
  }
  const githubToken = getSecret('github-token');
  // Never echoed: the message says what is wrong, not what the value is.
  if (githubToken !== undefined && (/\s/.test(githubToken) || control.test(githubToken) || githubToken.length > 4096)) {
    throw new InputError(
      'github-token',
      'the value has spaces or control characters, or is too long',
      'a GitHub token',
    );
  }
  return {
    filters: { ...(await parseFilters(filters.text, filters.source)), source: filters.source },
    base,
    head,
    sinceDeployment,
    githubToken,
    onMissingBase: getEnum('on-missing-base', ['all', 'fail'] as const, 'all'),
    listFiles: getEnum('list-files', ['none', 'json', 'file'] as const, 'none'),
    maxFetchDepth: getInteger('max-fetch-depth', { default: 5000, min: 0, max: 1_000_000 }),
    workingDirectory,
  };
}

/** `filters` is inline YAML, or the path of a YAML file in the workspace (relative to working-directory). */
function readFilters(workingDirectory: string): { text: string; source: string } {
  const accepted = 'inline YAML, or the path of a YAML file in the repository';
  const raw = getString('filters', { required: true, format: { accepted, test: () => true } });
  if (raw.length > maxFiltersBytes) {
    throw new InputError('filters', `it is ${raw.length} characters long, over ${maxFiltersBytes}`, accepted);
  }
  if (/[\n\r]/.test(raw)) return { text: raw, source: 'filters' };
  const candidate = raw.trim();
  if (candidate.includes('\0')) throw new InputError('filters', 'it contains a NUL character', accepted);
  const path = isAbsolute(candidate) ? candidate : resolve(workingDirectory, candidate);
  let isFile = false;
  try {
    isFile = existsSync(path) && statSync(path).isFile();
  } catch {
    // ENAMETOOLONG and the like: not a file, so inline YAML (and the YAML parser explains).
  }
  if (isFile) {
    const inside = relative(realpathSync(workspaceRoot()), realpathSync(path));
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw new InputError('filters', `the file ${JSON.stringify(candidate)} is outside the workspace`, accepted);
    }
    return { text: readText(path, candidate, accepted), source: `filters file ${candidate}` };
  }
  if (/\.ya?ml$/i.test(candidate) && !/:\s/.test(candidate)) {
    throw new InputError(
      'filters',
      `the file ${JSON.stringify(candidate)} does not exist in ${workingDirectory}`,
      accepted,
    );
  }
  return { text: raw, source: 'filters' };
}

function readText(path: string, shown: string, accepted: string): string {
  const bytes = readFileSync(path);
  if (bytes.length > maxFiltersBytes) {
    throw new InputError('filters', `the file ${JSON.stringify(shown)} is over ${maxFiltersBytes} bytes`, accepted);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('filters', `the file ${JSON.stringify(shown)} is not valid UTF-8`, accepted);
  }
}
