import { NotBuiltError } from '../../action-helpers/errors.js';

export async function run(): Promise<void> {
  throw new NotBuiltError('build-push-ecr');
}
