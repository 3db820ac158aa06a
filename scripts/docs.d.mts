// Types of scripts/docs.mjs, for its test.
export function actionsIn(root: string): string[];
export function tablesOf(actionYml: string): Promise<{ inputs: string; outputs: string }>;
export function withTables(readme: string, tables: { inputs: string; outputs: string }): string;
export function run(options?: { root?: string; actions?: string[]; check?: boolean }): Promise<string[]>;
