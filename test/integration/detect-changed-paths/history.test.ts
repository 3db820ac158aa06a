// History against a real local origin: no revision, however it reached git, can become an option.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { History } from '../../../src/detect-changed-paths/history.js';
import { Fixture } from './git-fixture.js';

let fx: Fixture;
let clone: string;
beforeAll(() => {
  fx = new Fixture();
  fx.commit({ 'a.txt': 'a\n' }, 'one');
  fx.commit({ 'a.txt': 'b\n' }, 'two');
  fx.push('main');
  clone = fx.clone('main');
});
afterAll(() => fx.remove());

// Each value names a file the option would create if git read it as one.
const hostile = (marker: string): string[] => [`--upload-pack=touch ${marker}; git-upload-pack`, `--output=${marker}`];

test.each(['tree', 'merge-base'] as const)(
  'a revision starting with - is never an option of fetch, cat-file, rev-parse, merge-base or diff-tree (%s)',
  async (purpose) => {
    const history = new History({ cwd: clone, remote: 'origin', maxFetchDepth: 100 });
    const head = await history.resolve({ rev: 'HEAD' }, purpose);
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    for (const [i, value] of hostile(join(fx.root, `${purpose}-marker`)).entries()) {
      const marker = join(fx.root, `${purpose}-marker`);
      // Straight to History, past the checks that refuse such values earlier.
      expect(await history.resolve({ sha: value }, purpose)).toBeUndefined();
      expect(await history.resolve({ rev: value }, purpose)).toBeUndefined();
      expect(await history.resolve({ branch: value }, purpose)).toBeUndefined();
      expect(await history.mergeBase(value, head!)).toBeUndefined();
      expect(await history.diff(value, head!, false)).toBeUndefined();
      await expect(history.allFiles(value)).rejects.toThrow();
      expect([i, existsSync(marker)]).toEqual([i, false]);
    }
  },
);
