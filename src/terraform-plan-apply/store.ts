import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ActionFailure, messageOf } from '../../action-helpers/errors.js';
import { bundleFiles, replaceFolder, sha256 } from './bundle.js';
import type { Inputs, PlanStore } from './inputs.js';
import type { Session } from './setup.js';

/**
 * The plan store: bundles kept in S3 (optionally encrypted with a KMS key) between the plan and the
 * apply job, so they never need an artifact. A bundle is keyed by repository, environment, working
 * directory and commit: what the apply job knows. Each file carries its sha256, checked on the way back.
 */
export function storeKey(
  store: PlanStore,
  inputs: Pick<Inputs, 'environment' | 'workingDirectoryLabel'>,
  commit: string,
): string {
  const repository = process.env.GITHUB_REPOSITORY || 'local';
  const directory = inputs.workingDirectoryLabel === '.' ? '_root' : inputs.workingDirectoryLabel;
  return [store.prefix, repository, inputs.environment, directory, commit].filter((part) => part !== '').join('/');
}

const files = [bundleFiles.manifest, bundleFiles.plan, bundleFiles.text, bundleFiles.json];

function storeFailure(what: string, url: string, err: unknown): ActionFailure {
  return new ActionFailure(`Could not ${what} the plan store at ${url}: ${messageOf(err)}`, 'plan-store-failed', {
    cause: err,
  });
}

/** Uploads the bundle; returns its s3:// address. */
export async function uploadBundle(session: Session, dir: string): Promise<string> {
  const store = session.inputs.planStore!;
  const key = storeKey(store, session.inputs, session.commit);
  const url = `s3://${store.bucket}/${key}/`;
  const s3 = session.aws!.client(S3Client);
  try {
    for (const name of files) {
      const body = readFileSync(path.join(dir, name));
      await s3.send(
        new PutObjectCommand({
          Bucket: store.bucket,
          Key: `${key}/${name}`,
          Body: body,
          Metadata: { sha256: sha256(body) },
          ...(store.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: store.kmsKeyId } : {}),
        }),
        { abortSignal: session.signal },
      );
    }
  } catch (err) {
    throw storeFailure('write to', url, err);
  }
  core.info(`Plan bundle stored at ${url}`);
  return url;
}

/** Fetches the bundle planned for `commit` into `dir` (replaced whole); returns its s3:// address. */
export async function downloadBundle(session: Session, dir: string, commit: string): Promise<string> {
  const store = session.inputs.planStore!;
  const key = storeKey(store, session.inputs, commit);
  const url = `s3://${store.bucket}/${key}/`;
  const s3 = session.aws!.client(S3Client);
  mkdirSync(path.dirname(dir), { recursive: true });
  const fetched = mkdtempSync(`${dir}.partial-`);
  try {
    for (const name of files) {
      const object = await s3.send(new GetObjectCommand({ Bucket: store.bucket, Key: `${key}/${name}` }), {
        abortSignal: session.signal,
      });
      const body = Buffer.from(await object.Body!.transformToByteArray());
      const recorded = object.Metadata?.sha256;
      if (recorded !== sha256(body)) {
        throw new ActionFailure(
          `The stored ${name} at ${url} does not match its recorded sha256 (${recorded ?? 'none'}): refusing it.`,
          'invalid-bundle',
        );
      }
      writeFileSync(path.join(fetched, name), body);
    }
  } catch (err) {
    if (err instanceof ActionFailure) throw err;
    if ((err as { name?: string }).name === 'NoSuchKey') {
      throw new ActionFailure(
        `No plan bundle at ${url}: no plan job stored one for this commit, environment and working directory.`,
        'invalid-bundle',
      );
    }
    throw storeFailure('read from', url, err);
  } finally {
    if (existsSync(path.join(fetched, bundleFiles.json))) replaceFolder(dir, fetched);
    rmSync(fetched, { recursive: true, force: true });
  }
  core.info(`Plan bundle fetched from ${url}`);
  return url;
}
