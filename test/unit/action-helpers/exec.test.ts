import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ExecError, execProgram } from '../../../action-helpers/exec.js';

// Real child processes: exec is the boundary to the operating system, so mocking spawn would prove nothing.
const node = process.execPath;
const printArgv = 'process.stdout.write(JSON.stringify(process.argv.slice(1)))';

/** A process's state letter from /proc (R, S, Z, ...), or 'gone'. */
function processState(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
  } catch {
    return 'gone';
  }
}

async function failureOf(promise: Promise<unknown>): Promise<ExecError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ExecError) return err;
    throw err;
  }
  throw new Error('expected an ExecError');
}

describe('execProgram', () => {
  test('shell metacharacters in arguments reach the program as data', async () => {
    const hostile = [
      '$(touch /tmp/pwned)',
      '`id`',
      'a; rm -rf /',
      '\'quoted\' "double"',
      '*',
      '\n',
      '&& echo hi',
      '|cat',
    ];
    const { stdout } = await execProgram(node, ['-e', printArgv, ...hostile], { echo: false });
    expect(JSON.parse(stdout)).toEqual(hostile);
  });

  test('stdin reaches the program', async () => {
    const { stdout } = await execProgram(node, ['-e', 'process.stdin.pipe(process.stdout)'], {
      stdin: 'hello\nworld',
      echo: false,
    });
    expect(stdout).toBe('hello\nworld');
  });

  test('a secret in argv is refused before the program starts', async () => {
    await expect(
      execProgram(node, ['-e', '0', '--password=hunter2'], { secrets: ['hunter2'], echo: false }),
    ).rejects.toThrow('a secret would appear in its arguments');
  });

  test('a non-zero exit throws with the tail of stderr, unless allowed', async () => {
    const script = 'console.error("line1\\nthe real cause"); process.exit(3)';
    const err = await failureOf(execProgram(node, ['-e', script], { echo: false }));
    expect(err.result.exitCode).toBe(3);
    expect(err.message).toContain('the real cause');
    expect(err.reason).toBe('command-failed');
    const allowed = await execProgram(node, ['-e', script], { echo: false, allowFailure: true });
    expect(allowed.exitCode).toBe(3);
  });

  test('a missing program is reported as tool-missing', async () => {
    const err = await failureOf(execProgram('definitely-not-a-program-xyz', [], { echo: false }));
    expect(err.reason).toBe('tool-missing');
    expect(err.message).toBe('definitely-not-a-program-xyz was not found on PATH');
  });

  test('a program past its timeout is stopped and reported', async () => {
    const err = await failureOf(
      execProgram(node, ['-e', 'setTimeout(() => {}, 60000)'], { echo: false, timeoutMs: 300 }),
    );
    expect(err.reason).toBe('timeout');
  });

  test('an abort signal cancels the program', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const err = await failureOf(
      execProgram(node, ['-e', 'setTimeout(() => {}, 60000)'], { echo: false, signal: controller.signal }),
    );
    expect(err.reason).toBe('cancelled');
  });

  test('a timeout stops the whole process group, even a grandchild holding stdout', async () => {
    // The child starts a grandchild that inherits stdout, prints its pid and sleeps. Without a
    // process group the grandchild outlives the timeout and holds the call open for its 60 s.
    const script =
      'const g = require("child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "inherit" }); console.log(g.pid); setTimeout(() => {}, 60000)';
    const err = await failureOf(execProgram(node, ['-e', script], { echo: false, timeoutMs: 500, drainMs: 200 }));
    expect(err.reason).toBe('timeout');
    const grandchild = Number(err.result.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    // The group got SIGTERM: the grandchild is gone, or a zombie waiting for whoever adopted it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processState(grandchild)).toMatch(/^(gone|Z)$/);
  });

  test('a program that ignores the first signal is killed after the grace period', async () => {
    const script = 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)';
    const err = await failureOf(execProgram(node, ['-e', script], { echo: false, timeoutMs: 500, graceMs: 300 }));
    expect(err.reason).toBe('timeout');
    expect(err.result.stdout).toContain('ready');
  });

  test('killSignal SIGINT reaches the program first, so it can clean up', async () => {
    const script =
      'process.on("SIGINT", () => { console.log("released the lock"); process.exit(130); }); console.log("ready"); setInterval(() => {}, 1000)';
    const controller = new AbortController();
    const running = execProgram(node, ['-e', script], {
      echo: false,
      signal: controller.signal,
      killSignal: 'SIGINT',
    });
    setTimeout(() => controller.abort(), 400);
    const err = await failureOf(running);
    expect(err.reason).toBe('cancelled');
    expect(err.result.stdout).toContain('released the lock');
  });

  test('a program is not started when the run is already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await failureOf(execProgram(node, ['-e', '0'], { echo: false, signal: controller.signal }));
    expect(err.reason).toBe('cancelled');
  });

  test('env adds to the current environment', async () => {
    const { stdout } = await execProgram(
      node,
      ['-e', 'process.stdout.write(process.env.EXTRA + ":" + !!process.env.PATH)'],
      {
        env: { EXTRA: 'yes' },
        echo: false,
      },
    );
    expect(stdout).toBe('yes:true');
  });
});
