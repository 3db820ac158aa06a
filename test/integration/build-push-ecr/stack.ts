// The local stack parts build-push-ecr's tests need (moto, the registry, the Docker engine), started
// when they do not answer (`local-stack.sh up` is idempotent), and helpers to look at what the
// action left in them, through their real APIs.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import path from 'node:path';
import { DeleteRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { useLocalStack } from '../../support/local-stack.js';
import { repoRoot, runAction, type ActionRun } from '../../support/run-action.js';

const execFileAsync = promisify(execFile);

export const fixtures = path.join(repoRoot, 'test/fixtures/build-push-ecr');

/** A fresh 40-hex "commit", so no image from an earlier run can match. */
export const newSha = (): string => randomBytes(20).toString('hex');
export const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

/** Brings the parts up and returns the environment pointing at them (also merged into process.env). */
export const useStack = (): Promise<Record<string, string>> => useLocalStack('aws', 'registry', 'docker');

/**
 * A Docker client config whose only plugin is the pinned buildx (built on first use by
 * scripts/ensure-buildx.sh, minutes; cached after): the way a runner offers buildx, kept to the runs
 * that get this DOCKER_CONFIG, so every other test still finds no buildx and uses the classic builder.
 */
export function buildxDockerConfig(): string {
  const buildx = execFileSync('bash', [path.join(repoRoot, 'scripts/ensure-buildx.sh')], {
    encoding: 'utf8',
    timeout: 900_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const config = mkdtempSync(path.join(tmpdir(), 'bpe-buildx-config-'));
  mkdirSync(path.join(config, 'cli-plugins'));
  symlinkSync(buildx, path.join(config, 'cli-plugins', 'docker-buildx'));
  return config;
}

export interface Buildkitd {
  /** unix://... address for `docker buildx create --driver remote`. */
  address: string;
  /** Stops the daemon and deletes its state (its local build cache). */
  stop: () => Promise<void>;
}

/**
 * A BuildKit daemon (scripts/ensure-buildx.sh buildkitd) with empty state, as a `remote` buildx
 * builder: the driver-independent stand-in for the docker-container builder docker/setup-buildx-action
 * makes on a runner, which can export a registry cache. Root and runc are needed (the OCI worker);
 * the host network, as the stack has no bridge; plain HTTP to the stack's registry.
 */
export async function startBuildkitd(): Promise<Buildkitd> {
  const binary = execFileSync('bash', [path.join(repoRoot, 'scripts/ensure-buildx.sh'), 'buildkitd'], {
    encoding: 'utf8',
    timeout: 900_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const dir = mkdtempSync(path.join(tmpdir(), 'bpe-buildkitd-'));
  const config = path.join(dir, 'buildkitd.toml');
  writeFileSync(config, `[registry."${process.env.LOCAL_REGISTRY}"]\n  http = true\n  insecure = true\n`);
  const socket = path.join(dir, 'buildkitd.sock');
  const daemon = spawn(
    binary,
    [
      '--root',
      path.join(dir, 'state'),
      '--addr',
      `unix://${socket}`,
      '--config',
      config,
      '--oci-worker-snapshotter',
      'native',
      '--oci-worker-net',
      'host',
      '--containerd-worker=false',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  daemon.stderr.on('data', (chunk: Buffer) => (log = `${log}${chunk.toString()}`.slice(-4000)));
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  const stop = async () => {
    daemon.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (let waited = 0; !/running server on/.test(log); waited += 100) {
    if (daemon.exitCode !== null || waited > 30_000) {
      await stop();
      throw new Error(`buildkitd did not start: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!existsSync(socket)) throw new Error(`buildkitd did not create ${socket}`);
  return { address: `unix://${socket}`, stop };
}

const registry = () => `http://${process.env.LOCAL_REGISTRY}`;
const manifestAccept = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  // buildx with a BuildKit of its own pushes an index (the image and its provenance attestation).
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

export interface Manifest {
  digest: string;
  body: string;
  mediaType: string;
  config: { digest: string; mediaType: string };
  layers: { digest: string; mediaType: string }[];
}

/** The manifest a tag names in the local registry, or undefined. */
export async function registryManifest(repository: string, tag: string): Promise<Manifest | undefined> {
  const res = await fetch(`${registry()}/v2/${repository}/manifests/${tag}`, {
    headers: { Accept: manifestAccept },
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status === 404) return undefined;
  const body = await res.text();
  const parsed = JSON.parse(body) as Omit<Manifest, 'digest' | 'body'>;
  return { ...parsed, body, digest: res.headers.get('docker-content-digest') ?? '' };
}

export async function putManifest(repository: string, tag: string, manifest: Manifest): Promise<void> {
  const res = await fetch(`${registry()}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'Content-Type': manifest.mediaType },
    body: manifest.body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`PUT manifest ${repository}:${tag}: HTTP ${res.status}`);
}

export async function imageLabels(repository: string, manifest: Manifest): Promise<Record<string, string>> {
  const res = await fetch(`${registry()}/v2/${repository}/blobs/${manifest.config.digest}`, {
    signal: AbortSignal.timeout(10_000),
  });
  const config = (await res.json()) as { config?: { Labels?: Record<string, string> } };
  return config.config?.Labels ?? {};
}

/** The image config blob as stored (labels, environment, history), to look for what must not be there. */
export async function configText(repository: string, manifest: Manifest): Promise<string> {
  const res = await fetch(`${registry()}/v2/${repository}/blobs/${manifest.config.digest}`, {
    signal: AbortSignal.timeout(10_000),
  });
  return res.text();
}

/** Every layer's uncompressed tar, as text, to look for file contents (and for what must not be there). */
export async function layersText(repository: string, manifest: Manifest): Promise<string> {
  const texts: string[] = [];
  for (const layer of manifest.layers) {
    const res = await fetch(`${registry()}/v2/${repository}/blobs/${layer.digest}`, {
      signal: AbortSignal.timeout(10_000),
    });
    const data = Buffer.from(await res.arrayBuffer());
    texts.push((layer.mediaType.endsWith('gzip') ? gunzipSync(data) : data).toString('latin1'));
  }
  return texts.join('\n');
}

/** Removes what a test pushed: the manifests (by digest) of its repositories. */
export async function deleteFromRegistry(repository: string, digests: Iterable<string>): Promise<void> {
  for (const digest of new Set(digests)) {
    await fetch(`${registry()}/v2/${repository}/manifests/${digest}`, {
      method: 'DELETE',
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined);
  }
}

/** Removes the images the action tagged in the engine for these repositories. */
export async function removeLocalImages(repositories: readonly string[]): Promise<void> {
  for (const repository of repositories) {
    const { stdout } = await execFileAsync(
      'docker',
      ['image', 'ls', '--quiet', `${process.env.LOCAL_REGISTRY}/${repository}`],
      { env: process.env },
    );
    const refs = [...new Set(stdout.split('\n').filter((r) => r.trim() !== ''))];
    if (refs.length > 0) await execFileAsync('docker', ['image', 'rm', '--force', ...refs], { env: process.env });
  }
}

const isoTimestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/;

function epochTimestamps(value: unknown): unknown {
  if (typeof value === 'string' && isoTimestamp.test(value)) return Date.parse(value) / 1000;
  if (Array.isArray(value)) return value.map(epochTimestamps);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, epochTimestamps(v)]));
  }
  return value;
}

/**
 * moto 5.2 answers CodeBuild's StartBuild/BatchGetBuilds with ISO-8601 timestamps where the
 * CodeBuild JSON protocol has epoch seconds, and the AWS SDK v3 refuses to parse them. This
 * forwards every request to moto unchanged and rewrites only those timestamps in the answer; the
 * action reaches it through AWS_ENDPOINT_URL_CODEBUILD, the SDK's own per-service endpoint variable.
 */
export async function codebuildTimestampProxy(): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import('node:http');
  const target = process.env.AWS_ENDPOINT_URL!;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
      ) as Record<string, string>;
      fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
        signal: AbortSignal.timeout(30_000),
      })
        .then(async (answer) => {
          const text = await answer.text();
          let body = text;
          try {
            body = JSON.stringify(epochTimestamps(JSON.parse(text)));
          } catch {
            // Not JSON: passed on as it is.
          }
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(body);
        })
        .catch((err: unknown) => {
          res.writeHead(502);
          res.end(String(err));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Repositories a test file makes (names unique to this run), the bundle run against them (the
 * classic builder, the stack's registry standing in for ECR's), and their removal from ECR's API,
 * the registry and the engine at the end.
 */
export class TestRepositories {
  private readonly made = new Map<string, Set<string>>();

  name(suffix: string): string {
    const repository = `bpe-test-${runId}/${suffix}`;
    this.made.set(repository, new Set());
    return repository;
  }

  /** A digest pushed some other way, to remove with the rest. */
  keep(repository: string, digest: string): void {
    this.made.get(repository)?.add(digest);
  }

  async action(inputs: Record<string, string>, sha: string, env: Record<string, string> = {}): Promise<ActionRun> {
    const result = await runAction(
      'build-push-ecr',
      { registry: process.env.LOCAL_REGISTRY!, context: path.join(fixtures, 'app'), ...inputs },
      {
        env: { GITHUB_SHA: sha, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop', ...env },
        timeoutMs: 180_000,
      },
    );
    if (result.outputs.digest && inputs.repository) this.keep(inputs.repository, result.outputs.digest);
    return result;
  }

  async removeAll(): Promise<void> {
    for (const [repository, digests] of this.made) {
      await new ECRClient({})
        .send(new DeleteRepositoryCommand({ repositoryName: repository, force: true }))
        .catch(() => undefined);
      await deleteFromRegistry(repository, digests);
    }
    await removeLocalImages([...this.made.keys()]);
  }
}
