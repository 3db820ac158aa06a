import path from 'node:path';
import { getAwsInputs, type AwsInputs } from '../../action-helpers/aws.js';
import { InputError } from '../../action-helpers/errors.js';
import {
  awsRegion,
  ecrRepositoryName,
  environmentName,
  gitRef,
  iamRoleArn,
  imageTag,
  sha256Digest,
  type Format,
  kmsKeyId,
} from '../../action-helpers/formats.js';
import { isLoopback } from '../../action-helpers/registry-api.js';
import {
  getBoolean,
  getDuration,
  getEnum,
  getList,
  getPath,
  getSecret,
  getString,
} from '../../action-helpers/inputs.js';

export const gitopsModes = ['push', 'pull-request'] as const;
export const gitopsFormats = ['auto', 'kustomize', 'helm'] as const;

/** An ECR registry host: <account>.dkr.ecr.<region>.amazonaws.com[.cn]. */
const ecrHostPattern = /^(\d{12})\.dkr\.ecr\.([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})\.amazonaws\.com(?:\.cn)?$/;

export const standInRegistry: Format = {
  accepted: 'a loopback registry host:port such as 127.0.0.1:5050 (a stand-in for ECR)',
  test: (v) => /^[A-Za-z0-9.[\]:-]+$/.test(v) && isLoopback(v),
};

export const targetRegistryHost: Format = {
  accepted:
    'an ECR registry host such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com, or a loopback host:port standing in for one',
  test: (v) => ecrHostPattern.test(v) || standInRegistry.test(v),
};

export const sourceReference: Format = {
  accepted: 'a tag of the repository (letters, digits, _ . -) or a digest sha256:<64 hex digits>',
  test: (v) => imageTag.test(v) || sha256Digest.test(v),
};

const keyPath: Format = {
  accepted: 'a dotted key path such as image.digest (letters, digits, _ and -, separated by .)',
  test: (v) => /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(v),
};

const kustomizeImageName: Format = {
  accepted: 'an image name as the manifests spell it, such as api or registry/team/api (no tag or digest)',
  test: (v) => /^[a-z0-9][a-z0-9._/:-]*$/.test(v) && !v.includes('@') && !v.startsWith('-'),
};

const repoFilePath: Format = {
  accepted: 'a relative path inside the GitOps repository, such as clusters/prod/kustomization.yaml',
  test: (v) =>
    !path.isAbsolute(v) &&
    !v.startsWith('-') &&
    !/[\0\r\n\\]/.test(v) &&
    v.split('/').every((part) => part !== '..' && part !== '') &&
    /\.ya?ml$/.test(v),
};

const githubRepository = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Where the GitOps repository is: on GitHub (owner/name or https URL) or a local path (tests, act). */
export type GitopsRemote =
  | { kind: 'github'; owner: string; repo: string; url: string }
  | { kind: 'https'; url: string }
  | { kind: 'local'; path: string };

export interface GitopsInputs {
  remote: GitopsRemote;
  /** The file to edit, relative to the repository's root. */
  path: string;
  branch: string;
  mode: (typeof gitopsModes)[number];
  format: Exclude<(typeof gitopsFormats)[number], 'auto'>;
  /** kustomize: the `images[].name` entry to set. */
  imageName?: string;
  /** helm: where the repository and the digest go. */
  helmRepositoryKey: string;
  helmDigestKey: string;
  token?: string;
}

export interface Inputs {
  repository: string;
  /** A tag or a digest of `repository`. */
  source: string;
  sourceEnvironment: string;
  targetEnvironment: string;
  targetTags: string[];
  targetRepository: string;
  /** Another registry (account or region); undefined means the source's registry. */
  targetRegistry?: string;
  targetRegion?: string;
  targetRoleToAssume?: string;
  /** host:port standing in for the source ECR registry (local stack, act runs). */
  registry?: string;
  requireScan: boolean;
  requireDeployment: boolean;
  maxScanAgeMs?: number;
  minSoakTimeMs: number;
  evidenceSigningKey?: string;
  githubToken?: string;
  githubDeployment: boolean;
  gitops?: GitopsInputs;
  dryRun: boolean;
  aws: AwsInputs;
}

/** The account and region of an ECR registry host; undefined for a stand-in registry. */
export function ecrHostParts(host: string): { account: string; region: string } | undefined {
  const match = ecrHostPattern.exec(host);
  return match ? { account: match[1]!, region: match[2]! } : undefined;
}

