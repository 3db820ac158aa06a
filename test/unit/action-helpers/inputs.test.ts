import { afterEach, describe, expect, test } from '@jest/globals';
import { InputError } from '../../../action-helpers/errors.js';
import { awsRegion, ecrRepositoryName } from '../../../action-helpers/formats.js';
import {
  getBoolean,
  getDuration,
  getEnum,
  getInteger,
  getList,
  getSecret,
  getString,
  parseDuration,
  splitList,
} from '../../../action-helpers/inputs.js';

const setInput = (name: string, value: string) => {
  process.env[`INPUT_${name.toUpperCase()}`] = value;
};

afterEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
});

function errorOf(read: () => unknown): InputError {
  try {
    read();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('getString', () => {
  test('returns the trimmed value, the default when empty, undefined when optional', () => {
    setInput('name', '  api  ');
    expect(getString('name')).toBe('api');
    expect(getString('missing', { default: 'x' })).toBe('x');
    expect(getString('missing')).toBeUndefined();
  });

  test('a required input that is empty names the input and what is accepted', () => {
    const err = errorOf(() => getString('repository', { required: true, format: ecrRepositoryName }));
    expect(err.input).toBe('repository');
    expect(err.message).toBe(`Input 'repository': a value is required. Accepted: ${ecrRepositoryName.accepted}.`);
    expect(err.reason).toBe('invalid-input');
  });

  test('a value not of the format is refused with the value quoted', () => {
    setInput('aws-region', 'us-east-1; rm -rf /');
    expect(errorOf(() => getString('aws-region', { format: awsRegion })).message).toBe(
      `Input 'aws-region': "us-east-1; rm -rf /" is not valid. Accepted: ${awsRegion.accepted}.`,
    );
  });

  test('a very long value is cut in the message', () => {
    setInput('aws-region', 'x'.repeat(500));
    expect(errorOf(() => getString('aws-region', { format: awsRegion })).message.length).toBeLessThan(250);
  });
});

describe('getSecret', () => {
  test('masks the value before returning it, and never echoes it when missing', () => {
    const writes: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => writes.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      setInput('token', 's3cr3t-value');
      expect(getSecret('token')).toBe('s3cr3t-value');
    } finally {
      process.stdout.write = original;
    }
    expect(writes.join('')).toContain('::add-mask::s3cr3t-value');
    expect(errorOf(() => getSecret('other', { required: true })).message).toContain("Input 'other'");
  });
});

describe('getBoolean', () => {
  test.each([
    ['true', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['', true],
  ])('%p -> %p (default true)', (raw, expected) => {
    setInput('push', raw);
    expect(getBoolean('push', true)).toBe(expected);
  });

  test.each(['yes', '1', 'on', 'tru'])('%p is refused', (raw) => {
    setInput('push', raw);
    expect(errorOf(() => getBoolean('push', true)).message).toContain('Accepted: true or false');
  });
});

describe('getEnum', () => {
  test('accepts a listed value, falls back when empty, refuses others listing the choices', () => {
    setInput('builder', 'codebuild');
    expect(getEnum('builder', ['docker', 'codebuild'] as const, 'docker')).toBe('codebuild');
    expect(getEnum('other', ['a', 'b'] as const, 'a')).toBe('a');
    setInput('builder', 'Docker');
    expect(errorOf(() => getEnum('builder', ['docker', 'codebuild'] as const)).message).toBe(
      `Input 'builder': "Docker" is not valid. Accepted: one of docker, codebuild.`,
    );
  });
});

describe('getInteger', () => {
  test.each([
    ['900', 900],
    ['', 3600],
    ['43200', 43200],
  ])('%p -> %p', (raw, expected) => {
    setInput('n', raw);
    expect(getInteger('n', { default: 3600, min: 900, max: 43200 })).toBe(expected);
  });

  test.each(['899', '43201', '1.5', '1e3', 'ten', '0x10'])('%p is refused', (raw) => {
    setInput('n', raw);
    expect(errorOf(() => getInteger('n', { default: 3600, min: 900, max: 43200 })).message).toContain(
      'a whole number from 900 to 43200',
    );
  });
});

describe('durations', () => {
  test.each([
    ['30', 30_000],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1m30s', 90_000],
  ])('parseDuration(%p) = %p ms', (raw, ms) => {
    expect(parseDuration(raw)).toBe(ms);
  });

  test.each(['', '5 m', '5x', 'm5', '-5s', '1.5m', '5m junk'])('parseDuration(%p) is undefined', (raw) => {
    expect(parseDuration(raw)).toBeUndefined();
  });

  test('getDuration refuses values over the maximum', () => {
    setInput('timeout', '2h');
    expect(errorOf(() => getDuration('timeout', 1000, { maxMs: 3_600_000 })).message).toContain('at most 3600s');
    setInput('timeout', '10m');
    expect(getDuration('timeout', 1000)).toBe(600_000);
  });
});

describe('lists', () => {
  test('newlines (LF, CRLF, CR) and commas separate; items are trimmed; empty items dropped', () => {
    expect(splitList('a\r\nb\n c ,d\r\re,,', true)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  test('without commas, a comma stays inside an item (globs such as {a,b})', () => {
    expect(splitList('src/{a,b}/**\r\n!**/*.md', false)).toEqual(['src/{a,b}/**', '!**/*.md']);
  });

  test('getList validates every item and names the bad one', () => {
    setInput('repos', 'team/api\nBad_Name');
    expect(errorOf(() => getList('repos', { format: ecrRepositoryName })).message).toContain('"Bad_Name" is not valid');
    expect(errorOf(() => getList('empty', { required: true })).message).toContain('at least one item is required');
    setInput('repos', 'team/api, team/web');
    expect(getList('repos', { format: ecrRepositoryName })).toEqual(['team/api', 'team/web']);
  });
});
