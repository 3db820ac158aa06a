import { runAction } from '../../action-helpers/run.js';
import { run } from './main.js';

await runAction(run);
