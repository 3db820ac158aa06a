import { expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';

// actionlint, zizmor and act --validate over every workflow, template and the sample's caller:
// all three clean. The tools are built (Go module proxy) or installed (PyPI) into the cache once.
test('every workflow passes actionlint, zizmor and act --validate', () => {
  const result = spawnSync('bash', ['scripts/lint-workflows.sh'], { encoding: 'utf8', timeout: 900_000 });
  expect(`${result.stdout}${result.stderr}`).toContain('workflows: clean');
  expect(result.status).toBe(0);
}, 900_000);
