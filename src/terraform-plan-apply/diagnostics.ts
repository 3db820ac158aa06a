/**
 * Recognising, in a binary's error output, the failures a workflow must be able to tell apart:
 * a state lock someone else holds, and a saved plan the state has moved past.
 */

export interface LockInfo {
  id?: string;
  path?: string;
  operation?: string;
  who?: string;
  version?: string;
  created?: Date;
}

/** The "Lock Info:" block both binaries print when they cannot take the state lock. */
export function parseLockError(stderr: string): LockInfo | undefined {
  if (!/Error acquiring the state lock/i.test(stderr)) return undefined;
  const field = (name: string) => new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, 'm').exec(stderr)?.[1]?.trim() || undefined;
  const created = field('Created');
  return {
    id: field('ID'),
    path: field('Path'),
    operation: field('Operation'),
    who: field('Who'),
    version: field('Version'),
    created: created ? parseGoTime(created) : undefined,
  };
}

/** Go's time.Time String(): `2026-11-22 17:24:35.979792682 +0000 UTC`. */
export function parseGoTime(text: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? ([+-]\d{2})(\d{2})/.exec(text);
  if (!m) return undefined;
  const fraction = (m[3] ?? '').slice(0, 4); // milliseconds are enough for an age
  const date = new Date(`${m[1]}T${m[2]}${fraction}${m[4]}:${m[5]}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m}m`;
  return `${Math.floor(m / 60)}h${m % 60}m`;
}

export function describeLock(lock: LockInfo, now: Date, waitedMs: number): string {
  const age = lock.created ? formatAge(now.getTime() - lock.created.getTime()) : 'unknown';
  return (
    `The state is locked by another run: held by ${lock.who ?? 'unknown'} (lock ID ${lock.id ?? 'unknown'}, ` +
    `operation ${lock.operation ?? 'unknown'}, age ${age}, path ${lock.path ?? 'unknown'}); ` +
    `gave up after waiting lock-timeout (${Math.ceil(waitedMs / 1000)}s). ` +
    'This action never force-unlocks: wait for that run to finish, or if it is dead, release the lock by hand with force-unlock.'
  );
}

/** The binary refuses a saved plan once the state has changed since it was made. */
export function isStalePlanError(stderr: string): boolean {
  return /Saved plan is stale/i.test(stderr);
}
