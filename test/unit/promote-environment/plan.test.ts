import { expect, test } from '@jest/globals';
import { readInputs } from '../../../src/promote-environment/inputs.js';
import { decideTags, modeOf } from '../../../src/promote-environment/plan.js';
import { withInputs } from '../../support/inputs.js';

const digest = 'sha256:' + 'a'.repeat(64);
const other = 'sha256:' + 'b'.repeat(64);

test.each([
  ['all there', [{ tag: 'uat', digest }], false, { kind: 'skip' }],
  ['none there', [{ tag: 'uat' }, { tag: 'v1' }], true, { kind: 'promote', tags: ['uat', 'v1'], moving: [] }],
  [
    'one there, one missing',
    [{ tag: 'uat', digest }, { tag: 'v1' }],
    true,
    { kind: 'promote', tags: ['v1'], moving: [] },
  ],
  [
    'mutable tag elsewhere moves',
    [{ tag: 'uat', digest: other }],
    false,
    { kind: 'promote', tags: ['uat'], moving: [{ tag: 'uat', digest: other }] },
  ],
  [
    'immutable tag elsewhere conflicts',
    [{ tag: 'v1' }, { tag: 'uat', digest: other }],
    true,
    { kind: 'conflict', tag: 'uat', existingDigest: other },
  ],
])('decideTags: %s', (_name, states, immutable, expected) => {
  expect(decideTags(states, digest, immutable)).toEqual(expected);
});

const base = {
  repository: 'team/api',
  source: 'v1',
  'source-environment': 'dev',
  'target-environment': 'uat',
  'aws-region': 'eu-west-1',
};
test.each([
  [{}, '1.dkr.ecr', 'retag'],
  [{ 'target-repository': 'team/api-prod' }, '1.dkr.ecr', 'copy'],
  [{ 'target-registry': '127.0.0.1:5050' }, '127.0.0.1:5050', 'retag'],
  [{ 'target-registry': '127.0.0.1:5051' }, '127.0.0.1:5050', 'copy'],
  [
    { 'target-registry': '210987654321.dkr.ecr.eu-west-1.amazonaws.com' },
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    'copy',
  ],
])('modeOf %j from %s: %s', (raw, sourceHost, mode) => {
  expect(modeOf(withInputs({ ...base, ...raw }, readInputs), sourceHost)).toBe(mode);
});
