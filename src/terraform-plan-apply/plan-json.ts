/**
 * Reading the JSON plan (`show -json`): the change counts, and a copy with every sensitive value
 * replaced, which is the only form that leaves the runner (plan-json output, bundle, summary).
 */

export interface PlanCounts {
  add: number;
  change: number;
  destroy: number;
  replace: number;
  move: number;
  import: number;
}

export interface PlanSummary {
  counts: PlanCounts;
  /** Addresses the plan destroys or replaces: what allow-destroy guards. */
  destructive: string[];
  /** Outputs whose value changes (a plan can change outputs only). */
  outputChanges: number;
}

interface Change {
  actions?: string[];
  importing?: unknown;
  before?: unknown;
  after?: unknown;
  before_sensitive?: unknown;
  after_sensitive?: unknown;
}

interface ResourceChange {
  address?: string;
  previous_address?: string;
  change?: Change;
}

export interface PlanDocument {
  resource_changes?: ResourceChange[];
  resource_drift?: ResourceChange[];
  output_changes?: Record<string, Change>;
  variables?: Record<string, { value?: unknown }>;
  prior_state?: StateDocument;
  planned_values?: StateValues;
  configuration?: { root_module?: ConfigModule; [key: string]: unknown };
  [key: string]: unknown;
}

interface Expression {
  constant_value?: unknown;
  [key: string]: unknown;
}

interface ConfigModule {
  variables?: Record<string, { sensitive?: boolean; default?: unknown }>;
  outputs?: Record<string, { sensitive?: boolean; expression?: Expression; [key: string]: unknown }>;
  module_calls?: Record<
    string,
    { module?: ConfigModule; expressions?: Record<string, Expression>; [key: string]: unknown }
  >;
  [key: string]: unknown;
}

interface StateValues {
  outputs?: Record<string, { sensitive?: boolean; value?: unknown }>;
  root_module?: ModuleValues;
}

interface ModuleValues {
  resources?: { values?: unknown; sensitive_values?: unknown }[];
  child_modules?: ModuleValues[];
}

interface StateDocument {
  values?: StateValues;
  [key: string]: unknown;
}

export const redactedValue = '(sensitive value)';

export function summarisePlan(plan: PlanDocument): PlanSummary {
  const counts: PlanCounts = { add: 0, change: 0, destroy: 0, replace: 0, move: 0, import: 0 };
  const destructive: string[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change?.actions ?? [];
    const address = rc.address ?? '?';
    if (actions.includes('create') && actions.includes('delete')) {
      counts.replace++;
      destructive.push(address);
    } else if (actions.includes('create')) {
      counts.add++;
    } else if (actions.includes('delete')) {
      counts.destroy++;
      destructive.push(address);
    } else if (actions.includes('update')) {
      counts.change++;
    }
    if (rc.previous_address && rc.previous_address !== rc.address) counts.move++;
    if (rc.change?.importing) counts.import++;
  }
  const outputChanges = Object.values(plan.output_changes ?? {}).filter(
    (c) => !(c.actions ?? []).every((a) => a === 'no-op'),
  ).length;
  return { counts, destructive, outputChanges };
}

/**
 * Whether applying the plan changes anything, read from the plan itself rather than from an exit
 * code a wrapper may have rewritten: its own `applyable` verdict (Terraform >= 1.8), else what
 * -detailed-exitcode counts: any resource action but no-op, a move, an import, an output change,
 * or drift in a refresh-only plan.
 */
export function planHasChanges(plan: PlanDocument): boolean {
  if (typeof plan.applyable === 'boolean') return plan.applyable;
  const acts = (c: Change | undefined) => (c?.actions ?? []).some((a) => a !== 'no-op');
  const changes = plan.resource_changes ?? [];
  if (changes.some((rc) => acts(rc.change) || rc.change?.importing)) return true;
  if (changes.some((rc) => rc.previous_address && rc.previous_address !== rc.address)) return true;
  if (Object.values(plan.output_changes ?? {}).some(acts)) return true;
  return plan.plan_mode === 'refresh-only' && (plan.resource_drift ?? []).length > 0;
}

/**
 * Root variables declared but absent from the plan's values: ephemeral ones (Terraform >= 1.10),
 * which a saved plan does not keep, so apply must be given them again.
 */
export function ephemeralVariables(plan: PlanDocument): string[] {
  const declared = Object.keys(plan.configuration?.root_module?.variables ?? {});
  return declared.filter((name) => !(name in (plan.variables ?? {})));
}

export function totalChanges(counts: PlanCounts): number {
  return counts.add + counts.change + counts.destroy + counts.replace + counts.move + counts.import;
}

/**
 * Replaces, in place of each sensitive value, the marker text. The binaries put sensitive values in
 * clear in the JSON plan, next to a parallel mask (`*_sensitive`, `sensitive_values`) saying which
 * they are; a mask of `true` covers the whole subtree.
 */
