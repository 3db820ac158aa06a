/**
 * The step a failed build stopped at, read from the builder's output, so the error names the
 * Dockerfile instruction instead of only "exit code 1".
 *   classic:  "Step 3/4 : RUN make" ... "The command '/bin/sh -c make' returned a non-zero code: 2"
 *   buildx:   " > [build 3/4] RUN make:" ... "ERROR: failed to solve: process ... exit code: 2"
 *             (buildx >= 0.2x: "ERROR: failed to build: failed to solve: ...")
 */
export function describeBuildFailure(output: string): string | undefined {
  const lines = output.split(/\r?\n/);
  const lastMatch = (re: RegExp) => {
    for (let i = lines.length - 1; i >= 0; i--) {
      const m = re.exec(lines[i]!);
      if (m) return m;
    }
    return undefined;
  };
  const classicStep = lastMatch(/^Step (\d+\/\d+) : (.*)$/);
  const classicError = lastMatch(/^(The command .* returned a non-zero code: \d+|.*error.*)$/i);
  const buildxStep = lastMatch(/^(?:#\d+ )?\s*> \[([^\]]+)\] (.*?):?$/);
  const buildxError = lastMatch(/^(?:ERROR: )?(?:failed to build: )?(failed to solve: .*)$/);
  if (buildxError) {
    const step = buildxStep ? `[${buildxStep[1]}] ${buildxStep[2]}` : undefined;
    return step ? `${step}: ${buildxError[1]}` : buildxError[1];
  }
  if (classicStep) {
    const step = `Step ${classicStep[1]} : ${classicStep[2]}`;
    return classicError && classicError.index !== undefined ? `${step}: ${classicError[1]}` : step;
  }
  return undefined;
}
