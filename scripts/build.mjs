// Bundles every action into dist/<action>/index.js: tsc compiles src/ and action-helpers/ into lib/,
// then ncc bundles each action's entry with its dependencies into one file.
//   node scripts/build.mjs [action...]           rebuild dist/ (every action, or those named)
//   node scripts/build.mjs --check [action...]   build into a temp dir and fail if the committed dist/ differs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ncc from '@vercel/ncc';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const allActions = readdirSync(join(root, 'src'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const named = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const unknown = named.filter((name) => !allActions.includes(name));
if (unknown.length > 0) {
  console.error(`unknown action(s): ${unknown.join(', ')}; known: ${allActions.join(', ')}`);
  process.exit(2);
}
const actions = named.length > 0 ? named : allActions;

// Inside the repository, so that ncc resolves the dependencies from node_modules/, and at a fixed
// path, because ncc writes module paths into the bundle and check-dist compares bundles byte for byte.
const lib = join(root, 'lib');
const lockDir = join(root, '.build-lock');
await lockBuild();
rmSync(lib, { recursive: true, force: true });
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', lib],
    {
      stdio: 'inherit',
    },
  );
  // ncc reads the module type from the nearest package.json, as node will at run time.
  writeFileSync(join(lib, 'package.json'), '{"type":"module"}\n');
  const out = check ? mkdtempSync(join(tmpdir(), 'eks-actions-dist-')) : join(root, 'dist');
  const bundles = await Promise.all(
    actions.map(async (action) => {
      const { code, assets } = await ncc(join(lib, 'src', action, 'index.js'), {
        minify: false,
        sourceMap: false,
        license: 'licenses.txt',
        quiet: true,
        target: 'es2022',
      });
      return { action, code, assets };
    }),
  );
  const differences = [];
  for (const { action, code, assets } of bundles) {
    const dir = join(out, action);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = {
      'index.js': code,
      ...Object.fromEntries(Object.entries(assets).map(([name, a]) => [name, a.source])),
    };
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
      if (check) {
        const committed = join(root, 'dist', action, name);
        if (!existsSync(committed) || !readFileSync(committed).equals(readFileSync(join(dir, name)))) {
          differences.push(`dist/${action}/${name}`);
        }
      }
    }
    if (!check) console.log(`dist/${action}/index.js  ${(Buffer.byteLength(code) / 1024).toFixed(0)} KiB`);
  }
  if (check) {
    rmSync(out, { recursive: true, force: true });
    if (differences.length > 0) {
      console.error(`dist/ is stale; run npm run build and commit:\n  ${differences.join('\n  ')}`);
      process.exit(1);
    }
    console.log(`dist/ matches the sources (${actions.length} bundles)`);
  }
} finally {
  rmSync(lib, { recursive: true, force: true });
  rmSync(lockDir, { recursive: true, force: true });
}

// Two builds at once (say, two terminals) would share lib/: the second waits for the first.
async function lockBuild() {
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return;
    } catch {
      const holder = lockHolder();
      // No pid yet means the holder is between mkdir and writing it: wait rather than break in.
      if ((holder !== 0 && !isAlive(holder)) || waited > 600_000) rmSync(lockDir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function lockHolder() {
  try {
    return Number(readFileSync(join(lockDir, 'pid'), 'utf8').trim() || 0);
  } catch {
    return 0;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
