// The CodeBuild context zip against hostile contexts: links out of the context, loops, huge files,
// paths too long to read. Docker's own .dockerignore behaviour is compared for real in
// test/integration/build-push-ecr/context-zip.test.ts.
import { afterAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { InputError } from '../../../action-helpers/errors.js';
import { zipContext } from '../../../src/build-push-ecr/context-zip.js';

const made: string[] = [];
afterAll(() => {
  // GNU rm walks a tree deeper than a path can name (the ENAMETOOLONG test); node's rmSync cannot.
  execFileSync('rm', ['-rf', '--', ...made]);
});

function context(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bpe-ctx-'));
  made.push(dir);
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Each entry of a zip with its unix mode (from the external attributes), read by Python's zipfile. */
function entries(zip: Uint8Array): Record<string, { mode: string; text: string }> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bpe-z-')), 'c.zip');
  made.push(path.dirname(file));
  writeFileSync(file, zip);
  const modes = JSON.parse(
    execFileSync(
      'python3',
      [
        '-c',
        'import sys,json,zipfile;print(json.dumps({i.filename:oct(i.external_attr>>16) for i in zipfile.ZipFile(sys.argv[1]).infolist()}))',
        file,
      ],
      { encoding: 'utf8' },
    ),
  ) as Record<string, string>;
  const contents = unzipSync(zip);
  return Object.fromEntries(
    Object.entries(modes).map(([name, mode]) => [name, { mode, text: Buffer.from(contents[name]!).toString() }]),
  );
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('no InputError');
}

describe('zipContext never follows a link', () => {
  test('links out of the context are stored as links: the zip holds their target path, not the content', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'bpe-outside-'));
    made.push(outside);
    const marker = `AWS_SECRET_ACCESS_KEY=never-${Date.now()}`;
    writeFileSync(path.join(outside, 'credentials'), marker);
    mkdirSync(path.join(outside, 'huge'));
    writeFileSync(path.join(outside, 'huge', 'file'), marker);
    const dir = context({ 'app/main.txt': 'hello' });
    symlinkSync(path.join(outside, 'credentials'), path.join(dir, 'credentials'));
    symlinkSync('/proc/self/environ', path.join(dir, 'environ'));
    symlinkSync(path.join(outside, 'huge'), path.join(dir, 'huge'));
    symlinkSync('main.txt', path.join(dir, 'app', 'alias.txt'));

    const { zip } = zipContext(dir);
    expect(Buffer.from(zip).toString('latin1')).not.toContain(marker);
    const listed = entries(zip);
    expect(Object.keys(listed).sort()).toEqual([
      'Dockerfile',
      'app/alias.txt',
      'app/main.txt',
      'credentials',
      'environ',
      'huge',
    ]);
    expect(listed.credentials).toEqual({ mode: '0o120777', text: path.join(outside, 'credentials') });
    expect(listed.environ).toEqual({ mode: '0o120777', text: '/proc/self/environ' });
    expect(listed.huge).toEqual({ mode: '0o120777', text: path.join(outside, 'huge') });
    expect(listed['app/alias.txt']).toEqual({ mode: '0o120777', text: 'main.txt' });
    expect(listed['app/main.txt']).toEqual({ mode: '0o100644', text: 'hello' });
  });

  test('a link loop is a link like any other, not an ELOOP', () => {
    const dir = context();
    symlinkSync('loop', path.join(dir, 'loop'));
    symlinkSync('b', path.join(dir, 'a'));
    symlinkSync('a', path.join(dir, 'b'));
    expect(Object.keys(entries(zipContext(dir).zip)).sort()).toEqual(['Dockerfile', 'a', 'b', 'loop']);
  });
});

describe('zipContext refuses what it cannot send, as an input error', () => {
  test('a context larger than the cap, before reading the file that crosses it', () => {
    const dir = context({ 'small.txt': 'x' });
    // Sparse: 600 MiB by its size, no disk used. Read, it would take the memory the cap protects.
    writeFileSync(path.join(dir, 'big.bin'), '');
    truncateSync(path.join(dir, 'big.bin'), 600 * 1024 * 1024);
    const error = inputError(() => zipContext(dir));
    expect(error.input).toBe('context');
    expect(error.message).toMatch(
      /^Input 'context': is larger than 512 MiB \(at "big.bin"\) once .dockerignore is applied\. Accepted: .*\.dockerignore/,
    );
  });

  test('what .dockerignore leaves out does not count', () => {
    const dir = context({ '.dockerignore': 'big.bin\n' });
    writeFileSync(path.join(dir, 'big.bin'), '');
    truncateSync(path.join(dir, 'big.bin'), 600 * 1024 * 1024);
    expect(Object.keys(entries(zipContext(dir).zip)).sort()).toEqual(['.dockerignore', 'Dockerfile']);
  });

  test('a path longer than the system takes (ENAMETOOLONG)', () => {
    const dir = context();
    // Made one folder at a time from inside, the only way to make a path the system cannot name whole.
    execFileSync('bash', [
      '-c',
      'cd "$1" && for i in $(seq 1 250); do mkdir d234567890123456789 && cd d234567890123456789; done && touch deep',
      '-',
      dir,
    ]);
    const error = inputError(() => zipContext(dir));
    expect(error.message).toBe(
      "Input 'context': holds a path that cannot be read (ENAMETOOLONG). Accepted: a context of ordinary files and folders.",
    );
  });
});

describe('.dockerignore', () => {
  test("docker's rules: root-anchored names, ** across folders, exceptions, the Dockerfile and .dockerignore kept", () => {
    const dir = context({
      '.dockerignore': [
        '# comment',
        'Dockerfile',
        '.dockerignore',
        '*.log',
        '**/secret.txt',
        'build',
        '!build/keep.txt',
        'node_modules',
      ].join('\n'),
      'a.log': '1',
      'sub/a.log': 'kept: * does not cross folders',
      'secret.txt': 'x',
      'sub/deep/secret.txt': 'x',
      'build/out.bin': 'x',
      'build/keep.txt': 'kept by the exception',
      'node_modules/x/index.js': 'x',
      'sub/node_modules/y.js': 'kept: names are anchored at the root',
      'src/main.txt': 'kept',
    });
    expect(Object.keys(entries(zipContext(dir).zip)).sort()).toEqual([
      '.dockerignore',
      'Dockerfile',
      'build/keep.txt',
      'src/main.txt',
      'sub/a.log',
      'sub/node_modules/y.js',
    ]);
  });
});
