// The Inputs and Outputs tables of each action's README, generated from its action.yml (the source of
// truth), between <!-- inputs:start --> / <!-- inputs:end --> and <!-- outputs:start --> / <!-- outputs:end -->.
//
//   npm run docs                  rewrite the tables of every action
//   npm run docs -- --check       change nothing; exit 1 naming each README whose tables drifted
//   npm run docs -- [--check] build-push-ecr ...   only these actions
//   npm run docs -- --check --root <dir>          the actions of another checkout
//
// The tables are formatted by prettier, so `prettier --write` on a README leaves them as they are.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { parse } from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The folders at `root` holding an action.yml: the actions. */
export function actionsIn(root) {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, d.name, 'action.yml')))
    .map((d) => d.name)
    .sort();
}

/** One table cell: pipes escaped (also inside code spans, as GitHub's tables need), line breaks as <br>. */
function cell(text) {
  return String(text ?? '')
    .trim()
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

function code(text) {
  const value = String(text);
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``;
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The two tables for an action.yml's text, prettier-formatted. */
export async function tablesOf(actionYml) {
  const action = parse(actionYml) ?? {};
  const inputs = Object.entries(action.inputs ?? {}).map(([name, input]) => [
    code(name),
    cell(input?.description),
    input?.required === true || input?.required === 'true' ? 'yes' : 'no',
    input?.default === undefined || input?.default === '' ? '' : cell(code(input.default)),
  ]);
  const outputs = Object.entries(action.outputs ?? {}).map(([name, output]) => [code(name), cell(output?.description)]);
  const format = (markdown) => prettier.format(markdown, { parser: 'markdown', printWidth: 120, singleQuote: true });
  return {
    inputs: inputs.length ? await format(table(['Input', 'Description', 'Required', 'Default'], inputs)) : 'None.\n',
    outputs: outputs.length ? await format(table(['Output', 'Description'], outputs)) : 'None.\n',
  };
}

/**
 * The README with its generated sections replaced. Throws when a pair of markers is missing or out
 * of order: every README carries both pairs (CONTRIBUTING.md, "Adding an action").
 */
export function withTables(readme, tables) {
  let text = readme;
  for (const part of ['inputs', 'outputs']) {
    const start = `<!-- ${part}:start -->`;
    const end = `<!-- ${part}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from || text.indexOf(start, from + 1) >= 0) {
      throw new Error(`needs exactly one '${start}' followed by '${end}'`);
    }
    text = `${text.slice(0, from)}${start}\n\n${tables[part]}\n${text.slice(to)}`;
  }
  return text;
}

/** Regenerates (or, with check, only compares) the READMEs of `actions`; returns the problems found. */
export async function run({ root = repoRoot, actions = actionsIn(root), check = false } = {}) {
  const problems = [];
  for (const action of actions) {
    const readmePath = path.join(root, action, 'README.md');
    const relative = path.relative(root, readmePath);
    try {
      const readme = readFileSync(readmePath, 'utf8');
      const updated = withTables(readme, await tablesOf(readFileSync(path.join(root, action, 'action.yml'), 'utf8')));
      if (updated === readme) continue;
      if (check) problems.push(`${relative}: the Inputs/Outputs tables differ from ${action}/action.yml`);
      else writeFileSync(readmePath, updated);
    } catch (err) {
      problems.push(`${relative}: ${err.message}`);
    }
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  // --root <dir>: another checkout's actions (the script's own tests use it).
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? path.resolve(args[rootAt + 1] ?? '.') : repoRoot;
  const named = args.filter((a, i) => a !== '--check' && (rootAt < 0 || (i !== rootAt && i !== rootAt + 1)));
  const unknown = named.filter((a) => !actionsIn(root).includes(a));
  if (unknown.length) {
    console.error(`Not an action: ${unknown.join(', ')}. Actions: ${actionsIn(root).join(', ')}.`);
    process.exit(2);
  }
  const problems = await run({ root, actions: named.length ? named : undefined, check });
  for (const problem of problems) console.error(problem);
  if (problems.length) {
    if (check) console.error('Run `npm run docs` to regenerate them from action.yml.');
    process.exit(1);
  }
}
