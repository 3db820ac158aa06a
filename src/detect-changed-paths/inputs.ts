import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../../action-helpers/errors.js';
import { getEnum, getInteger, getSecret, getString } from '../../action-helpers/inputs.js';

export interface Inputs {
  /** The filters' YAML text, and where it came from for messages. */
  filters: { text: string; source: string };
  base?: string;
  head?: string;
  sinceDeployment?: string;
  githubToken?: string;
  onMissingBase: 'all' | 'fail';
  listFiles: 'none' | 'json' | 'file';
  maxFetchDepth: number;
  /** Absolute path of the repository's working directory. */
  workingDirectory: string;
}

const revision = {
  accepted: 'a commit SHA, branch or tag (not starting with -)',
  test: (v: string) => !v.startsWith('-') && !/[\s\0]/.test(v),
};

export function getInputs(): Inputs {
  const workingDirectory = resolve(
    process.env.GITHUB_WORKSPACE || process.cwd(),
    getString('working-directory', { default: '.' }),
  );
  if (!existsSync(workingDirectory)) {
    throw new InputError(
      'working-directory',
      `${JSON.stringify(workingDirectory)} does not exist`,
      'a folder of the checked-out repository',
    );
  }
  const base = getString('base', { format: revision });
  const sinceDeployment = getString('since-deployment', {
    format: { accepted: 'the name of a GitHub environment', test: (v) => v.trim() !== '' && !/[\n\r]/.test(v) },
  });
  if (base && sinceDeployment) {
    throw new InputError(
      'since-deployment',
      'it cannot be combined with base (both set the base)',
      'one of base or since-deployment',
    );
  }
  return {
    filters: readFilters(workingDirectory),
    base,
    head: getString('head', { format: revision }),
    sinceDeployment: sinceDeployment?.trim(),
    githubToken: getSecret('github-token'),
    onMissingBase: getEnum('on-missing-base', ['all', 'fail'] as const, 'all'),
    listFiles: getEnum('list-files', ['none', 'json', 'file'] as const, 'none'),
    maxFetchDepth: getInteger('max-fetch-depth', { default: 5000, min: 0, max: 1_000_000 }),
    workingDirectory,
  };
}

/** `filters` is inline YAML, or the path of a YAML file (relative to working-directory). */
function readFilters(workingDirectory: string): Inputs['filters'] {
  const raw = getString('filters', {
    required: true,
    format: { accepted: 'YAML mapping group names to globs, or the path of such a file', test: () => true },
  });
  if (!/[\n\r]/.test(raw)) {
    const candidate = raw.trim();
    const path = isAbsolute(candidate) ? candidate : resolve(workingDirectory, candidate);
    if (existsSync(path) && statSync(path).isFile()) {
      return { text: readFileSync(path, 'utf8'), source: `filters file ${candidate}` };
    }
    if (/\.ya?ml$/i.test(candidate) && !/:\s/.test(candidate)) {
      throw new InputError(
        'filters',
        `the file ${JSON.stringify(candidate)} does not exist in ${workingDirectory}`,
        'inline YAML, or the path of a YAML file in the repository',
      );
    }
  }
  return { text: raw, source: 'filters' };
}
