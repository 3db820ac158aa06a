// Benchmark of scan-image (issue 12): a Trivy report of 20,000 findings gated by the real bundle
// (source report, the local registry standing in for ECR: resolve the image, read the report,
// judge, write the SARIF log, look up evidence) against `node -e JSON.parse(<the same file>)`, both
// as processes, interleaved, in the same run. Printed: the median time ratio, and peak RSS of each.
// Two more reports hold the same 20,000 findings with descriptions three times as long (the largest
// the gate parses whole) and eight times (streamed): JSON.parse's memory grows with the file, the
// gate's stays bounded. A last one, of 100 findings, shows the gate's fixed costs (loading the bundle,
// the registry look-ups).
//
// Needs the stack's registry part (started here if it is not running: scripts/local-stack.sh up registry).
// SCAN_BENCH_RUNS sets the runs per figure (5).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const bundle = join(root, 'dist/scan-image/index.js');
const runs = Number(process.env.SCAN_BENCH_RUNS || 5);
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

execFileSync('bash', [join(root, 'scripts/local-stack.sh'), 'up', 'registry'], { stdio: 'inherit' });
const registry = /LOCAL_REGISTRY=(\S+)/.exec(
  execFileSync('bash', [join(root, 'scripts/local-stack.sh'), 'env', 'registry'], { encoding: 'utf8' }),
)[1];

const sha256 = (data) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const repository = `scan-image-bench/${Date.now().toString(36)}`;
const digest = await pushImage();
const work = mkdtempSync(join(tmpdir(), 'scan-image-bench-'));
mkdirSync(join(work, 'reports'));

// Reports up to 64 MiB are parsed whole, larger ones streamed (src/scan-image/report-reader.ts).
const scenarios = [
  { name: '20,000 findings (parsed whole)', file: writeReport('trivy-20k.json', 20_000, 600) },
  { name: '20,000 findings, 3x text (parsed whole)', file: writeReport('trivy-20k-3x.json', 20_000, 1800) },
  { name: '20,000 findings, 8x text (streamed)', file: writeReport('trivy-20k-8x.json', 20_000, 4800) },
  { name: '100 findings (fixed costs)', file: writeReport('trivy-100.json', 100, 600) },
];

