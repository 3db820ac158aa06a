// Benchmark of terraform-plan-apply (issue 10): the overhead of the action's `plan` and `apply` over
// the raw binary commands they stand for, in one run, for a small module (5 resources) and a
// 500-resource one, with each binary found (terraform on PATH, tofu from scripts/ensure-tofu.sh's cache).
//   plan:  the bundle's `command: plan` (version, git, init, plan, show -json, show, bundle write)
//          against `init` + `plan -out` + `show -json` of the same module;
//   apply: the bundle's `command: apply` (bundle checks, init, show -json, show, apply, output -json)
//          against `init` + `apply <planfile>` + `output -json` (an apply job starts from a fresh checkout).
// Each sample starts from a fresh copy of the module with a local backend; raw and action runs
// alternate; the figure is the median of TPA_BENCH_RUNS (3) samples, as a ratio to the raw median.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const bundle = join(root, 'dist/terraform-plan-apply/index.js');
const runs = Number(process.env.TPA_BENCH_RUNS || 3);
const work = mkdtempSync(join(tmpdir(), 'tpa-bench-'));
const cliConfig = join(work, 'empty.tfrc');
writeFileSync(cliConfig, '');
const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
for (const key of ['AWS_REGION', 'AWS_DEFAULT_REGION']) delete env[key];

function binaries() {
  const found = [];
  const onPath = (name) =>
    (process.env.PATH ?? '')
      .split(':')
      .map((d) => join(d, name))
      .find((f) => f !== name && existsSync(f));
  const terraform = onPath('terraform');
  if (terraform) found.push({ name: 'terraform', path: terraform });
  const cache = join(process.env.STACK_CACHE || join(homedir(), '.cache/eks-suite'), 'tofu');
  const tofu =
    onPath('tofu') ||
    (existsSync(cache) &&
      readdirSync(cache)
        .sort()
        .reverse()
        .map((v) => join(cache, v, 'tofu'))
        .find(existsSync));
  if (tofu) found.push({ name: 'tofu', path: tofu });
  return found;
}

function module(resources) {
  const dir = join(work, `module-${resources}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'main.tf'),
    [
      'terraform {\n  backend "local" {}\n}',
      'variable "name" {\n  type = string\n}',
      `resource "terraform_data" "item" {\n  count = ${resources}\n  input = "\${var.name}-\${count.index}"\n}`,
      'output "count" {\n  value = length(terraform_data.item)\n}',
      '',
    ].join('\n\n'),
  );
  writeFileSync(join(dir, 'bench.tfvars'), 'name = "bench"\n');
  return dir;
}

let copies = 0;
function fresh(template) {
  const dir = join(work, `run-${copies++}`);
  cpSync(template, dir, { recursive: true });
  return dir;
}

function timed(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function raw(binary, dir, ...args) {
  try {
    execFileSync(binary.path, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
  } catch (err) {
    // plan -detailed-exitcode exits 2 when there are changes.
    if (err.status !== 2) throw err;
  }
}

function action(binary, dir, inputs) {
  const output = join(dir, '..', `${dir.split('/').pop()}.out`);
  writeFileSync(output, '');
  const inputEnv = Object.fromEntries(
    Object.entries({ binary: binary.name, environment: 'bench', 'var-files': 'bench.tfvars', ...inputs }).map(
      ([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v],
    ),
  );
  const result = spawnSync(process.execPath, [bundle], {
    cwd: dir,
    env: {
      ...env,
      ...inputEnv,
      PATH: `${dirname(binary.path)}:${env.PATH}`,
      GITHUB_WORKSPACE: dir,
      RUNNER_TEMP: join(dir, '..'),
      GITHUB_SHA: 'b'.repeat(40),
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: join(dir, '..', `${dir.split('/').pop()}.summary`),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 << 20,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error'));
    throw new Error(`the action failed (${inputs.command}, ${binary.name}): ${errors.join(' ')}`);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)}s`;

console.log(`terraform-plan-apply overhead over the raw binary commands (median of ${runs}, fresh module each)`);
console.log('binary     resources  raw plan  action plan  ratio | raw apply  action apply  ratio');
const only = process.env.TPA_BENCH_BINARY;
for (const binary of binaries().filter((b) => !only || b.name === only)) {
  for (const resources of (process.env.TPA_BENCH_SIZES || '5,500').split(',').map(Number)) {
    const template = module(resources);
    const s = { rawPlan: [], actionPlan: [], rawApply: [], actionApply: [] };
    for (let i = 0; i < runs; i++) {
      const r = fresh(template);
      s.rawPlan.push(
        timed(() => {
          raw(binary, r, 'init', '-input=false', '-no-color');
          raw(binary, r, 'plan', '-input=false', '-no-color', '-detailed-exitcode', '-var-file=bench.tfvars', '-out=p');
          raw(binary, r, 'show', '-json', 'p');
        }),
      );
      // An apply job starts from a fresh checkout: init again, then the saved plan.
      rmSync(join(r, '.terraform'), { recursive: true, force: true });
      s.rawApply.push(
        timed(() => {
          raw(binary, r, 'init', '-input=false', '-no-color');
          raw(binary, r, 'apply', '-input=false', '-no-color', '-auto-approve', 'p');
          raw(binary, r, 'output', '-json');
        }),
      );
      const a = fresh(template);
      const bundleDir = join(a, '..', `bundle-${copies}`);
      s.actionPlan.push(timed(() => action(binary, a, { command: 'plan', 'plan-bundle': bundleDir })));
      rmSync(join(a, '.terraform'), { recursive: true, force: true });
      s.actionApply.push(timed(() => action(binary, a, { command: 'apply', 'plan-bundle': bundleDir })));
    }
    const [rp, ap, ra, aa] = [s.rawPlan, s.actionPlan, s.rawApply, s.actionApply].map(median);
    console.log(
      `${binary.name.padEnd(10)} ${String(resources).padStart(9)}  ${fmt(rp).padStart(8)}  ${fmt(ap).padStart(11)}  ${(ap / rp).toFixed(2)}x | ${fmt(ra).padStart(9)}  ${fmt(aa).padStart(12)}  ${(aa / ra).toFixed(2)}x`,
    );
  }
}
rmSync(work, { recursive: true, force: true });
