import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../../action-helpers/errors.js';
import type { Finding } from '../../../src/scan-image/findings.js';
import { atOrAbove, evaluate, parseIgnoreFile, policyHash, type Policy } from '../../../src/scan-image/policy.js';

const now = new Date('2026-06-15T12:00:00Z');
const finding = (id: string, severity: Finding['severity'], more: Partial<Finding> = {}): Finding => ({
  id,
  aliases: [],
  severity,
  fixState: 'fixed',
  source: 'test',
  ...more,
});
const policy = (more: Partial<Policy> = {}): Policy => ({
  failOn: 'high',
  ignoreUnfixed: false,
  ignores: [],
  failOnStaleIgnores: false,
  ...more,
});
const ignores = (text: string) => parseIgnoreFile(text, 'ignore-file', 'ignore.yaml');

describe('fail-on thresholds', () => {
  test.each([
    ['critical', 'critical', true],
    ['high', 'critical', false],
    ['critical', 'high', true],
    ['high', 'high', true],
    ['medium', 'high', false],
    ['low', 'low', true],
    ['unknown', 'low', false],
    ['unknown', 'any', true],
    ['critical', 'none', false],
  ] as const)('%s at or above %s: %s', (severity, threshold, expected) => {
    expect(atOrAbove(severity, threshold)).toBe(expected);
  });
});

