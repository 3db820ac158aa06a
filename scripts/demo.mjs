#!/usr/bin/env node
// npm run demo [-- --approve] [--fail-uat] [--fresh] [--no-color]
//
// Runs the sample service (examples/hello-service) through the suite's whole delivery flow on this
// machine: its own workflow file (.github/workflows/delivery.yml, which calls pipeline.yml) under
// act, against the local stack of real services (moto for AWS, a registry, a Docker engine, a real
// Kubernetes control plane). One act run per environment, because act has no approvals: the demo
// asks before UAT and before prod (or --approve says yes). It ends by printing where each
// environment stands and the evidence behind it.
//
//   --approve   approve the UAT and prod promotions without asking
//   --fail-uat  deliver a release whose UAT configuration is broken: its rollout fails, is rolled
//               back, and prod is untouched
//   --fresh     start the sample repository again from the example (a new first delivery)
//
// A second run with no change to the example builds and deploys nothing.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareSuite, demoSettings, suiteRepository } from './demo/settings.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !['--approve', '--fail-uat', '--fresh', '--no-color'].includes(a));
if (unknown.length > 0) {
  console.error(`unknown option(s): ${unknown.join(' ')}\nusage: npm run demo [-- --approve] [--fail-uat] [--fresh]`);
  process.exit(2);
}
const color = process.stdout.isTTY && !args.has('--no-color');
const bold = (s) => (color ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (color ? `\x1b[2m${s}\x1b[0m` : s);
const started = Date.now();
const timings = [];

async function stage(name, fn) {
  const t0 = Date.now();
  console.log(`\n${bold(`==> ${name}`)}`);
  try {
    return await fn();
  } finally {
    const seconds = (Date.now() - t0) / 1000;
    timings.push([name, seconds]);
    console.log(dim(`    ${name}: ${seconds.toFixed(1)}s`));
  }
}

function run(program, argv, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, argv, {
      stdio: options.stdio ?? 'inherit',
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    let out = '';
    child.stdout?.on('data', (c) => {
      out += c;
      if (options.echo) process.stdout.write(options.echo(c.toString()));
    });
    child.stderr?.on('data', (c) => {
      out += c;
      if (options.echo) process.stdout.write(options.echo(c.toString()));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function check(program, argv, options) {
  const { code, out } = await run(program, argv, options);
  if (code !== 0) throw new Error(`${program} ${argv.join(' ')} failed (exit ${code})`);
  return out;
}

/** Yes to a promotion: --approve, else a prompt when there is a terminal, else no. */
async function approve(question) {
  if (args.has('--approve')) {
    console.log(`${question} yes (--approve)`);
    return true;
  }
  if (!process.stdin.isTTY) {
    console.log(`${question} not approved: no terminal to ask on (run with --approve to approve).`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

/** The OIDC token endpoint a GitHub runner offers, for role-to-assume: moto's STS trusts any token. */
function startTokenServer() {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const claims = {
        iss: 'https://token.actions.githubusercontent.com',
        sub: 'repo:acme/hello-service:ref:refs/heads/main',
        aud: new URL(req.url, 'http://x').searchParams.get('audience') ?? 'sts.amazonaws.com',
        exp: Math.floor(Date.now() / 1000) + 600,
      };
      const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ value: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.` }));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const settings = await stage('setting up the machine (tools and the local stack; first time: minutes)', async () => {
  if (!existsSync(path.join(root, 'node_modules')))
    await check('npm', ['install', '--no-audit', '--no-fund'], { cwd: root });
  return demoSettings(root, check);
});

const { env, stackState } = settings;
// DEMO_DIR: where the sample repository and act's files live (the e2e tests use their own).
const demoDir = process.env.DEMO_DIR || path.join(stackState, 'demo');
const serviceDir = path.join(demoDir, 'hello-service');
const suiteDir = path.join(demoDir, 'suite');

await stage('preparing the sample service repository and the suite', async () => {
  prepareSuite(root, suiteDir);
  await settings.prepareAws();
  if (args.has('--fresh') || !existsSync(path.join(serviceDir, '.git')) || !(await settings.deliveredBefore())) {
    rmSync(serviceDir, { recursive: true, force: true });
    mkdirSync(serviceDir, { recursive: true });
    const git = (...a) => execFileSync('git', a, { cwd: serviceDir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'https://github.com/acme/hello-service.git');
    rmSync(path.join(demoDir, 'last-delivered'), { force: true });
  }
  cpSync(path.join(root, 'examples/hello-service'), serviceDir, { recursive: true });
  if (args.has('--fail-uat')) breakUatConfiguration(serviceDir);
  const git = (...a) => execFileSync('git', a, { cwd: serviceDir, stdio: 'pipe' }).toString().trim();
  git('add', '-A');
  const dirty = git('status', '--porcelain') !== '';
  if (dirty) {
    git(
      '-c',
      'user.name=Demo',
      '-c',
      'user.email=demo@example.com',
      'commit',
      '-qm',
      args.has('--fail-uat') ? 'Release with a broken UAT configuration' : 'Deliver the sample service',
    );
  }
  console.log(
    `    ${serviceDir} at ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' (new commit)' : ' (no change since the last delivery)'}`,
  );
});

/**
 * --fail-uat: the release carries a UAT-only setting (a kustomize annotation of the uat overlay)
 * under which the local cluster's pods never become ready: dev is unaffected, UAT's rollout fails.
 */
function breakUatConfiguration(dir) {
  const file = path.join(dir, 'deploy/uat/kustomization.yaml');
  writeFileSync(file, `${readFileSync(file, 'utf8')}commonAnnotations:\n  local-stack/behavior: never-ready\n`);
}

const tokenServer = await startTokenServer();
const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: serviceDir }).toString().trim();
const lastFile = path.join(demoDir, 'last-delivered');
const before = existsSync(lastFile) ? readFileSync(lastFile, 'utf8').trim() : '0'.repeat(40);
let runNumber = Number(
  existsSync(path.join(demoDir, 'run-number')) ? readFileSync(path.join(demoDir, 'run-number'), 'utf8') : '0',
);

/** One act run of delivery.yml for the given stages, as a push of `head` after `before`. */
async function deliver(stages, label) {
  runNumber += 1;
  writeFileSync(path.join(demoDir, 'run-number'), String(runNumber));
  const eventFile = path.join(demoDir, 'event.json');
  writeFileSync(
    eventFile,
    JSON.stringify({
      ref: 'refs/heads/main',
      before,
      after: head,
      created: /^0+$/.test(before),
      repository: {
        full_name: 'acme/hello-service',
        name: 'hello-service',
        owner: { login: 'acme' },
        default_branch: 'main',
      },
      head_commit: { id: head },
      pusher: { name: 'demo' },
    }),
  );
  const files = settings.actFiles(demoDir, {
    stages,
    runNumber,
    tokenUrl: `http://127.0.0.1:${tokenServer.address().port}/token`,
  });
  const argv = [
    'push',
    '-W',
    '.github/workflows/delivery.yml',
    '-e',
    eventFile,
    '-P',
    'ubuntu-latest=-self-hosted',
    '--local-repository',
    `${suiteRepository}@v1=${suiteDir}`,
    '--env-file',
    files.env,
    '--secret-file',
    files.secrets,
    '--var-file',
    files.vars,
    '--rm',
    '--no-cache-server',
    '--concurrent-jobs',
    '2',
  ];
  console.log(dim(`    act ${argv.join(' ')}`));
  const { code } = await run(settings.act, argv, {
    cwd: serviceDir,
    env: { ...process.env, PATH: env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
    echo: (text) =>
      text
        .split('\n')
        .map((l) => (l ? `    ${dim('|')} ${l}` : l))
        .join('\n'),
  });
  console.log(`    ${label}: ${code === 0 ? 'succeeded' : 'FAILED'}`);
  return code === 0;
}

let ok = await stage('dev: detect, build, scan, plan every environment, deploy to dev', () =>
  deliver('build dev', 'dev'),
);
let reached = ok ? 'dev' : 'none';
if (ok && (await approve('Promote to UAT?'))) {
  ok = await stage('uat: promote the dev digest, apply, roll out', () => deliver('uat', 'uat'));
  if (ok) reached = 'uat';
  if (ok && (await approve('Promote to prod?'))) {
    ok = await stage('prod: promote the UAT digest, apply, roll out', () => deliver('prod', 'prod'));
    if (ok) reached = 'prod';
  }
}
tokenServer.close();
if (reached !== 'none') writeFileSync(lastFile, head);

const status = await stage('where each environment stands', () => settings.printStatus({ bold, dim }));

if (process.env.DEMO_STATUS_FILE) {
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(process.env.DEMO_STATUS_FILE, JSON.stringify({ reached, status, timings, seconds }));
}

console.log(`\n${bold('Timings')}`);
for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(7)}s  ${name}`);
console.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(7)}s  in all`);
if (args.has('--fail-uat')) {
  console.log(
    ok
      ? '\n--fail-uat: UAT was expected to fail, and did not.'
      : '\n--fail-uat: the UAT rollout failed as intended, was rolled back, and prod was not touched.',
  );
  process.exit(ok ? 1 : 0);
}
process.exit(ok ? 0 : 1);
