// Every input of action.yml against hostile values: each is either taken as data or refused with one
// InputError naming the input, on one line; nothing else is ever thrown, and no accepted value can
// reach docker as an option.
import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../../../action-helpers/errors.js';
import { readInputs, type Inputs } from '../../../src/build-push-ecr/inputs.js';
import { buildxArgs, classicBuildArgs } from '../../../src/build-push-ecr/docker-args.js';
import { withInputs } from '../../support/inputs.js';

const declared = Object.keys(
  (parse(readFileSync(path.join(process.cwd(), 'build-push-ecr/action.yml'), 'utf8')) as { inputs: object }).inputs,
);
const hostile = [
  '$(touch /tmp/pwned); `id` | cat && echo',
  '-rf',
  '--output=/tmp/x',
  '../../../../etc/passwd',
  'x'.repeat(10_000),
  'a\u0000b',
  'line1\u001b[31m\u0007',
  'bad\uFFFDutf8\uD800',
  'ｔｅａｍ/ａｐｉ', // full-width look-alikes
  'team/api\u200b',
];
const base = { repository: 'team/api', context: 'test/fixtures/build-push-ecr/app' };

test.each(declared.flatMap((input) => hostile.map((value) => [input, value] as const)))(
  'input %s = %j: data or one clear InputError',
  (input, value) => {
    const saved = { ...process.env };
    Object.assign(process.env, { GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', AWS_REGION: 'eu-west-1' });
    process.env.GITHUB_WORKSPACE = process.cwd();
    let inputs: Inputs | undefined;
    try {
      inputs = withInputs({ ...base, [input]: value }, () => readInputs());
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).input).toBe(input);
      expect([...(err as Error).message].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
      expect((err as Error).message.length).toBeLessThan(1000);
    } finally {
      process.env = saved;
    }
    if (!inputs) return;
    // Accepted: no argument docker gets starts with '-' unless the action put it there as an option.
    for (const argv of [
      classicBuildArgs(inputs, { imageName: 'reg/team/api', metadataFile: '/m', iidFile: '/i' }),
      buildxArgs(inputs, { imageName: 'reg/team/api', metadataFile: '/m', iidFile: '/i' }, { cacheExport: true }),
    ]) {
      const values = argv.filter((arg, i) => i > 0 && argv[i - 1]!.startsWith('--') && !arg.startsWith('--'));
      expect(values.filter((v) => v.startsWith('-'))).toEqual([]);
      expect(argv.at(-1)!.startsWith('/')).toBe(true);
    }
  },
);