/** Reads and validates every input; nothing else happens before this returns. */
export function readInputs(): Inputs {
  const repository = getString('repository', { required: true, format: ecrRepositoryName });
  const targetEnvironment = getString('target-environment', { required: true, format: environmentName });
  const targetTags = getList('target-tags', { format: imageTag });
  const targetRegistry = getString('target-registry', { format: targetRegistryHost });
  const targetRegionInput = getString('target-region', { format: awsRegion });
  const targetRoleToAssume = getString('target-role-to-assume', { format: iamRoleArn });
  const githubToken = getSecret('github-token');
  const inputs: Inputs = {
    repository,
    source: getString('source', { required: true, format: sourceReference }),
    sourceEnvironment: getString('source-environment', { required: true, format: environmentName }),
    targetEnvironment,
    // The environment's name is the tag a workflow most often wants (`uat`, `prod`).
    targetTags: [...new Set(targetTags.length > 0 ? targetTags : [targetEnvironment])],
    targetRepository: getString('target-repository', { default: repository, format: ecrRepositoryName }),
    targetRegistry,
    targetRegion: targetRegionInput ?? (targetRegistry ? ecrHostParts(targetRegistry)?.region : undefined),
    targetRoleToAssume,
    registry: getString('registry', { format: standInRegistry }),
    requireScan: getBoolean('require-scan', true),
    requireDeployment: getBoolean('require-deployment', true),
    maxScanAgeMs: optionalDuration('max-scan-age'),
    minSoakTimeMs: getDuration('min-soak-time', 0, { maxMs: 90 * 24 * 3_600_000 }),
    evidenceSigningKey: getString('evidence-signing-key', { format: kmsKeyId }),
    githubToken,
    githubDeployment: getBoolean('github-deployment', true),
    gitops: readGitopsInputs(githubToken),
    dryRun: getBoolean('dry-run', false),
    aws: getAwsInputs(),
  };
  if (!imageTag.test(targetEnvironment) && targetTags.length === 0) {
    throw new InputError(
      'target-tags',
      `a value is required: target-environment ${JSON.stringify(targetEnvironment)} is not a valid tag`,
      imageTag.accepted,
    );
  }
  if (inputs.targetRoleToAssume && !inputs.targetRegistry) {
    throw new InputError(
      'target-role-to-assume',
      'only applies with target-registry (another account or region)',
      'empty, or set target-registry too',
    );
  }
  return inputs;
}

function optionalDuration(name: string): number | undefined {
  const ms = getDuration(name, -1, { maxMs: 365 * 24 * 3_600_000 });
  return ms < 0 ? undefined : ms;
}

function readGitopsInputs(githubToken: string | undefined): GitopsInputs | undefined {
  const repositoryRaw = getString('gitops-repository');
  const filePath = getString('gitops-path', { format: repoFilePath });
  const branch = getString('gitops-branch', { default: 'main', format: gitRef });
  const mode = getEnum('gitops-mode', gitopsModes, 'push');
  const formatInput = getEnum('gitops-format', gitopsFormats, 'auto');
  const imageName = getString('gitops-image-name', { format: kustomizeImageName });
  const helmRepositoryKey = getString('gitops-helm-repository-key', { default: 'image.repository', format: keyPath });
  const helmDigestKey = getString('gitops-helm-digest-key', { default: 'image.digest', format: keyPath });
  const token = getSecret('gitops-token') ?? githubToken;
  if (!repositoryRaw) {
    if (filePath) throw new InputError('gitops-repository', 'a value is required with gitops-path', remoteAccepted);
    return undefined;
  }
  const remote = gitopsRemote(repositoryRaw);
  if (!filePath)
    throw new InputError('gitops-path', 'a value is required with gitops-repository', repoFilePath.accepted);
  if (mode === 'pull-request' && remote.kind !== 'github') {
    throw new InputError('gitops-mode', 'pull-request needs a GitHub repository', 'push, or an owner/name repository');
  }
  if (mode === 'pull-request' && !token) {
    throw new InputError('gitops-token', 'a token is required with gitops-mode pull-request', 'a GitHub token');
  }
  const format =
    formatInput === 'auto' ? (/(^|\/)kustomization\.ya?ml$/.test(filePath) ? 'kustomize' : 'helm') : formatInput;
  return { remote, path: filePath, branch, mode, format, imageName, helmRepositoryKey, helmDigestKey, token };
}

const remoteAccepted =
  'owner/name of a GitHub repository, an https:// URL, or a path to a repository inside the workspace';

function gitopsRemote(raw: string): GitopsRemote {
  if (githubRepository.test(raw) && !raw.startsWith('.')) {
    const [owner, repo] = raw.split('/') as [string, string];
    const server = process.env.GITHUB_SERVER_URL || 'https://github.com';
    return { kind: 'github', owner, repo, url: `${server}/${owner}/${repo}.git` };
  }
  if (raw.startsWith('https://')) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new InputError('gitops-repository', `${JSON.stringify(raw)} is not a URL`, remoteAccepted);
    }
    if (url.username || url.password) {
      throw new InputError('gitops-repository', 'credentials in the URL are refused', 'a URL and gitops-token');
    }
    return { kind: 'https', url: url.href };
  }
  return { kind: 'local', path: getPath('gitops-repository', { kind: 'directory', required: true }) };
}
