import { ActionFailure } from '../../action-helpers/errors.js';
import type { BuildxBuilder } from './buildx-builder.js';
import { secretEnvName, type Inputs } from './inputs.js';

export { secretEnvName };

/** What the runner's Docker offers: buildx (BuildKit, registry cache, secrets) or the classic builder. */
export type DockerBuilder = 'buildx' | 'classic';

export interface BuildTarget {
  /** host[:port]/repository, without a tag. */
  imageName: string;
  /** Where buildx writes the digest it pushed. */
  metadataFile: string;
  /** Where the classic builder writes the image id. */
  iidFile: string;
}

/** Refuses, before anything happens, what the available builder cannot do safely. */
export function checkBuilderSupports(inputs: Inputs, builder: DockerBuilder, buildx?: BuildxBuilder): void {
  if (builder === 'buildx') {
    if (buildx && !buildx.multiPlatform && inputs.platforms.length > 1) {
      throw new ActionFailure(
        `Input 'platforms': the buildx builder '${buildx.name}' (${buildx.driver} driver) builds one platform. Create a docker-container builder first (docker/setup-buildx-action) for multi-platform images.`,
        'platforms-unsupported',
      );
    }
    return;
  }
  if (inputs.secrets.length > 0) {
    throw new ActionFailure(
      "Input 'secrets': the classic Docker builder has no build secrets, and passing them any other way would leave them in the image or its history. Install docker buildx on the runner (docker/setup-buildx-action).",
      'secrets-unsupported',
    );
  }
  if (inputs.platforms.length > 1) {
    throw new ActionFailure(
      "Input 'platforms': the classic Docker builder builds one platform. Install docker buildx (docker/setup-buildx-action) for multi-platform images.",
      'platforms-unsupported',
    );
  }
}

function common(inputs: Inputs): string[] {
  const args: string[] = [];
  if (inputs.dockerfile) args.push('--file', inputs.dockerfile);
  for (const { key, value } of inputs.buildArgs) args.push('--build-arg', `${key}=${value}`);
  for (const { key, value } of inputs.labels) args.push('--label', `${key}=${value}`);
  if (inputs.target) args.push('--target', inputs.target);
  if (inputs.network !== 'default') args.push('--network', inputs.network);
  if (inputs.noCache) args.push('--no-cache');
  return args;
}

const tagsOf = (inputs: Inputs, target: BuildTarget) =>
  inputs.tags.flatMap((tag) => ['--tag', `${target.imageName}:${tag}`]);

/**
 * `docker buildx build`: pushes by itself, and keeps its layer cache in the same ECR repository
 * under `cache-tag`, in the form ECR accepts (an OCI image manifest, not an index). The cache is
 * written only by a builder that can export one (see cacheExportSkipped); every builder reads it.
 */
export function buildxArgs(inputs: Inputs, target: BuildTarget, builder: Pick<BuildxBuilder, 'cacheExport'>): string[] {
  const args = ['buildx', 'build', ...common(inputs), ...tagsOf(inputs, target)];
  for (const { key } of inputs.secrets) args.push('--secret', `id=${key},env=${secretEnvName(key)}`);
  if (inputs.platforms.length > 0) args.push('--platform', inputs.platforms.join(','));
  if (inputs.cache) {
    // Scoped by trust (cache-scope.ts): a pull request reads the shared cache but writes only its own.
    const { read, write } = inputs.cacheScope;
    if (!inputs.noCache)
      for (const tag of read) args.push('--cache-from', `type=registry,ref=${target.imageName}:${tag}`);
    if (inputs.push && builder.cacheExport)
      args.push(
        '--cache-to',
        `type=registry,ref=${target.imageName}:${write},mode=max,image-manifest=true,oci-mediatypes=true`,
      );
  }
  args.push('--metadata-file', target.metadataFile);
  if (inputs.push) args.push('--push');
  args.push(inputs.context);
  return args;
}

/**
 * Why the registry cache is not written, when it is not: the builder cannot export one. buildx
 * would fail the whole build on `--cache-to` ("Cache export is not supported for the docker
 * driver"), and an image without a fresh cache is better than no image. Inline cache is no
 * substitute: it lives in the pushed image's config (changing its digest) under a per-commit tag
 * the next build cannot name.
 */
export function cacheExportSkipped(inputs: Inputs, builder: BuildxBuilder, imageName: string): string | undefined {
  if (!inputs.cache || !inputs.push || builder.cacheExport) return undefined;
  const cacheRef = `${imageName}:${inputs.cacheScope.write}`;
  return (
    `The buildx builder '${builder.name}' (${builder.driver} driver) cannot export a build cache, so ${cacheRef} is ${inputs.noCache ? 'not written' : 'read but not written'}. ` +
    'To write it, create a docker-container builder before this step (docker/setup-buildx-action), or use the containerd image store.'
  );
}

/** `docker build` with the classic builder; pushing is a separate `docker push` per tag. */
export function classicBuildArgs(inputs: Inputs, target: BuildTarget): string[] {
  const args = ['build', ...common(inputs), ...tagsOf(inputs, target)];
  if (inputs.platforms[0]) args.push('--platform', inputs.platforms[0]);
  args.push('--iidfile', target.iidFile, inputs.context);
  return args;
}

export function classicPushArgs(imageName: string, tag: string): string[] {
  return ['push', `${imageName}:${tag}`];
}

/** The environment buildx reads secret values from. */
export function secretEnv(inputs: Inputs): Record<string, string> {
  return Object.fromEntries(inputs.secrets.map(({ key, value }) => [secretEnvName(key), value]));
}
