import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { execProgram } from '../../../action-helpers/exec.js';
import { neutralise, neutraliseLine, UntrustedLineWriter } from '../../../action-helpers/workflow-commands.js';

/** What the runner treats as a command: `::` after leading whitespace, or `##[` anywhere (runner's ActionCommand). */
function isWorkflowCommand(line: string): boolean {
  return line.trimStart().startsWith('::') || line.includes('##[');
}

const hostileLines = [
  '::set-output name=digest::sha256:evil',
  '::add-mask::',
  '::stop-commands::token',
  '   ::error::indented',
  '\t::warning file=x::tabbed',
  '##[set-output name=a;]b',
  'step 3: ##[group]inside a line',
  '::',
];

describe('neutralise', () => {
  test.each(hostileLines)('%j is no longer a workflow command, and still readable', (line) => {
    const safe = neutraliseLine(line);
    expect(isWorkflowCommand(safe)).toBe(false);
    expect(safe.replaceAll('\u200b', '')).toBe(line);
  });

  test('ordinary lines are unchanged', () => {
    for (const line of ['Step 1/3 : FROM scratch', 'a::b', 'C:\\path', '']) expect(neutraliseLine(line)).toBe(line);
  });

  test('every line of a text, whatever its line endings', () => {
    const safe = neutralise('ok\r\n::add-mask::x\r::set-output name=a::b\n');
    expect(safe.split(/\r\n|\r|\n/).some(isWorkflowCommand)).toBe(false);
  });

  test('a command split across chunks is still caught', () => {
    const written: string[] = [];
    const writer = new UntrustedLineWriter((t) => written.push(t));
    for (const chunk of [':', ':set-out', 'put name=x::y\n::add', '-mask::z']) writer.push(chunk);
    writer.end();
    expect(written.join('').split('\n').some(isWorkflowCommand)).toBe(false);
  });
});

describe('program output echoed to the log', () => {
  test('a ::set-output / ::add-mask printed by a program does nothing', async () => {
    const program = [
      'console.log("::set-output name=digest::sha256:evil")',
      'console.log("::add-mask::hide-everything")',
      'console.error("##[error]from stderr")',
    ].join(';');
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) =>
      chunks.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      await execProgram(process.execPath, ['-e', program]);
    } finally {
      process.stdout.write = write;
    }
    const lines = chunks.join('').split('\n');
    expect(lines.some((l) => l.includes('sha256:evil'))).toBe(true);
    expect(lines.filter(isWorkflowCommand)).toEqual([]);
    // Sanity: the same program's raw output does hold workflow commands.
    const raw = spawnSync(process.execPath, ['-e', program], { encoding: 'utf8' });
    expect((raw.stdout + raw.stderr).split('\n').filter(isWorkflowCommand)).toHaveLength(3);
  });
});
