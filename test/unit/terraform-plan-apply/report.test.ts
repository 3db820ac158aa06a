import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeSummary } from '../../../action-helpers/outputs.js';
import type { Inputs } from '../../../src/terraform-plan-apply/inputs.js';
import {
  commentBody,
  outputsOf,
  planReportOf,
  summaryOf,
  type Outcome,
  type PlanReport,
} from '../../../src/terraform-plan-apply/report.js';

const report = (planText: string, destructive: string[] = []): PlanReport => ({
  workingDirectory: 'infra',
  environment: 'dev',
  workspace: 'default',
  binary: 'terraform 1.11.4',
  commit: 'a'.repeat(40),
  counts: { add: 3, change: 1, destroy: 0, replace: 2, move: 0, import: 0 },
  destructive,
  status: 'Plan: 3 to add.',
  planText,
  fullPlanAt: 'the job summary',
});

const planLines = (n: number) =>
  Array.from({ length: n }, (_, i) => `  # terraform_data.item[${i}] will be created`).join('\n');

describe('commentBody', () => {
  test('a plan that fits is there whole, after the marker, counts and destroyed addresses', () => {
    const body = commentBody(report('Plan: 3 to add', ['terraform_data.a']));
    expect(body.startsWith('<!-- terraform-plan-apply dir=infra env=dev -->\n')).toBe(true);
    expect(body).toContain('| 3 | 1 | 0 | 2 | 0 | 0 |');
    expect(body).toContain('**Destroys or replaces:** `terraform_data.a`');
    expect(body).toContain('```text\nPlan: 3 to add\n```');
    expect(body).not.toContain('shortened');
  });

  test.each([2_000, 10_000, 65_536])('a plan too long for %d characters is cut at a line end and says so', (limit) => {
    const text = planLines(5_000);
    const body = commentBody(report(text), limit);
    expect(body.length).toBeLessThanOrEqual(limit);
    expect(body.length).toBeGreaterThan(limit - 300);
    expect(body).toContain('| 3 | 1 | 0 | 2 | 0 | 0 |');
    expect(body).toMatch(/shortened: \d+ characters cut; the full plan is in the job summary/);
    expect(body).toMatch(/will be created\n\.\.\.\n```\n<\/details>\n$/);
  });

  test('backticks in the plan cannot close the code fence', () => {
    const body = commentBody(report('value = "````"'));
    expect(body).toContain('`````text\nvalue = "````"\n`````');
  });

  test('even thousands of destroyed addresses stay under the limit', () => {
    const destructive = Array.from({ length: 5_000 }, (_, i) => `terraform_data.item[${i}]`);
    expect(commentBody(report('x', destructive), 10_000).length).toBeLessThanOrEqual(10_000);
  });
});

const outcome = (extra: Partial<Outcome> = {}): Outcome => ({
  inputs: {
    command: 'apply',
    workingDirectoryLabel: 'infra',
    environment: 'dev',
    workspace: 'default',
    dryRun: false,
  } as Inputs,
  ...extra,
});

describe('outputsOf and summaryOf', () => {
  test('applied is false unless this run applied; lock-info is the lock as JSON', () => {
    expect(outputsOf(outcome()).applied).toBe(false);
    expect(outputsOf(outcome({ applied: true })).applied).toBe(true);
    expect(outputsOf({ ...outcome(), inputs: { ...outcome().inputs, command: 'plan' } }).applied).toBeUndefined();
    const created = new Date('2026-11-22T17:24:35.979Z');
    expect(outputsOf(outcome({ lock: { id: 'x', who: 'me@host', created } }))['lock-info']).toEqual({
      id: 'x',
      who: 'me@host',
      created: '2026-11-22T17:24:35.979Z',
    });
  });

  test('a refused apply names every difference, and says why it failed', () => {
    const summary = summaryOf(
      outcome({
        status: undefined,
        differences: ['commit: planned a, now b', 'environment: planned dev, now uat'],
        failure: { reason: 'plan-changed', message: 'Refusing to apply', expected: true },
      }),
    );
    expect(summary.lines).toEqual(
      expect.arrayContaining([
        'Failed (plan-changed): Refusing to apply',
        'Differs from the plan: commit: planned a, now b',
        'Differs from the plan: environment: planned dev, now uat',
      ]),
    );
  });

  test('a destroy of thousands of resources stays one short line', () => {
    const destructive = Array.from({ length: 5_000 }, (_, i) => `terraform_data.item[${i}]`);
    const summary = summaryOf(
      outcome({
        plan: {
          hasChanges: true,
          text: '',
          summary: { counts: report('').counts, destructive, outputChanges: 0 },
        },
      }),
    );
    const line = summary.lines!.find((l) => l.startsWith('Destroys or replaces'))!;
    expect(line).toMatch(/terraform_data\.item\[99\] and 4900 more$/);
  });
});

test('the comment links to the run', () => {
  const body = commentBody({ ...report('x'), runUrl: 'https://github.com/o/r/actions/runs/1' });
  expect(body).toContain('[Run](https://github.com/o/r/actions/runs/1)');
});

describe('the comment follows the run', () => {
  const planned = outcome({
    plan: {
      hasChanges: true,
      text: 'Plan: 1 to add',
      summary: { counts: report('').counts, destructive: [], outputChanges: 0 },
    },
    status: 'Plan: 1 to add.',
  });

  test('a failed run says so in the comment (an older good plan does not stay up)', () => {
    const failed = planReportOf({ ...planned, failure: { reason: 'plan-failed', message: 'boom', expected: true } });
    expect(commentBody(failed)).toContain('Plan: 1 to add. Failed (plan-failed): boom');
    const noPlan = planReportOf({
      ...outcome(),
      failure: { reason: 'init-failed', message: 'no backend', expected: true },
    });
    expect(commentBody(noPlan)).toContain('Failed (init-failed): no backend');
    expect(commentBody(noPlan)).toContain('(no plan: see the run)');
  });

  test('an applied run says it was applied', () => {
    expect(commentBody(planReportOf({ ...planned, status: 'Applied: 1 to add.' }))).toContain('Applied: 1 to add.');
  });

  test('failure messages lose the inline variables’ values (the summary and comment are not masked)', () => {
    const withVariables = {
      ...planned,
      inputs: { ...planned.inputs, variables: { syntax: 'json' as const, text: '{"token": "s3cr3t-value"}' } },
      failure: {
        reason: 'plan-failed',
        message: 'on inline.tfvars.json line 1: {"token": "s3cr3t-value"}',
        expected: true,
      },
    };
    expect(commentBody(planReportOf(withVariables))).not.toContain('s3cr3t-value');
    expect(summaryOf(withVariables).lines!.join('\n')).not.toContain('s3cr3t-value');
  });
});

test('a plan of several MiB keeps the job summary under GitHub’s 1 MiB limit (cut before escaping)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tpa-summary-'));
  const file = path.join(dir, 'summary');
  writeFileSync(file, '');
  const saved = process.env.GITHUB_STEP_SUMMARY;
  process.env.GITHUB_STEP_SUMMARY = file;
  try {
    // Every character escapes to 5 bytes: the worst case for a cut made after escaping.
    const text = '<"&\'>'.repeat(1_000_000);
    const summary = summaryOf(
      outcome({
        plan: { hasChanges: true, text, summary: { counts: report('').counts, destructive: [], outputChanges: 0 } },
      }),
    );
    await writeSummary(summary);
    const size = statSync(file).size;
    expect(size).toBeLessThan(1024 * 1024);
    expect(size).toBeGreaterThan(100_000);
  } finally {
    process.env.GITHUB_STEP_SUMMARY = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
