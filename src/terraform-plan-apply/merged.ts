import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ActionFailure } from '../../action-helpers/errors.js';
import { execProgram } from '../../action-helpers/exec.js';
import type { PlanDocument } from './plan-json.js';
import type { Session } from './setup.js';

/**
 * Plan on the pull request, apply on merge: the plan was reviewed on the pull request's head commit
 * and the apply job runs on the merge commit. The reviewed plan applies as is when nothing Terraform
 * reads changed between the two; otherwise apply plans again and goes ahead only when the new plan
 * does exactly what the reviewed one did.
 */

/** The paths (relative to the repository's top) Terraform reads for this root module. */
export function readPaths(session: Session, top: string): string[] {
  const { inputs } = session;
  const rel = (p: string) => path.relative(top, p);
  const paths = [rel(inputs.workingDirectory), ...inputs.varFiles.map((f) => rel(f.absolute))];
  for (const item of inputs.backendConfig) if (path.isAbsolute(item)) paths.push(rel(item));
  // Local modules outside the root module (../modules/x), as init recorded them.
  const modules = path.join(inputs.workingDirectory, process.env.TF_DATA_DIR || '.terraform', 'modules/modules.json');
  if (existsSync(modules)) {
    const recorded = JSON.parse(readFileSync(modules, 'utf8')) as { Modules?: { Dir?: string }[] };
    for (const m of recorded.Modules ?? []) {
      if (!m.Dir || m.Dir.startsWith('.terraform')) continue;
      paths.push(rel(path.resolve(inputs.workingDirectory, m.Dir)));
    }
  }
  // Files outside the repository (a backend file written by an earlier step) are not versioned.
  const inside = paths.filter((p) => !p.startsWith('..') && !path.isAbsolute(p));
  return [...new Set(inside.map((p) => p || '.'))];
}

/** The files Terraform reads that differ between the reviewed commit and this one. */
export async function changedSinceReview(session: Session, reviewed: string): Promise<string[]> {
  const git = (args: string[], cwd = session.inputs.workingDirectory) =>
    execProgram('git', args, {
      cwd,
      echo: false,
      timeoutMs: 60_000,
      signal: session.signal,
    });
  const top = (await git(['rev-parse', '--show-toplevel'])).stdout.trim();
  const known = await git(['cat-file', '-e', `${reviewed}^{commit}`]).then(
    () => true,
    () => false,
  );
  if (!known) {
    throw new ActionFailure(
      `The reviewed commit ${reviewed} is not in this checkout: check out with fetch-depth: 0 (or fetch it) so the changes since the review can be compared.`,
      'no-commit',
    );
  }
  // Pathspecs are relative to the folder git runs in: the repository's top, like readPaths. The data
  // folder is init's output, not configuration, even when someone committed it.
  const dataDir = path.relative(
    top,
    path.join(session.inputs.workingDirectory, process.env.TF_DATA_DIR || '.terraform'),
  );
  const diff = await git(
    ['diff', '--name-only', '-z', reviewed, session.commit, '--', ...readPaths(session, top), `:(exclude)${dataDir}`],
    top,
  );
  return diff.stdout.split('\0').filter((p) => p !== '');
}

interface Change {
  address?: string;
  change?: { actions?: string[]; after?: unknown };
}

/** What a plan does, one line per resource or output: address, actions, planned values (redacted). */
function effects(plan: PlanDocument): Map<string, string> {
  const out = new Map<string, string>();
  for (const rc of (plan.resource_changes ?? []) as Change[]) {
    const actions = rc.change?.actions ?? [];
    if (actions.every((a) => a === 'no-op')) continue;
    out.set(rc.address ?? '?', `${actions.join('+')} ${JSON.stringify(rc.change?.after ?? null)}`);
  }
  for (const [name, c] of Object.entries(plan.output_changes ?? {}) as [string, Change['change']][]) {
    const actions = c?.actions ?? [];
    if (actions.every((a) => a === 'no-op')) continue;
    out.set(`output.${name}`, `${actions.join('+')} ${JSON.stringify(c?.after ?? null)}`);
  }
  return out;
}

/** How a new plan differs from the reviewed one (both redacted JSON plans), in words; empty when the same. */
export function effectDifferences(reviewed: PlanDocument, fresh: PlanDocument): string[] {
  const before = effects(reviewed);
  const now = effects(fresh);
  const differences: string[] = [];
  for (const [address, effect] of before) {
    const current = now.get(address);
    if (current === undefined) differences.push(`${address}: reviewed ${effect.split(' ')[0]}, now no change`);
    else if (current !== effect) differences.push(`${address}: reviewed ${effect}, now ${current}`);
  }
  for (const [address, effect] of now) {
    if (!before.has(address)) differences.push(`${address}: not in the reviewed plan, now ${effect.split(' ')[0]}`);
  }
  return differences;
}
