import { describe, expect, test } from '@jest/globals';
import { commentBody, summaryPlanText, type PlanReport } from '../../../src/terraform-plan-apply/report.js';

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

test('summaryPlanText keeps a plan under the job summary limit', () => {
  expect(summaryPlanText('short', 'x')).toBe('short');
  const long = summaryPlanText('a'.repeat(1_000_000), 'the bundle');
  expect(long.length).toBeLessThan(1_000_000);
  expect(long).toMatch(/shortened; the full plan is in the bundle\)$/);
});
