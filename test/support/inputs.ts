/**
 * Sets action inputs the way the runner does (INPUT_<NAME>, spaces as underscores, upper case) for
 * the length of `fn`, and removes every other INPUT_ variable so that tables start from raw strings
 * and nothing leaks between tests.
 */
export function withInputs<T>(inputs: Record<string, string>, fn: () => T): T {
  const saved = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('INPUT_')));
  for (const key of Object.keys(saved)) delete process.env[key];
  for (const [name, value] of Object.entries(inputs)) process.env[inputVariable(name)] = value;
  const restore = () => {
    for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
    Object.assign(process.env, saved);
  };
  let result: T;
  try {
    result = fn();
  } catch (err) {
    restore();
    throw err;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