describe('the ignore file', () => {
  test('a list of exceptions, ids canonical, with their lines', () => {
    const rules = ignores(
      '# comment\n- id: cve-2024-1234\n  package: openssl\n  version: "3.0.2"\n  reason: not reachable\n  expires: "2026-07-01"\n- id: GHSA-35JH-R3H4-6JHM\n  reason: templates are ours\n  expires: 2026-12-31\n',
    );
    expect(rules).toEqual([
      {
        id: 'CVE-2024-1234',
        package: 'openssl',
        version: '3.0.2',
        reason: 'not reachable',
        expires: '2026-07-01',
        line: 2,
      },
      {
        id: 'GHSA-35jh-r3h4-6jhm',
        package: undefined,
        version: undefined,
        reason: 'templates are ours',
        expires: '2026-12-31',
        line: 7,
      },
    ]);
  });

  test('an empty file is no exceptions', () => {
    expect(ignores('')).toEqual([]);
    expect(ignores('# nothing yet\n')).toEqual([]);
  });

  test.each([
    ['not a list', 'id: CVE-2024-1\n', /line 1: the file must be a list/],
    ['YAML syntax', '- id: CVE-2024-1\n  reason: "unclosed\n', /line 3: Missing closing "quote\./],
    ['an item that is not a mapping', '- CVE-2024-1\n', /line 1: an exception must be a mapping/],
    [
      'an unknown key',
      '- id: CVE-2024-1\n  reason: r\n  expires: "2026-01-01"\n  pakage: x\n',
      /line 4: unknown key "pakage"/,
    ],
    ['no id', '- reason: r\n  expires: "2026-01-01"\n', /line 1: id is required/],
    [
      'a bad id',
      '- id: "not an id"\n  reason: r\n  expires: "2026-01-01"\n',
      /line 1: id "not an id" is not an advisory id/,
    ],
    ['no reason', '- id: CVE-2024-1\n  expires: "2026-01-01"\n', /line 1: reason is required/],
    ['no expiry', '- id: CVE-2024-1\n  reason: r\n', /line 1: expires is required/],
    [
      'an impossible date',
      '- id: CVE-2024-1\n  reason: r\n  expires: "2026-02-30"\n',
      /line 1: expires "2026-02-30" is not a date/,
    ],
    [
      'a version YAML reads as a number',
      '- id: CVE-2024-1\n  version: 1.10\n  reason: r\n  expires: "2026-01-01"\n',
      /line 2: version must be a text value \(quote it: "1.10"\)/,
    ],
    ['a duplicate key', '- id: CVE-2024-1\n  id: CVE-2024-2\n', /line 2/],
    [
      'the same exception twice',
      '- id: CVE-2024-1234\n  reason: r\n  expires: "2026-01-01"\n- id: cve-2024-1234\n  reason: s\n  expires: "2026-02-01"\n',
      /line 4: CVE-2024-1234 is already excepted on line 1/,
    ],
  ])('%s is an input error naming the line', (_, text, message) => {
    let error: unknown;
    try {
      ignores(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('ignore-file');
    expect((error as InputError).message).toMatch(/^Input 'ignore-file': ignore\.yaml /);
    expect((error as InputError).message).toMatch(message);
  });
});

describe('evaluate', () => {
  test('aliases match both ways: an exception by GHSA covers the CVE finding, one by CVE the GHSA finding', () => {
    const findings = [
      finding('CVE-2021-23337', 'high', { aliases: ['GHSA-35jh-r3h4-6jhm'], package: 'lodash' }),
      finding('GHSA-p6mc-m468-83gw', 'high', { aliases: ['CVE-2020-8203'], package: 'lodash.set' }),
    ];
    const rules = ignores(
      '- id: GHSA-35jh-r3h4-6jhm\n  reason: a\n  expires: "2026-12-31"\n- id: CVE-2020-8203\n  reason: b\n  expires: "2026-12-31"\n',
    );
    const verdict = evaluate(findings, policy({ ignores: rules }), now);
    expect(verdict.excepted.map((e) => `${e.finding.id}<-${e.rule.id}`)).toEqual([
      'CVE-2021-23337<-GHSA-35jh-r3h4-6jhm',
      'GHSA-p6mc-m468-83gw<-CVE-2020-8203',
    ]);
    expect(verdict).toMatchObject({ passed: true, counts: { total: 0 }, stale: [] });
  });

  test('package and version narrow an exception', () => {
    const findings = [
      finding('CVE-2021-23337', 'high', { package: 'lodash', version: '4.17.20' }),
      finding('CVE-2021-23337', 'high', { package: 'lodash', version: '4.17.15' }),
      finding('CVE-2021-23337', 'high', { package: 'lodash-es', version: '4.17.20' }),
    ];
    const rules = ignores(
      '- id: CVE-2021-23337\n  package: lodash\n  version: "4.17.20"\n  reason: a\n  expires: "2026-12-31"\n',
    );
    const verdict = evaluate(findings, policy({ ignores: rules }), now);
    expect(verdict.excepted).toHaveLength(1);
    expect(verdict.counts.high).toBe(2);
  });

  test('an exception applies through its expiry day (UTC), then no longer, and is reported with what it would cover', () => {
    const findings = [finding('CVE-2024-1', 'critical')];
    const rules = ignores('- id: CVE-2024-1\n  reason: a\n  expires: "2026-06-15"\n');
    expect(evaluate(findings, policy({ ignores: rules }), new Date('2026-06-15T23:59:59Z')).passed).toBe(true);
    const after = evaluate(findings, policy({ ignores: rules }), new Date('2026-06-16T00:00:00Z'));
    expect(after).toMatchObject({ passed: false, counts: { critical: 1 }, stale: [] });
    expect(after.expired).toEqual([{ rule: rules[0], matches: 1 }]);
  });

  test('stale exceptions are reported, and fail the gate only with fail-on-stale-ignores', () => {
    const rules = ignores('- id: CVE-2000-1\n  reason: gone\n  expires: "2026-12-31"\n');
    expect(evaluate([], policy({ ignores: rules }), now)).toMatchObject({ passed: true, stale: rules });
    expect(evaluate([], policy({ ignores: rules, failOnStaleIgnores: true }), now)).toMatchObject({
      passed: false,
      stale: rules,
    });
  });

  test('ignore-unfixed leaves out findings known to have no fix, never those whose fix state is unknown', () => {
    const findings = [
      finding('CVE-1', 'critical', { fixState: 'not-fixed' }),
      finding('CVE-2', 'critical', { fixState: 'unknown' }),
      finding('CVE-3', 'low', { fixState: 'fixed' }),
    ];
    const verdict = evaluate(findings, policy({ ignoreUnfixed: true }), now);
    expect(verdict.unfixed.map((f) => f.id)).toEqual(['CVE-1']);
    expect(verdict.counts).toEqual({ critical: 1, high: 0, medium: 0, low: 1, unknown: 0, total: 2 });
    expect(verdict.passed).toBe(false);
  });

  test('fail-on none reports only; counts are the same whatever fail-on is', () => {
    const findings = [finding('CVE-1', 'critical'), finding('CVE-2', 'medium'), finding('CVE-3', 'unknown')];
    const none = evaluate(findings, policy({ failOn: 'none' }), now);
    const medium = evaluate(findings, policy({ failOn: 'medium' }), now);
    const any = evaluate(findings, policy({ failOn: 'any' }), now);
    expect(none).toMatchObject({ passed: true, failing: [] });
    expect(medium.failing.map((f) => f.id)).toEqual(['CVE-1', 'CVE-2']);
    expect(any.failing).toHaveLength(3);
    expect(none.counts).toEqual(medium.counts);
  });
});

describe('policyHash', () => {
  const rules = ignores(
    '- id: CVE-2024-1\n  reason: first wording\n  expires: "2026-12-31"\n- id: CVE-2024-2\n  reason: r\n  expires: "2026-12-31"\n',
  );
  test('changes with what decides a verdict', () => {
    const base = policyHash(policy({ ignores: rules }));
    expect(policyHash(policy({ ignores: rules, failOn: 'critical' }))).not.toBe(base);
    expect(policyHash(policy({ ignores: rules, ignoreUnfixed: true }))).not.toBe(base);
    expect(policyHash(policy({ ignores: rules, failOnStaleIgnores: true }))).not.toBe(base);
    expect(policyHash(policy({ ignores: [{ ...rules[0]!, expires: '2027-01-01' }, rules[1]!] }))).not.toBe(base);
    expect(policyHash(policy())).not.toBe(base);
  });
  test('not with a reason reworded or the exceptions reordered', () => {
    const base = policyHash(policy({ ignores: rules }));
    expect(policyHash(policy({ ignores: [rules[1]!, { ...rules[0]!, reason: 'reworded', line: 9 }] }))).toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
