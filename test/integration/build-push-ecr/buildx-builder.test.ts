// build-push-ecr through a real docker buildx (v0.38.2, built from the Go module proxy by
// scripts/ensure-buildx.sh) and the stack's dockerd, whose BuildKit is the `docker` driver: the builder a
// GitHub-hosted runner uses unless docker/setup-buildx-action made another. buildx is offered to the
// action only through the DOCKER_CONFIG these runs get, so the classic-builder tests keep the classic path.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { DeleteRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { runAction, type ActionRun } from '../../support/run-action.js';
import {
  buildxDockerConfig,
  configText,
  deleteFromRegistry,
  fixtures,
  imageLabels,
  layersText,
  newSha,
  registryManifest,
  removeLocalImages,
  runId,
  startBuildkitd,
  useStack,
  type Buildkitd,
} from './stack.js';

const repository = `bpe-test-${runId}/buildx`;
const digests = new Set<string>();
const secret = `buildx-s3cr3t-${runId}`;
let dockerConfig: string;
/** The Docker configs made for buildx, removed at the end. */
const configs: string[] = [];

// The stack's dockerd has no bridge network, and BuildKit's default network for RUN steps is the bridge;
// `network: none` is what a hermetic build asks for anyway (this Dockerfile needs no network).
async function action(
  inputs: Record<string, string>,
  sha: string,
  config: string = dockerConfig,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const result = await runAction(
    'build-push-ecr',
    {
      repository,
      registry: process.env.LOCAL_REGISTRY!,
      context: path.join(fixtures, 'buildx'),
      network: 'none',
      secrets: `token=${secret}`,
      'build-args': `RUN_ID=${runId}`,
      ...inputs,
    },
    {
      env: {
        GITHUB_SHA: sha,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/shop',
        DOCKER_CONFIG: config,
        ...env,
      },
      timeoutMs: 120_000,
    },
  );
  if (result.outputs.digest) digests.add(result.outputs.digest);
  return result;
}

const built = (run: ActionRun) => run.stdout.includes('[command] docker buildx build');

beforeAll(async () => {
  await useStack();
  dockerConfig = buildxDockerConfig();
  configs.push(dockerConfig);
}, 900_000);

afterAll(async () => {
  await new ECRClient({})
    .send(new DeleteRepositoryCommand({ repositoryName: repository, force: true }))
    .catch(() => undefined);
  await deleteFromRegistry(repository, digests);
  await removeLocalImages([repository]);
  for (const config of configs) rmSync(config, { recursive: true, force: true });
}, 60_000);

