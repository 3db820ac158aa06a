/**
 * The changes git lists between two commits, read from `git diff-tree -z`: this action's own
 * parsing, kept beside the action (git.ts only runs git). Fields are split on NUL bytes before they
 * are decoded, so a name with a newline, a tab, quotes or non-ASCII bytes comes back exactly as git
 * stored it. It imports nothing, so early.ts can start the diff before the rest of the bundle loads.
 */
export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed' | 'unmerged';

export interface FileChange {
  status: ChangeStatus;
  /** The path at head (for a deletion, the path that was deleted). */
  path: string;
  /** For renames and copies: the path at base. */
  previousPath?: string;
}

const statusByLetter: Record<string, ChangeStatus> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type-changed',
  U: 'unmerged',
  X: 'unmerged',
};

/** Parses `git diff --name-status -z`: `STATUS\0path\0`, and for renames and copies `R<score>\0old\0new\0`. */
export function parseNameStatusZ(output: Buffer): FileChange[] {
  // One decode and one native split: a NUL byte is never part of a UTF-8 sequence, so splitting the
  // decoded text is the same as decoding each field, and much faster for 50,000 of them.
  const fields = output.toString('utf8').split('\0');
  // Every field ends with a NUL, so the last piece of the split is empty.
  if (fields[fields.length - 1] === '') fields.pop();
  const changes: FileChange[] = [];
  const n = fields.length;
  let i = 0;
  while (i < n) {
    const code = fields[i++]!;
    const status = statusByLetter[code[0] ?? ''];
    if (!status) throw new Error(`unexpected git status ${JSON.stringify(code)} in diff output`);
    const twoPaths = status === 'renamed' || status === 'copied';
    if (i + (twoPaths ? 2 : 1) > n) throw new Error('truncated git diff output');
    const path = fields[i++]!;
    if (twoPaths) changes.push({ status, path: fields[i++]!, previousPath: path });
    else changes.push({ status, path });
  }
  return changes;
}

/** Splits NUL-terminated names (`ls-tree -z --name-only`). */
export function splitZ(output: Buffer): string[] {
  return output
    .toString('utf8')
    .split('\0')
    .filter((name) => name !== '');
}

/**
 * `git diff-tree` arguments listing the files that differ between two commits, NUL-separated with
 * their status. Plumbing, so user settings such as diff.renames or diff.relative cannot change it;
 * renames (`-M`) only when asked: exact ones always, similar ones within git's rename limit.
 * `--end-of-options` keeps a revision that starts with `-` from ever being read as an option.
 */
export function diffTreeArgs(base: string, head: string, renames: boolean): string[] {
  return [
    'diff-tree',
    '-r',
    '-z',
    '--name-status',
    '--no-ext-diff',
    '--ignore-submodules=none',
    renames ? '-M' : '--no-renames',
    '--end-of-options',
    base,
    head,
    '--',
  ];
}
