import { parseImageReference } from './image-reference.js';

/**
 * What a value of each kind of input may look like. A Format tests a value and says, in words a
 * caller can act on, what is accepted; inputs.ts turns a failed test into an InputError.
 */
export interface Format {
  /** What is accepted, for the error message: "an AWS region such as us-east-1". */
  readonly accepted: string;
  readonly test: (value: string) => boolean;
}

const matches =
  (re: RegExp): Format['test'] =>
  (value) =>
    re.test(value);

export const awsRegion: Format = {
  accepted: 'an AWS region such as us-east-1, eu-west-2 or us-gov-west-1',
  test: matches(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/),
};

export const awsAccountId: Format = {
  accepted: 'a 12-digit AWS account id',
  test: matches(/^\d{12}$/),
};

export const iamRoleArn: Format = {
  accepted: 'an IAM role ARN such as arn:aws:iam::123456789012:role/deploy',
  test: matches(/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/),
};

// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
export const ecrRepositoryName: Format = {
  accepted:
    'an ECR repository name: 2-256 lowercase letters, digits and . _ - separators, optionally in / namespaces (team/api)',
  test: (value) =>
    value.length >= 2 &&
    value.length <= 256 &&
    /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(value),
};

export const imageTag: Format = {
  accepted: 'an image tag: up to 128 letters, digits, _ . -, not starting with . or -',
  test: matches(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/),
};

export const sha256Digest: Format = {
  accepted: 'an image digest: sha256: followed by 64 lowercase hex digits',
  test: matches(/^sha256:[a-f0-9]{64}$/),
};

// RFC 1123 label: what Kubernetes requires of a namespace.
export const kubeNamespace: Format = {
  accepted: 'a Kubernetes namespace: up to 63 lowercase letters, digits and -, starting and ending alphanumeric',
  test: matches(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
};

// RFC 1123 subdomain: what Kubernetes requires of most object names.
export const kubeName: Format = {
  accepted: 'a Kubernetes object name: up to 253 lowercase letters, digits, - and ., starting and ending alphanumeric',
  test: (value) =>
    value.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value),
};

export const environmentName: Format = {
  accepted:
    'an environment name: up to 255 letters, digits, _ . -, starting with a letter or digit (dev, uat, prod-eu)',
  test: matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/),
};

export const gitRef: Format = {
  accepted: 'a commit SHA, branch or tag name (no spaces, no leading -, no ..)',
  // Refuses what git would read as an option or a range, so a value can never change a command.
  test: (value) =>
    value.length <= 255 && !value.startsWith('-') && !value.includes('..') && /^[\w./@^~-]+$/.test(value),
};

export const imageReference: Format = {
  accepted: 'an image reference such as registry/repo:tag or registry/repo@sha256:<64 hex digits>',
  test: (value) => parseImageReference(value) !== undefined,
};

/** A registry host[:port], e.g. the `registry` stand-in for ECR's data plane. */
export const registryHost: Format = {
  accepted: 'a registry host[:port] such as 127.0.0.1:5050 or registry.example.com',
  test: (v) => /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/.test(v),
};

/** An AWS KMS key: its id, an alias, or the ARN of either. */
export const kmsKeyId: Format = {
  accepted: 'a KMS key id, alias/<name> or ARN',
  test: (v) => /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+|alias\/[\w/-]+|[a-f0-9-]{36})$/.test(v),
};
