import { BatchGetImageCommand, PutImageCommand, type ECRClient } from '@aws-sdk/client-ecr';
import type { StoredManifest } from './registry-api.js';

/**
 * Tags an image through ECR's API: PutImage with the exact manifest bytes and media type, as ECR's
 * own re-tagging does, so the digest stays the same and no layer moves. A tag that already names
 * this manifest is left as it is (ImageAlreadyExistsException), so a re-run changes nothing.
 *
 * build-push-ecr also uses it with the `registry` input, whose images go to a registry ECR's API
 * does not see: recording the pushed manifest keeps ECR's view (DescribeImages, BatchGetImage)
 * true for the actions that read it later.
 */
export async function putImageTags(
  ecr: ECRClient,
  repository: string,
  manifest: Pick<StoredManifest, 'body' | 'mediaType' | 'digest'>,
  tags: readonly string[],
): Promise<void> {
  for (const tag of tags) {
    try {
      await ecr.send(
        new PutImageCommand({
          repositoryName: repository,
          imageManifest: manifest.body,
          imageManifestMediaType: manifest.mediaType,
          imageDigest: manifest.digest,
          imageTag: tag,
        }),
      );
    } catch (err) {
      if ((err as Error).name !== 'ImageAlreadyExistsException') throw err;
    }
  }
}

/** The manifest ECR holds for a digest or tag, with its exact bytes; undefined when there is none. */
export async function getImageManifest(
  ecr: ECRClient,
  repository: string,
  reference: { digest: string } | { tag: string },
): Promise<Pick<StoredManifest, 'body' | 'mediaType' | 'digest'> | undefined> {
  const imageId = 'digest' in reference ? { imageDigest: reference.digest } : { imageTag: reference.tag };
  const response = await ecr.send(
    new BatchGetImageCommand({
      repositoryName: repository,
      imageIds: [imageId],
      acceptedMediaTypes: [
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
      ],
    }),
  );
  const image = response.images?.[0];
  if (!image?.imageManifest || !image.imageId?.imageDigest) return undefined;
  return {
    body: image.imageManifest,
    mediaType: image.imageManifestMediaType ?? '',
    digest: image.imageId.imageDigest,
  };
}
