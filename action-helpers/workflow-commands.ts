/**
 * Text from programs and services (a Dockerfile's RUN, terraform, kubectl, a CodeBuild log, a
 * container's log lines) is untrusted: a line such as `::add-mask::`, `::set-output` or
 * `::stop-commands::` printed as is would be obeyed by the runner as a workflow command. The runner
 * reads a command from a line that starts with `::` once leading whitespace is trimmed, and the
 * older form `##[command]` anywhere in a line. A zero-width space (not whitespace to the runner)
 * between the two characters keeps every such line readable and inert.
 */
const zeroWidthSpace = '\u200b';

export function neutraliseLine(line: string): string {
  let safe = line.includes('##[') ? line.replaceAll('##[', `#${zeroWidthSpace}#[`) : line;
  const start = safe.length - safe.trimStart().length;
  if (safe.startsWith('::', start)) safe = `${safe.slice(0, start)}:${zeroWidthSpace}${safe.slice(start + 1)}`;
  return safe;
}

/** Every line of a text made inert; line endings are kept. */
export function neutralise(text: string): string {
  return text
    .split(/(\r\n|\n|\r)/)
    .map((part, i) => (i % 2 === 0 ? neutraliseLine(part) : part))
    .join('');
}

/**
 * Passes a stream's output on line by line, each line made inert. A partial line waits for its end
 * (or for `end()`), so a command cannot be split across two chunks to slip through.
 */
export class UntrustedLineWriter {
  private pending = '';

  constructor(private readonly write: (text: string) => void) {}

  push(chunk: Buffer | string): void {
    const text = this.pending + chunk.toString();
    const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (lastBreak < 0) {
      this.pending = text;
      return;
    }
    this.pending = text.slice(lastBreak + 1);
    this.write(neutralise(text.slice(0, lastBreak + 1)));
  }

  end(): void {
    if (this.pending) this.write(`${neutraliseLine(this.pending)}\n`);
    this.pending = '';
  }
}

/** Prints untrusted text to the log, made inert. */
export function printUntrusted(text: string): void {
  if (text === '') return;
  process.stdout.write(neutralise(text.endsWith('\n') ? text : `${text}\n`));
}