const rows = [];
for (const s of scenarios) {
  const gate = [];
  const parse = [];
  for (let i = 0; i < runs; i++) {
    gate.push(timed([process.execPath, bundle], gateEnv(s.file)));
    parse.push(
      timed([process.execPath, '-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(s.file)}, 'utf8'))`], {}),
    );
  }
  const g = median(gate.map((r) => r.ms));
  const p = median(parse.map((r) => r.ms));
  rows.push({
    scenario: s.name,
    'report MiB': (statSync(s.file).size / 1048576).toFixed(1),
    'gate ms': Math.round(g),
    'JSON.parse ms': Math.round(p),
    'time ratio': (g / p).toFixed(2),
    'gate peak RSS MiB': mib(Math.max(...gate.map((r) => r.rssKb ?? 0))),
    'JSON.parse peak RSS MiB': mib(Math.max(...parse.map((r) => r.rssKb ?? 0))),
  });
}
console.table(rows);
console.log(`${runs} runs each, interleaved; times are medians of whole processes (node start included in both).`);
rmSync(work, { recursive: true, force: true });
await fetch(`http://${registry}/v2/${repository}/manifests/${digest}`, { method: 'DELETE' }).catch(() => undefined);

function gateEnv(file) {
  writeFileSync(join(work, 'summary.md'), '');
  writeFileSync(join(work, 'output'), '');
  return {
    INPUT_IMAGE: `${registry}/${repository}@${digest}`,
    INPUT_REGISTRY: registry,
    INPUT_SOURCE: 'report',
    INPUT_REPORTS: file,
    'INPUT_RECORD-EVIDENCE': 'false',
    'INPUT_FAIL-ON': 'none',
    INPUT_DISPLAY: 'high',
    'INPUT_MAX-AGE': '0',
    'INPUT_WAIT-TIMEOUT': '1m',
    'INPUT_ROLE-DURATION-SECONDS': '3600',
    INPUT_AUDIENCE: 'sts.amazonaws.com',
    AWS_REGION: 'us-east-1',
    GITHUB_WORKSPACE: work,
    RUNNER_TEMP: work,
    GITHUB_STEP_SUMMARY: join(work, 'summary.md'),
    GITHUB_OUTPUT: join(work, 'output'),
  };
}

function timed(argv, env) {
  const cmd = timeBin ? [timeBin, '-f', '%M', ...argv] : argv;
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd[0], cmd.slice(1), {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${argv.slice(0, 2).join(' ')} failed: ${result.stdout.slice(-2000)}${result.stderr.slice(-2000)}`);
  const rssKb = timeBin ? Number(result.stderr.trim().split('\n').at(-1)) : undefined;
  return { ms, rssKb };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mib(kb) {
  return kb ? (kb / 1024).toFixed(0) : 'n/a';
}

/** A Trivy report (SchemaVersion 2) of `count` findings over 500 packages, about the pushed image. */
function writeReport(name, count, descriptionLength) {
  const severities = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNKNOWN'];
  const vulnerabilities = [];
  for (let i = 0; i < count; i++) {
    vulnerabilities.push({
      VulnerabilityID: `CVE-2024-${10000 + i}`,
      VendorIDs:
        i % 7 === 0
          ? [`GHSA-${'23456789'[i % 8]}${'cfgh'[i % 4]}jm-pqrv-wx${'23456789'[(i >> 3) % 8]}${'cfgh'[(i >> 2) % 4]}`]
          : undefined,
      PkgID: `pkg${i % 500}@1.${i % 13}.0`,
      PkgName: `pkg${i % 500}`,
      InstalledVersion: `1.${i % 13}.0`,
      FixedVersion: i % 3 ? `1.${i % 13}.1` : undefined,
      Status: i % 3 ? 'fixed' : 'affected',
      Layer: { Digest: `sha256:${'a'.repeat(64)}`, DiffID: `sha256:${'b'.repeat(64)}` },
      SeveritySource: 'nvd',
      PrimaryURL: `https://avd.aquasec.com/nvd/cve-2024-${10000 + i}`,
      DataSource: {
        ID: 'debian',
        Name: 'Debian Security Tracker',
        URL: 'https://salsa.debian.org/security-tracker-team/security-tracker',
      },
      Title: `pkg${i % 500}: a flaw number ${i}`,
      Description: 'x'.repeat(descriptionLength),
      Severity: severities[i % 5],
      CweIDs: ['CWE-787'],
      VendorSeverity: { nvd: (i % 4) + 1, debian: 1 },
      CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', V3Score: 9.8 } },
      References: [
        `https://nvd.nist.gov/vuln/detail/CVE-2024-${10000 + i}`,
        'https://security-tracker.debian.org/tracker/',
      ],
      PublishedDate: '2024-01-01T00:00:00Z',
      LastModifiedDate: '2024-02-01T00:00:00Z',
    });
  }
  const report = {
    SchemaVersion: 2,
    CreatedAt: new Date().toISOString(),
    ArtifactName: `${registry}/${repository}@${digest}`,
    ArtifactType: 'container_image',
    Metadata: { OS: { Family: 'debian', Name: '12.5' }, RepoDigests: [`${registry}/${repository}@${digest}`] },
    Results: [{ Target: 'bench (debian 12.5)', Class: 'os-pkgs', Type: 'debian', Vulnerabilities: vulnerabilities }],
  };
  const file = join(work, 'reports', name);
  writeFileSync(file, JSON.stringify(report, null, 2));
  return file;
}

/** A tiny image pushed to the local registry through the distribution API; returns its digest. */
async function pushImage() {
  const base = `http://${registry}/v2/${repository}`;
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [] },
    nonce: randomBytes(8).toString('hex'),
  });
  const layer = randomBytes(32);
  for (const blob of [Buffer.from(config), layer]) {
    const open = await fetch(`${base}/blobs/uploads/`, { method: 'POST' });
    const location = new URL(open.headers.get('location'), `http://${registry}`);
    location.searchParams.set('digest', sha256(blob));
    const put = await fetch(location, {
      method: 'PUT',
      body: blob,
      headers: { 'content-type': 'application/octet-stream' },
    });
    if (!put.ok) throw new Error(`blob upload: HTTP ${put.status}`);
  }
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layer), size: layer.length }],
  });
  const put = await fetch(`${base}/manifests/bench`, {
    method: 'PUT',
    body: manifest,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
  });
  if (!put.ok) throw new Error(`manifest: HTTP ${put.status}`);
  return sha256(manifest);
}
