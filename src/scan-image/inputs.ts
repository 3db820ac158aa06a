import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getAwsInputs, type AwsInputs } from '../../action-helpers/aws.js';
import { InputError } from '../../action-helpers/errors.js';
import { parseImageReference } from '../../action-helpers/image-reference.js';
import {
  getBoolean,
  getDuration,
  getEnum,
  getPath,
  getPathList,
  getString,
  workspaceRoot,
} from '../../action-helpers/inputs.js';
import { parseIgnoreFile, thresholds, type Policy, type Threshold } from './policy.js';
import { kmsKeyId, registryHost } from '../../action-helpers/formats.js';

export const sources = ['ecr', 'report'] as const;
export type Source = (typeof sources)[number];

/** The image to gate, as the input names it. */
export interface ImageInput {
  /** What the caller wrote, for messages. */
  text: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** The ECR registry's account, when the reference names an ECR host. */
  registryId?: string;
  /** A registry host the reference names that is not ECR's: the `registry` input must name it too. */
  registryHost?: string;
}

export interface Inputs {
  image: ImageInput;
  source: Source;
  /** Report files (absolute paths inside the workspace), with source report. */
  reports: string[];
  policy: Policy;
  /** The ignore file, relative to the workspace, for messages; undefined without one. */
  ignoreFile?: string;
  display: Threshold;
  waitTimeoutMs: number;
  /** How old a recorded verdict may be and still be reused (0: never). */
  maxAgeMs: number;
  /** Where the SARIF log goes; undefined: RUNNER_TEMP. */
  sarifFile?: string;
  /** host[:port] that stands in for the ECR registry host (local stack, act). */
  registry?: string;
  recordEvidence: boolean;
  evidenceSigningKey?: string;
  dryRun: boolean;
  aws: AwsInputs;
}

const imageAccepted =
  'repository@sha256:<64 hex digits> or repository:tag, optionally after a registry host (an ECR host, or the `registry` input)';
const ecrHost = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

function readImage(region: string, registry: string | undefined): ImageInput {
  const text = getString('image', { required: true })!;
  const ref = text.startsWith('-') ? undefined : parseImageReference(text);
  if (!ref) throw new InputError('image', `${JSON.stringify(text)} is not an image reference`, imageAccepted);
  if (!ref.tag && !ref.digest) {
    throw new InputError('image', `${JSON.stringify(text)} names no tag or digest`, imageAccepted);
  }
  const image: ImageInput = { text, repository: ref.repository, tag: ref.tag, digest: ref.digest };
  if (ref.registry) {
    const ecr = ecrHost.exec(ref.registry);
    if (ecr) {
      if (ecr[2] !== region) {
        throw new InputError('image', `its registry is in ${ecr[2]}, not in aws-region ${region}`, imageAccepted);
      }
      image.registryId = ecr[1];
    } else if (ref.registry !== registry) {
      throw new InputError(
        'image',
        `${ref.registry} is not an ECR registry, and the registry input does not name it`,
        imageAccepted,
      );
    } else {
      image.registryHost = ref.registry;
    }
  }
  return image;
}

function readIgnoreFile(): { file?: string; rules: Policy['ignores'] } {
  const file = getPath('ignore-file', { kind: 'file' });
  if (!file) return { rules: [] };
  const shown = path.relative(workspaceRoot(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(
      'ignore-file',
      `${shown} cannot be read (${(err as NodeJS.ErrnoException).code})`,
      'a readable YAML file',
    );
  }
  return { file: shown, rules: parseIgnoreFile(text, 'ignore-file', shown) };
}

/** Reads and validates every input; nothing else happens before this returns. */
export function readInputs(): Inputs {
  const aws = getAwsInputs();
  const registry = getString('registry', { format: registryHost });
  const image = readImage(aws.region, registry);
  const source = getEnum('source', sources, 'ecr');
  const reports = getPathList('reports', { kind: 'file' });
  if (source === 'report' && reports.length === 0) {
    throw new InputError('reports', 'at least one file is required with source report', 'report files, one per line');
  }
  if (source === 'ecr' && reports.length > 0) {
    throw new InputError('reports', 'is only read with source report', 'no reports with source ecr');
  }
  const ignores = readIgnoreFile();
  const runnerTemp = process.env.RUNNER_TEMP;
  return {
    image,
    source,
    reports,
    policy: {
      failOn: getEnum('fail-on', thresholds, 'high'),
      ignoreUnfixed: getBoolean('ignore-unfixed', false),
      ignores: ignores.rules,
      failOnStaleIgnores: getBoolean('fail-on-stale-ignores', false),
    },
    ignoreFile: ignores.file,
    display: getEnum('display', thresholds, 'medium'),
    waitTimeoutMs: getDuration('wait-timeout', 10 * 60_000, { maxMs: 6 * 3_600_000 }),
    maxAgeMs: getDuration('max-age', 24 * 3_600_000, { maxMs: 30 * 24 * 3_600_000 }),
    sarifFile: getPath('sarif-file', { kind: 'new', alsoInside: runnerTemp ? [runnerTemp] : [] }),
    registry,
    recordEvidence: getBoolean('record-evidence', true),
    evidenceSigningKey: getString('evidence-signing-key', { format: kmsKeyId }),
    dryRun: getBoolean('dry-run', false),
    aws,
  };
}
