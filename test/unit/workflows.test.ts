import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The rules every workflow this repository ships follows (the reusable workflows, the caller
 * templates, the sample's caller), checked on the files themselves. actionlint, zizmor and
 * act --validate run over the same files in scripts/lint-workflows.sh.
 */
const root = process.cwd();
const suite = 'acme-platform/eks-delivery-actions';
const files = [
  ...readdirSync(path.join(root, '.github/workflows')).map((f) => `.github/workflows/${f}`),
  ...readdirSync(path.join(root, 'workflows-templates'))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => `workflows-templates/${f}`),
  'examples/hello-service/.github/workflows/delivery.yml',
];

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on'?: string;
  uses?: string;
  permissions?: unknown;
  'timeout-minutes'?: number;
  environment?: unknown;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  secrets?: unknown;
  steps?: Step[];
}
const workflows = files.map((file) => ({
  file,
  doc: parse(readFileSync(path.join(root, file), 'utf8')) as { jobs: Record<string, Job> },
}));
const jobs = workflows.flatMap(({ file, doc }) => Object.entries(doc.jobs).map(([id, job]) => ({ file, id, job })));
const steps = jobs.flatMap(({ file, id, job }) => (job.steps ?? []).map((step) => ({ where: `${file} ${id}`, step })));
const uses = [
  ...jobs.map(({ file, job }) => ({ where: file, uses: job.uses })),
  ...steps.map(({ where, step }) => ({ where, uses: step.uses })),
].filter((u): u is { where: string; uses: string } => typeof u.uses === 'string');

describe('workflows', () => {
  test('every job that runs steps has minimal permissions and a timeout', () => {
    const missing = jobs
      .filter(({ job }) => job.steps && (job.permissions === undefined || job['timeout-minutes'] === undefined))
      .map(({ file, id }) => `${file} ${id}`);
    // ci.yml sets its permissions once at the top; every other file sets them per job.
    expect(missing.filter((where) => !where.startsWith('.github/workflows/ci.yml'))).toEqual([]);
  });

  test('no expression inside a run: script (values reach scripts through env:)', () => {
    expect(steps.filter(({ step }) => step.run?.includes('${{')).map(({ where }) => where)).toEqual([]);
  });

  test('no secrets: inherit', () => {
    expect(jobs.filter(({ job }) => job.secrets === 'inherit').map(({ file, id }) => `${file} ${id}`)).toEqual([]);
  });

  test('third-party actions are pinned to a full commit SHA', () => {
    const unpinned = uses.filter(
      ({ uses: u }) => !u.startsWith('./') && !u.startsWith(`${suite}/`) && !/@[0-9a-f]{40}$/.test(u),
    );
    expect(unpinned).toEqual([]);
  });

  test("the suite's own actions and workflows are all called at one ref (the release's)", () => {
    const refs = new Set(uses.filter(({ uses: u }) => u.startsWith(`${suite}/`)).map(({ uses: u }) => u.split('@')[1]));
    expect(refs.size).toBe(1);
  });

  test('checkout never persists credentials', () => {
    const persisting = steps.filter(
      ({ step }) => step.uses?.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false,
    );
    expect(persisting.map(({ where }) => where)).toEqual([]);
  });

  test('jobs that deploy name their environment and queue per environment, never cancelling a deploy', () => {
    const deploying = jobs.filter(({ job }) =>
      (job.steps ?? []).some(
        (s) => /(kubectl-rollout|terraform-plan-apply)@/.test(s.uses ?? '') && s.with?.command !== 'plan',
      ),
    );
    expect(deploying.length).toBeGreaterThan(0);
    for (const { file, id, job } of deploying) {
      expect([file, id, job.environment !== undefined]).toEqual([file, id, true]);
      expect([file, id, job.concurrency?.group.startsWith('deploy-'), job.concurrency?.['cancel-in-progress']]).toEqual(
        [file, id, true, false],
      );
    }
  });
});

describe('action.yml files', () => {
  const actions = readdirSync(path.join(root, 'src'));
  test.each(actions)('%s: no expression in a description (act evaluates them and fails the step)', (action) => {
    const doc = parse(readFileSync(path.join(root, action, 'action.yml'), 'utf8')) as {
      description: string;
      inputs?: Record<string, { description: string }>;
      outputs?: Record<string, { description: string }>;
    };
    const descriptions = [
      doc.description,
      ...Object.values(doc.inputs ?? {}).map((i) => i.description),
      ...Object.values(doc.outputs ?? {}).map((o) => o.description),
    ];
    expect(descriptions.filter((d) => d.includes('${{'))).toEqual([]);
  });
});
