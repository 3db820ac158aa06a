import type { AwsSession } from '../../action-helpers/aws.js';
import { EvidenceStore, kmsSigner } from '../../action-helpers/evidence.js';
import { imageConfig, type RegistryClient, type StoredManifest } from '../../action-helpers/registry-api.js';
import { revisionLabel, type Inputs } from './inputs.js';

/**
 * Provenance the action controls: after each push it writes a `build` record (release evidence,
 * action-helpers/evidence.ts) about the image digest, naming the commit and the repository, signed
 * with `evidence-signing-key` when given. A re-run skips a build only on such a record; the image's
 * revision label is no proof, since anyone who can push can set it.
 */
function store(client: RegistryClient, inputs: Inputs, session: AwsSession): EvidenceStore {
  const signer = inputs.evidenceSigningKey ? kmsSigner(session, inputs.evidenceSigningKey) : undefined;
  return new EvidenceStore(client, inputs.repository, { signer, verifier: signer });
}

/**
 * The commit an image is proven built from: this run's commit when a build record (verified, with a
 * signing key) names it and this repository, else the newest record's commit, else none.
 */
export function builtFrom(
  client: RegistryClient,
  inputs: Inputs,
  session: AwsSession,
): (manifest: StoredManifest) => Promise<string | undefined> {
  const evidence = store(client, inputs, session);
  return async (manifest) => {
    const records = (await evidence.list(manifest.digest, 'build')).filter(
      (found) => found.record.data.repository === inputs.repository,
    );
    const ours = records.find((found) => inputs.revision !== undefined && found.record.data.commit === inputs.revision);
    return (ours ?? records[0])?.record.data.commit;
  };
}

/** Writes the build record the next run's skip decision trusts; returns its artifact digest. */
export async function recordBuild(
  client: RegistryClient,
  inputs: Inputs,
  session: AwsSession,
  manifest: StoredManifest,
): Promise<string | undefined> {
  if (!inputs.revision) return undefined;
  const ref = process.env.GITHUB_REF || undefined;
  const written = await store(client, inputs, session).write('build', manifest.digest, {
    commit: inputs.revision,
    repository: inputs.repository,
    ref,
  });
  return written.artifactDigest;
}

/** The revision label of an image: what CodeBuild's build was told to set (it reports only a status). */
export async function revisionOf(
  client: RegistryClient,
  repository: string,
  manifest: StoredManifest,
): Promise<string | undefined> {
  return (await imageConfig(client, repository, manifest))?.config?.Labels?.[revisionLabel];
}
