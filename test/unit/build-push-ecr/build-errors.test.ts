import { describe, expect, test } from '@jest/globals';
import { describeBuildFailure } from '../../../src/build-push-ecr/build-errors.js';

describe('describeBuildFailure', () => {
  test.each([
    {
      name: 'classic builder',
      output: [
        'Step 1/4 : FROM local/busybox',
        ' ---> 1b7262a35116',
        'Step 2/4 : RUN make deps',
        ' ---> Running in 5f3',
        'Step 3/4 : RUN make',
        'make: *** [all] Error 2',
        "The command '/bin/sh -c make' returned a non-zero code: 2",
      ].join('\n'),
      expected: "Step 3/4 : RUN make: The command '/bin/sh -c make' returned a non-zero code: 2",
    },
    {
      name: 'buildx',
      output: [
        '#7 [build 3/4] RUN make',
        '#7 0.201 make: *** [all] Error 2',
        '#7 ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2',
        '------',
        ' > [build 3/4] RUN make:',
        '0.201 make: *** [all] Error 2',
        '------',
        'ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
      ].join('\n'),
      expected:
        '[build 3/4] RUN make: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
    },
    {
      name: 'buildx, a missing file',
      output: 'ERROR: failed to solve: failed to compute cache key: "/app.jar": not found',
      expected: 'failed to solve: failed to compute cache key: "/app.jar": not found',
    },
    {
      name: 'buildx v0.38 (as printed against the local stack)',
      output: [
        '#7 [4/4] COPY never.txt /never.txt',
        '#7 ERROR: "/never.txt" not found: not found',
        '------',
        ' > [4/4] COPY never.txt /never.txt:',
        '------',
        'ERROR: failed to build: failed to solve: failed to compute cache key: "/never.txt" not found: not found',
      ].join('\n'),
      expected:
        '[4/4] COPY never.txt /never.txt: failed to solve: failed to compute cache key: "/never.txt" not found: not found',
    },
    { name: 'nothing recognisable', output: 'Cannot connect to the Docker daemon', expected: undefined },
  ])('$name', ({ output, expected }) => {
    expect(describeBuildFailure(output)).toBe(expected);
  });
});
