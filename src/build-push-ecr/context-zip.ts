import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import { zipSync, type Zippable } from 'fflate';
import { InputError } from '../../action-helpers/errors.js';

/** Where a zip entry's timestamp is pinned, so the same files always make the same zip (and S3 key). */
const zipEpoch = new Date('1980-01-01T00:00:00Z');

/** The largest context uploaded for CodeBuild: it is zipped in memory, and a runaway one is a mistake. */
export const maxContextBytes = 512 * 1024 * 1024;

const fileType = 0o100000;
const linkType = 0o120000;

export interface ContextZip {
  zip: Uint8Array;
  files: number;
  /** Bytes of the files read (before compression). */
  bytes: number;
}

/**
 * The build context as a zip (CodeBuild's S3 source format), the same bytes for the same files,
 * holding what `docker build` would send from it:
 * - `.dockerignore` applied as docker applies it (@balena/dockerignore is a port of docker's
 *   matcher), the Dockerfile and `.dockerignore` always kept (docker sends them whatever it says);
 * - a symlink stored as a symlink (its target text), never followed: a link to /proc/self/environ
 *   or ~/.aws/credentials puts no content of theirs in the zip, as docker's own context tar;
 * - regular files with their permission bits; sockets, FIFOs and devices left out; `.git` left out;
 * - at most `maxBytes` of file content, refused before reading past it.
 */
export function zipContext(dir: string, options: { dockerfile?: string; maxBytes?: number } = {}): ContextZip {
  const maxBytes = options.maxBytes ?? maxContextBytes;
  const dockerignore = readIgnoreFile(dir);
  const matcher = ignore().add(dockerignore);
  const hasExceptions = dockerignore.some((line) => line.trim().startsWith('!'));
  const keep = new Set([
    '.dockerignore',
    toPosix(path.relative(dir, options.dockerfile ?? path.join(dir, 'Dockerfile'))),
  ]);
  const files: Zippable = {};
  let bytes = 0;
  let count = 0;

  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(dir, relative)).sort()) {
      if (relative === '' && name === '.git') continue;
      const entry = relative ? `${relative}/${name}` : name;
      const stat = lstatSync(path.join(dir, entry));
      const ignored = !keep.has(entry) && matcher.ignores(entry);
      if (stat.isDirectory()) {
        // An ignored folder is still walked when an exception (`!`) may bring back something below it.
        if (!ignored || hasExceptions) walk(entry);
        continue;
      }
      if (ignored) continue;
      if (stat.isSymbolicLink()) {
        const target = readlinkSync(path.join(dir, entry));
        bytes += target.length;
        files[entry] = [Buffer.from(target), { mtime: zipEpoch, os: 3, attrs: (linkType | 0o777) << 16, level: 0 }];
      } else if (stat.isFile()) {
        bytes += stat.size;
        if (bytes > maxBytes) {
          throw new InputError(
            'context',
            `is larger than ${maxBytes / 1024 / 1024} MiB (at ${JSON.stringify(entry)}) once .dockerignore is applied`,
            `a smaller context for builder codebuild: list what the build does not need in .dockerignore`,
          );
        }
        // Unix permissions in the external attributes: scripts stay executable inside the build.
        files[entry] = [
          readFileSync(path.join(dir, entry)),
          { mtime: zipEpoch, os: 3, attrs: (fileType | (stat.mode & 0o777)) << 16 },
        ];
      } else {
        continue;
      }
      count++;
    }
  };
  try {
    walk('');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENAMETOOLONG') {
      throw new InputError(
        'context',
        `holds a path that cannot be read (${code})`,
        'a context of ordinary files and folders',
      );
    }
    throw err;
  }
  return { zip: zipSync(files, { level: 6 }), files: count, bytes };
}

function readIgnoreFile(dir: string): string[] {
  const file = path.join(dir, '.dockerignore');
  const stat = lstatSync(file, { throwIfNoEntry: false });
  // A .dockerignore that is a link is not followed either: docker reads it inside the context only.
  if (!stat?.isFile()) return [];
  return readFileSync(file, 'utf8').split(/\r?\n/);
}

// The package is CommonJS with `factory.default = factory`: `.default` is the factory however it is loaded.
const ignore = dockerignore.default;

const toPosix = (p: string) => p.split(path.sep).join('/');
