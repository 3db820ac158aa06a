import { startEarly } from './early.js';

// The diff starts before the rest of the action loads (see early.ts); the two then run side by side.
const early = startEarly();
const [{ runAction }, { run }] = await Promise.all([import('../../action-helpers/run.js'), import('./main.js')]);
await runAction((context) => run(context, early));
