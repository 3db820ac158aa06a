#!/usr/bin/env node
// node scripts/release.mjs <tag> [--repository owner/name]
// Points every use of this repository's actions and workflows inside .github/workflows/ at <tag>
// (and at the repository's real name), so that a reusable workflow of release v1.2.0 runs the
// actions of v1.2.0, never those of another version. Run it on the release commit, then tag it:
//   node scripts/release.mjs v1.2.0 --repository my-org/eks-delivery-actions
//   npm run build && git commit -am "Release v1.2.0" && git tag -a v1.2.0 -m v1.2.0 && git tag -f v1 v1.2.0
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [tag, ...rest] = process.argv.slice(2);
const repoFlag = rest.indexOf('--repository');
const repository = repoFlag >= 0 ? rest[repoFlag + 1] : undefined;
if (
  !tag ||
  !/^v\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?$/.test(tag) ||
  (repoFlag >= 0 && !/^[\w.-]+\/[\w.-]+$/.test(repository ?? ''))
) {
  console.error('usage: node scripts/release.mjs <tag like v1.2.0> [--repository owner/name]');
  process.exit(2);
}
const suite =
  /(acme-platform\/eks-delivery-actions|[\w.-]+\/[\w.-]+)(\/(?:[\w-]+|\.github\/workflows\/[\w.-]+\.ya?ml))@[\w.-]+/g;
const current = 'acme-platform/eks-delivery-actions';
const dir = path.join(root, '.github/workflows');
for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  const next = text.replace(suite, (match, name, rest) =>
    name === current || name === repository ? `${repository ?? name}${rest}@${tag}` : match,
  );
  if (next !== text) {
    writeFileSync(full, next);
    console.log(`.github/workflows/${file}: the suite's actions now at ${tag}`);
  }
}