describe('buildx with the docker driver', () => {
  const sha = newSha();
  let first: ActionRun;

  beforeAll(async () => {
    first = await action({ 'create-repository': 'true' }, sha);
  }, 120_000);

  test('builds with buildx and pushes; the digest output is the manifest the registry holds, with the OCI labels', async () => {
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(built(first)).toBe(true);
    const manifest = await registryManifest(repository, sha);
    expect(manifest?.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(first.outputs).toMatchObject({
      digest: manifest!.digest,
      'image-uri': `${process.env.LOCAL_REGISTRY}/${repository}@${manifest!.digest}`,
      skipped: 'false',
    });
    expect(first.summary).toContain('docker (buildx, docker driver)');
    expect(await imageLabels(repository, manifest!)).toMatchObject({
      'org.opencontainers.image.revision': sha,
      'org.opencontainers.image.source': 'https://github.com/acme/shop',
      'org.opencontainers.image.created': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  test('the secret reached the RUN step, and its value is in no layer, not in the config or history, not in the log', async () => {
    const manifest = (await registryManifest(repository, sha))!;
    const layers = await layersText(repository, manifest);
    expect(layers).toContain(createHash('sha256').update(secret).digest('hex'));
    expect(layers).not.toContain(secret);
    const config = await configText(repository, manifest);
    expect(config).toContain('sha256sum /run/secrets/token');
    expect(config).not.toContain(secret);
    // The runner reads ::add-mask:: to hide the value; anywhere else it would be a leak.
    const printed = `${first.stdout}${first.stderr}`.replace(/^::add-mask::.*$/gm, '');
    expect(first.stdout).toContain(`::add-mask::${secret}`);
    expect(`${printed}${JSON.stringify(first.outputs)}${first.summary}`).not.toContain(secret);
    expect(first.stdout).toMatch(/--secret id=token,env=BUILD_PUSH_ECR_SECRET_TOKEN /);
  });

  test('the registry cache is read, not written: the docker driver cannot export one, and says so instead of failing', async () => {
    expect(first.stdout).toContain(
      `--cache-from type=registry,ref=${process.env.LOCAL_REGISTRY}/${repository}:buildcache`,
    );
    expect(first.stdout).not.toContain('--cache-to');
    const notice = first.stdout.split('\n').filter((l) => l.startsWith('::notice'));
    expect(notice).toEqual([expect.stringContaining("'default' (docker driver) cannot export a build cache")]);
    expect(first.summary).toContain('cannot export a build cache');
    expect(await registryManifest(repository, 'buildcache')).toBeUndefined();
  });

  test('a re-run on the same commit builds nothing and returns the same digest', async () => {
    const again = await action({}, sha);
    expect(again.exitCode).toBe(0);
    expect(built(again)).toBe(false);
    expect(again.outputs).toMatchObject({ digest: first.outputs.digest, skipped: 'true', 'build-seconds': '0' });
  }, 60_000);
});

describe('a failing build', () => {
  test('the failing Dockerfile step is named (as buildx v0.38 prints it), and nothing is pushed', async () => {
    const sha = newSha();
    const run = await action({ context: path.join(fixtures, 'failing') }, sha);
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs['failure-reason']).toBe('build-failed');
    // BuildKit runs independent steps in parallel: either failing step may be the one reported.
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^docker build failed at \[\d\/4\] (RUN echo "about to fail" && exit 3|COPY never\.txt \/never\.txt): failed to solve: /,
      ),
    ]);
    expect(await registryManifest(repository, sha)).toBeUndefined();
  }, 60_000);
});

describe('buildx with a remote BuildKit: the registry cache is written, and read by a builder with no local cache', () => {
  const cacheRef = () => `${process.env.LOCAL_REGISTRY}/${repository}:buildcache`;
  const inputs = { context: path.join(fixtures, 'buildx-cache'), network: 'default', secrets: '', 'build-args': '' };
  let buildkitd: Buildkitd | undefined;
  let remoteConfig: string;

  // As docker/setup-buildx-action does on a runner: create a builder and make it the current one.
  const useBuilder = async () => {
    buildkitd = await startBuildkitd();
    remoteConfig = buildxDockerConfig();
    configs.push(remoteConfig);
    execFileSync(
      'docker',
      ['buildx', 'create', '--name', `bpe-${runId}`, '--driver', 'remote', '--use', buildkitd.address],
      {
        env: { ...process.env, DOCKER_CONFIG: remoteConfig },
        stdio: 'ignore',
      },
    );
  };

  afterAll(async () => {
    await buildkitd?.stop();
    const cache = await registryManifest(repository, 'buildcache');
    if (cache) digests.add(cache.digest);
  });

  test('writes the cache to the repository as one OCI image manifest, as ECR needs', async () => {
    await useBuilder();
    const sha = newSha();
    const run = await action(inputs, sha, remoteConfig);
    expect(run.errors).toEqual([]);
    expect(run.summary).toContain('docker (buildx, remote driver)');
    expect(run.stdout).toContain(
      `--cache-to type=registry,ref=${cacheRef()},mode=max,image-manifest=true,oci-mediatypes=true`,
    );
    expect(run.stdout).not.toContain('::notice');
    expect(run.outputs.digest).toBe((await registryManifest(repository, sha))?.digest);
    const cache = await registryManifest(repository, 'buildcache');
    expect(cache).toMatchObject({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.buildkit.cacheconfig.v0' },
    });
    expect(cache!.layers.length).toBeGreaterThan(0);
  }, 120_000);

  test('a new builder (empty state, as on a fresh runner) takes the step from the registry cache; its re-run is skipped', async () => {
    await buildkitd!.stop();
    buildkitd = undefined;
    await useBuilder();
    const sha = newSha();
    const run = await action(inputs, sha, remoteConfig);
    expect(run.errors).toEqual([]);
    expect(run.stdout).toContain(`importing cache manifest from ${cacheRef()}`);
    expect(run.stdout).toMatch(/\[1\/1\] COPY message\.txt \/message\.txt\n#\d+ CACHED/);
    // buildx pushes an index (the image and its provenance attestation): the re-run still finds the commit.
    const again = await action(inputs, sha, remoteConfig);
    expect(again.outputs).toMatchObject({ digest: run.outputs.digest, skipped: 'true' });
  }, 120_000);

  test("a pull request reads the default branch's cache but writes only its own", async () => {
    const shared = (await registryManifest(repository, 'buildcache'))!;
    const run = await action(inputs, newSha(), remoteConfig, {
      GITHUB_REF: 'refs/pull/5/merge',
      GITHUB_EVENT_NAME: 'pull_request',
    });
    expect(run.errors).toEqual([]);
    expect(run.stdout).toContain(
      `--cache-from type=registry,ref=${cacheRef()}-pr-5 --cache-from type=registry,ref=${cacheRef()} `,
    );
    expect(run.stdout).toContain(`--cache-to type=registry,ref=${cacheRef()}-pr-5,mode=max`);
    expect(run.stdout).not.toContain(`--cache-to type=registry,ref=${cacheRef()},`);
    expect((await registryManifest(repository, 'buildcache'))?.digest).toBe(shared.digest);
    const own = await registryManifest(repository, 'buildcache-pr-5');
    expect(own?.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    digests.add(own!.digest);
  }, 120_000);
});
