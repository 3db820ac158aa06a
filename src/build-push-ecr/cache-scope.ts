import { readFileSync } from 'node:fs';

/**
 * Which registry cache tags a run may read and write, by how far its ref is trusted. A build of the
 * default branch reads and writes the shared `cache-tag`. Anything else (a pull request, another
 * branch, a tag) reads its own cache and then the shared one, and writes only its own
 * (`<cache-tag>-pr-<n>`, `<cache-tag>-<branch>`): code nobody has reviewed cannot put layers in the
 * cache the default branch builds from. A run outside GitHub Actions (no GITHUB_REF) is a local one
 * and uses the shared tag.
 */
export interface CacheScope {
  /** Tags read, in order: the run's own first. */
  read: string[];
  /** The one tag written. */
  write: string;
  /** Why: "default branch", "pull request 12", "branch feature/x". */
  trust: string;
}

interface Env {
  GITHUB_REF?: string;
  GITHUB_EVENT_NAME?: string;
  GITHUB_EVENT_PATH?: string;
}

interface Event {
  repository?: { default_branch?: unknown };
  pull_request?: { number?: unknown };
}

/** The event payload GitHub writes for the job: the default branch, the pull request's number. */
function readEvent(eventPath: string | undefined): Event {
  if (!eventPath) return {};
  try {
    return JSON.parse(readFileSync(eventPath, 'utf8')) as Event;
  } catch {
    return {};
  }
}

/** A ref name as a tag suffix: what a tag allows, at most 40 characters. */
function slug(text: string): string {
  return text
    .slice(0, 200)
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

export function cacheScope(cacheTag: string, env: Env): CacheScope {
  const ref = env.GITHUB_REF ?? '';
  if (ref === '') return { read: [cacheTag], write: cacheTag, trust: 'no GitHub ref (a local run)' };
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const pull = /^refs\/pull\/(\d+)\//.exec(ref)?.[1] ?? numberOf(event.pull_request?.number);
  if (pull || (env.GITHUB_EVENT_NAME ?? '').startsWith('pull_request')) {
    const id = pull ?? slug(ref);
    const own = `${cacheTag}-pr-${id}`.slice(0, 128);
    return { read: [own, cacheTag], write: own, trust: `pull request ${id}` };
  }
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  if (branch !== undefined && branch === event.repository?.default_branch) {
    return { read: [cacheTag], write: cacheTag, trust: `default branch ${branch}` };
  }
  const own = `${cacheTag}-${slug(branch ?? ref.replace(/^refs\//, ''))}`.slice(0, 128);
  return { read: [own, cacheTag], write: own, trust: branch !== undefined ? `branch ${branch}` : `ref ${ref}` };
}

const numberOf = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;
