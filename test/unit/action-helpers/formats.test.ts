import { describe, expect, test } from '@jest/globals';
import * as formats from '../../../action-helpers/formats.js';
import type { Format } from '../../../action-helpers/formats.js';
import { formatImageReference, parseImageReference } from '../../../action-helpers/image-reference.js';

const digest = `sha256:${'a'.repeat(64)}`;

const cases: [string, Format, string[], string[]][] = [
  [
    'awsRegion',
    formats.awsRegion,
    ['us-east-1', 'eu-west-2', 'us-gov-west-1', 'ap-southeast-3', 'cn-north-1'],
    ['', 'us-east', 'US-EAST-1', 'us_east_1', 'us-east-1 ', 'us-east-1;x'],
  ],
  [
    'awsAccountId',
    formats.awsAccountId,
    ['123456789012', '000000000000'],
    ['12345678901', '1234567890123', 'abcdefghijkl'],
  ],
  [
    'iamRoleArn',
    formats.iamRoleArn,
    [
      'arn:aws:iam::123456789012:role/deploy',
      'arn:aws-us-gov:iam::123456789012:role/path/to/ci-role',
      'arn:aws:iam::123456789012:role/a+b=c,d.e@f-g',
    ],
    [
      'arn:aws:iam::123456789012:user/bob',
      'arn:aws:iam::12345:role/x',
      'arn:aws:sts::123456789012:role/x',
      'arn:aws:iam::123456789012:role/',
      'arn:aws:iam::123456789012:role/x y',
    ],
  ],
  [
    'ecrRepositoryName',
    formats.ecrRepositoryName,
    ['api', 'team/api', 'a.b_c-d/e', 'my-team/sub/service'],
    ['a', 'API', 'team//api', '/api', 'api/', 'api-', 'a..b', 'x'.repeat(257), 'api:latest'],
  ],
  [
    'imageTag',
    formats.imageTag,
    ['latest', 'v1.2.3', 'a1b2c3d', '_x', 'A'.repeat(128)],
    ['', '.x', '-x', 'a:b', 'a/b', 'A'.repeat(129), 'a b'],
  ],
  [
    'sha256Digest',
    formats.sha256Digest,
    [digest],
    ['sha256:abc', `sha256:${'A'.repeat(64)}`, `sha512:${'a'.repeat(64)}`],
  ],
  [
    'kubeNamespace',
    formats.kubeNamespace,
    ['default', 'team-a', 'a', 'x'.repeat(63)],
    ['Team', '-a', 'a-', 'a.b', 'x'.repeat(64), ''],
  ],
  ['kubeName', formats.kubeName, ['api', 'api.v1', 'a-b.c-d'], ['API', 'a_b', '.a', 'a.', `${'a'.repeat(254)}`]],
  [
    'environmentName',
    formats.environmentName,
    ['dev', 'uat', 'prod-eu', 'Prod_2'],
    ['', '-dev', 'prod eu', 'a/b', 'x'.repeat(256)],
  ],
  [
    'gitRef',
    formats.gitRef,
    ['main', 'feature/x', 'v1.2.3', 'abc123', 'HEAD~1', 'refs/heads/main'],
    ['-x', '--upload-pack=evil', 'a..b', 'a b', 'a;b', '$(x)'],
  ],
  [
    'imageReference',
    formats.imageReference,
    [
      'api',
      'team/api:v1',
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/api@${digest}`,
      `localhost:5000/a/b:t@${digest}`,
      '127.0.0.1:5050/x',
    ],
    ['', 'API', 'api:', 'api@sha256:abc', 'a b', 'api:tag:tag', 'https://x/y'],
  ],
];

describe.each(cases)('%s', (_name, format, good, bad) => {
  test.each(good)('accepts %p', (value) => expect(format.test(value)).toBe(true));
  test.each(bad)('refuses %p', (value) => expect(format.test(value)).toBe(false));
  test('says what is accepted', () => expect(format.accepted.length).toBeGreaterThan(10));
});

describe('parseImageReference', () => {
  test.each([
    ['api', { repository: 'api' }],
    ['team/api:v1', { repository: 'team/api', tag: 'v1' }],
    ['localhost/api', { registry: 'localhost', repository: 'api' }],
    ['127.0.0.1:5050/team/api:v1', { registry: '127.0.0.1:5050', repository: 'team/api', tag: 'v1' }],
    [`r.example.com/api:v1@${digest}`, { registry: 'r.example.com', repository: 'api', tag: 'v1', digest }],
    [`r.example.com/api@${digest}`, { registry: 'r.example.com', repository: 'api', digest }],
  ])('%s', (value, expected) => {
    const parsed = parseImageReference(value);
    expect(parsed).toEqual({ registry: undefined, tag: undefined, digest: undefined, ...expected });
    expect(formatImageReference(parsed!)).toBe(value);
  });
});
