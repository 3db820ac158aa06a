// The CodeBuild context zip holds what docker itself sends from the same context: the stack's docker
// engine builds `COPY . /ctx/` from a context with a .dockerignore and links, and the image's files
// and links are compared with the zip's entries.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipContext } from '../../../src/build-push-ecr/context-zip.js';
import { runId, useStack } from './stack.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bpe-docker-ctx-'));
const image = `bpe-context-${runId}`;

beforeAll(async () => {
  await useStack();
}, 600_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync('docker', ['image', 'rm', '--force', image], { stdio: 'ignore', env: process.env });
  } catch {
    // Not built.
  }
});

/** Paths under /ctx/ in the image's layers: regular files and links (folders left out, as in a zip). */
function imageEntries(): string[] {
  const saved = path.join(dir, '..', `${path.basename(dir)}.tar`);
  execFileSync('docker', ['save', '--output', saved, image], { env: process.env });
  const script = `
import sys, tarfile, io
names = set()
with tarfile.open(sys.argv[1]) as outer:
    for member in outer.getmembers():
        if not member.name.endswith('layer.tar'): continue
        with tarfile.open(fileobj=io.BytesIO(outer.extractfile(member).read())) as layer:
            for m in layer.getmembers():
                if m.name.startswith('ctx/') and (m.isfile() or m.issym()):
                    names.add(m.name[4:] + (' -> ' + m.linkname if m.issym() else ''))
print('\\n'.join(sorted(names)))`;
  const out = execFileSync('python3', ['-c', script, saved], { encoding: 'utf8' });
  rmSync(saved, { force: true });
  return out.split('\n').filter(Boolean);
}

test('the zip holds exactly the files and links docker copies from the context, and the build files', () => {
  const files: Record<string, string> = {
    Dockerfile: 'FROM scratch\nCOPY . /ctx/\n',
    '.dockerignore': [
      '# comment',
      'Dockerfile',
      '.dockerignore',
      '*.log',
      '**/secret.txt',
      'build',
      '!build/keep.txt',
      'node_modules',
      'docs/*.md',
      '!docs/README.md',
    ].join('\n'),
    'a.log': '1',
    'sub/a.log': '2',
    'secret.txt': 'x',
    'sub/deep/secret.txt': 'x',
    'build/out.bin': 'x',
    'build/keep.txt': 'k',
    'node_modules/x/index.js': 'x',
    'sub/node_modules/y.js': 'y',
    'docs/guide.md': 'g',
    'docs/README.md': 'r',
    'docs/img/a.png': 'p',
    'src/main.txt': 'm',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  symlinkSync('/etc/hostname', path.join(dir, 'out-link'));
  symlinkSync('main.txt', path.join(dir, 'src', 'in-link'));

  // The test's process.env holds the stack's DOCKER_HOST; child_process would not see it by default.
  execFileSync('docker', ['build', '--quiet', '--tag', image, dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: process.env,
  });
  const fromDocker = imageEntries();

  const zip = zipContext(dir).zip;
  const fromZip = execFileSync(
    'python3',
    [
      '-c',
      `import sys, zipfile, io, stat
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
for i in sorted(z.infolist(), key=lambda i: i.filename):
    link = stat.S_ISLNK(i.external_attr >> 16)
    print(i.filename + (' -> ' + z.read(i).decode() if link else ''))`,
    ],
    { input: zip, encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);

  // Docker sends the Dockerfile and .dockerignore whatever .dockerignore says, and hides them from COPY;
  // the zip must hold them too, for the docker build that CodeBuild runs from it.
  expect(fromZip).toEqual([...new Set([...fromDocker, '.dockerignore', 'Dockerfile'])].sort());
  expect(fromZip).toContain('out-link -> /etc/hostname');
}, 120_000);