export function redact(value: unknown, mask: unknown): unknown {
  if (mask === true) return value === null || value === undefined ? value : redactedValue;
  if (mask === null || typeof mask !== 'object' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return value.map((item, i) => redact(item, Array.isArray(mask) ? mask[i] : undefined));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redact(item, (mask as Record<string, unknown>)[key]);
  return out;
}

function redactChange(change: Change | undefined): Change | undefined {
  if (!change) return change;
  return {
    ...change,
    before: redact(change.before, change.before_sensitive),
    after: redact(change.after, change.after_sensitive),
  };
}

function redactModule(module: ModuleValues | undefined): ModuleValues | undefined {
  if (!module) return module;
  return {
    ...module,
    resources: module.resources?.map((r) => ({ ...r, values: redact(r.values, r.sensitive_values) })),
    child_modules: module.child_modules?.map((m) => redactModule(m)!),
  };
}

function redactStateValues(values: StateValues | undefined): StateValues | undefined {
  if (!values) return values;
  const outputs = values.outputs
    ? Object.fromEntries(
        Object.entries(values.outputs).map(([name, o]) => [name, o.sensitive ? { ...o, value: redactedValue } : o]),
      )
    : undefined;
  return { ...values, outputs, root_module: redactModule(values.root_module) };
}

export function sensitiveVariableNames(plan: PlanDocument): string[] {
  const declared = plan.configuration?.root_module?.variables ?? {};
  return Object.entries(declared)
    .filter(([, v]) => v.sensitive)
    .map(([name]) => name);
}

/**
 * The configuration section holds literals in clear: a sensitive variable's default, the constant
 * value of a sensitive output, and a constant passed to a child module's sensitive variable.
 */
function redactConfigModule(module: ConfigModule | undefined): ConfigModule | undefined {
  if (!module) return module;
  const redactExpression = (e: Expression | undefined) =>
    e && 'constant_value' in e ? { ...e, constant_value: redactedValue } : e;
  return {
    ...module,
    variables: module.variables
      ? Object.fromEntries(
          Object.entries(module.variables).map(([name, v]) => [
            name,
            v.sensitive && v.default !== undefined ? { ...v, default: redactedValue } : v,
          ]),
        )
      : undefined,
    outputs: module.outputs
      ? Object.fromEntries(
          Object.entries(module.outputs).map(([name, o]) => [
            name,
            o.sensitive ? { ...o, expression: redactExpression(o.expression) } : o,
          ]),
        )
      : undefined,
    module_calls: module.module_calls
      ? Object.fromEntries(
          Object.entries(module.module_calls).map(([name, call]) => {
            const childVariables = call.module?.variables ?? {};
            const expressions = call.expressions
              ? Object.fromEntries(
                  Object.entries(call.expressions).map(([arg, e]) => [
                    arg,
                    childVariables[arg]?.sensitive ? redactExpression(e)! : e,
                  ]),
                )
              : undefined;
            return [name, { ...call, expressions, module: redactConfigModule(call.module) }];
          }),
        )
      : undefined,
  };
}

/** The configuration's sensitive literals (see redactConfigModule), for masking. */
function configSecrets(module: ConfigModule | undefined, into: Set<string>): void {
  if (!module) return;
  for (const v of Object.values(module.variables ?? {})) if (v.sensitive) leafStrings(v.default, into);
  for (const o of Object.values(module.outputs ?? {})) if (o.sensitive) leafStrings(o.expression?.constant_value, into);
  for (const call of Object.values(module.module_calls ?? {})) {
    for (const [arg, e] of Object.entries(call.expressions ?? {})) {
      if (call.module?.variables?.[arg]?.sensitive) leafStrings(e.constant_value, into);
    }
    configSecrets(call.module, into);
  }
}

export function redactPlan(plan: PlanDocument): PlanDocument {
  const sensitiveVariables = new Set(sensitiveVariableNames(plan));
  const mapChanges = (changes: ResourceChange[] | undefined) =>
    changes?.map((rc) => ({ ...rc, change: redactChange(rc.change) }));
  return {
    ...plan,
    variables: plan.variables
      ? Object.fromEntries(
          Object.entries(plan.variables).map(([name, v]) => [
            name,
            sensitiveVariables.has(name) ? { ...v, value: redactedValue } : v,
          ]),
        )
      : undefined,
    resource_changes: mapChanges(plan.resource_changes),
    resource_drift: mapChanges(plan.resource_drift),
    output_changes: plan.output_changes
      ? Object.fromEntries(Object.entries(plan.output_changes).map(([name, c]) => [name, redactChange(c)!]))
      : undefined,
    planned_values: redactStateValues(plan.planned_values),
    prior_state: plan.prior_state
      ? { ...plan.prior_state, values: redactStateValues(plan.prior_state.values) }
      : undefined,
    configuration: plan.configuration
      ? { ...plan.configuration, root_module: redactConfigModule(plan.configuration.root_module) }
      : undefined,
  };
}

/** Every string a sensitive value holds, so the log masks it even if a binary ever printed it. */
export function sensitiveStrings(plan: PlanDocument): string[] {
  const found = new Set<string>();
  const collect = (value: unknown, mask: unknown) => {
    if (mask === true) {
      leafStrings(value, found);
    } else if (mask && typeof mask === 'object' && value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) collect(item, (mask as Record<string, unknown>)[key]);
    }
  };
  for (const rc of [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]) {
    collect(rc.change?.before, rc.change?.before_sensitive);
    collect(rc.change?.after, rc.change?.after_sensitive);
  }
  for (const c of Object.values(plan.output_changes ?? {})) {
    collect(c.before, c.before_sensitive);
    collect(c.after, c.after_sensitive);
  }
  for (const name of sensitiveVariableNames(plan)) leafStrings(plan.variables?.[name]?.value, found);
  configSecrets(plan.configuration?.root_module, found);
  return [...found];
}

/** Leaf values as the log would show them; numbers and booleans too short to matter are skipped. */
export function leafStrings(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (value !== '') into.add(value);
  } else if (typeof value === 'number' && String(value).length >= 4) {
    into.add(String(value));
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) leafStrings(item, into);
  }
  return into;
}
