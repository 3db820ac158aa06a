import * as core from '@actions/core';
import { ActionFailure, messageOf } from './errors.js';
import {
  manifestMediaTypes,
  RegistryError,
  sha256Digest,
  type Descriptor,
  type RegistryClient,
  type StoredManifest,
} from './registry-api.js';
import { neutralise } from './workflow-commands.js';
import { signaturePayload, type EvidenceSignature, type EvidenceSigner } from './evidence-signing.js';
import { mapLimited } from './concurrency.js';

export { kmsSigner, signaturePayload, type EvidenceSignature, type EvidenceSigner } from './evidence-signing.js';

/**
 * Release evidence: small JSON records of what was done to exactly one image digest (scanned,
 * deployed, promoted), kept in the registry beside the image as OCI artifacts whose `subject` is the
 * image (OCI 1.1 referrers). A registry without the referrers API (distribution 2.8) gets the
 * referrers tag schema instead: an index tagged `sha256-<hex>` listing the artifacts. Nothing ever
 * tags the image itself, so IMMUTABLE repositories work. Format: docs/release-evidence.md.
 */

export const evidenceKinds = ['build', 'scan', 'deployment', 'promotion'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

export interface ScanEvidence {
  verdict: 'passed' | 'failed';
  policySha256: string;
  counts: { critical: number; high: number; medium: number; low: number; unknown: number; total: number };
  /** e.g. ['ecr-basic'], ['trivy:report.json'] */
  sources: string[];
}
export interface DeploymentEvidence {
  environment: string;
  cluster: string;
  namespace: string;
  workloads: { kind: string; name: string; namespace: string }[];
  result: 'succeeded' | 'rolled-back' | 'failed';
}
export interface PromotionEvidence {
  from: string;
  to: string;
  tags: string[];
  sourceImage: string;
  targetImage: string;
}
export interface BuildEvidence {
  commit: string;
  repository: string;
  ref?: string;
}

export type EvidenceData<K extends EvidenceKind> = K extends 'scan'
  ? ScanEvidence
  : K extends 'deployment'
    ? DeploymentEvidence
    : K extends 'promotion'
      ? PromotionEvidence
      : BuildEvidence;

export interface RunContext {
  repository?: string;
  runId?: string;
  runAttempt?: string;
  url?: string;
  commit?: string;
  actor?: string;
  workflow?: string;
}

export interface EvidenceRecord<K extends EvidenceKind = EvidenceKind> {
  kind: K;
  /** sha256:... digest of the image the record is about */
  subject: string;
  /** ISO 8601 */
  createdAt: string;
  run: RunContext;
  data: EvidenceData<K>;
}

export interface FoundEvidence<K extends EvidenceKind = EvidenceKind> {
  record: EvidenceRecord<K>;
  /** Digest of the artifact manifest that holds the record. */
  artifactDigest: string;
  /**
   * The KMS key (ARN) that signed the record. From `list`/`read`: set only when the store's verifier
   * checked the signature. From `write`: the signer's key.
   */
  signedBy?: string;
}

export const evidenceArtifactType = 'application/vnd.eks-delivery.evidence.v1+json';
export const emptyConfig = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
} as const;
export const recordMediaType = (kind: EvidenceKind): string => `application/vnd.eks-delivery.evidence.${kind}.v1+json`;

export const annotations = {
  created: 'org.opencontainers.image.created',
  kind: 'vnd.eks-delivery.evidence.kind',
  /** Digest of the record blob, so a reader can fetch it straight from the referrers list. */
  record: 'vnd.eks-delivery.evidence.record',
  signature: 'vnd.eks-delivery.evidence.signature',
  signatureKey: 'vnd.eks-delivery.evidence.signature.key',
  signatureAlgorithm: 'vnd.eks-delivery.evidence.signature.algorithm',
} as const;

/** When the fallback index is read back after a write, to see a concurrent writer's overwrite. */
export const settleMs = [50, 200];
/** Records larger than this are refused on write and never fetched on read. */
export const maxRecordBytes = 256 * 1024;
/** At most this many referrers of one image are looked at. */
export const maxReferrers = 1000;

const digestPattern = /^sha256:[0-9a-f]{64}$/;

/** What the GitHub runner says about the run, for the record's `run`. */
export function runContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const url =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}`
      : undefined;
  const run: RunContext = {
    repository: env.GITHUB_REPOSITORY || undefined,
    runId: env.GITHUB_RUN_ID || undefined,
    runAttempt: env.GITHUB_RUN_ATTEMPT || undefined,
    url,
    commit: env.GITHUB_SHA || undefined,
    actor: env.GITHUB_ACTOR || undefined,
    workflow: env.GITHUB_WORKFLOW || undefined,
  };
  return Object.fromEntries(Object.entries(run).filter(([, v]) => v !== undefined)) as RunContext;
}

// ---------------------------------------------------------------------------------------------
// Record validation (pure): a record read from a registry is untrusted input.

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isNonEmptyString: Check = (v) => typeof v === 'string' && v.length > 0;
const isCount: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const isStringArray: Check = (v) => Array.isArray(v) && v.every(isString);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const shape =
  (fields: Record<string, Check>): Check =>
  (v) =>
    isObject(v) && Object.entries(fields).every(([name, check]) => check(v[name]));

const dataShapes: Record<EvidenceKind, Record<string, Check>> = {
  scan: {
    verdict: oneOf('passed', 'failed'),
    policySha256: (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v),
    counts: shape({
      critical: isCount,
      high: isCount,
      medium: isCount,
      low: isCount,
      unknown: isCount,
      total: isCount,
    }),
    sources: isStringArray,
  },
  deployment: {
    environment: isNonEmptyString,
    cluster: isNonEmptyString,
    namespace: isString,
    workloads: (v) =>
      Array.isArray(v) && v.every(shape({ kind: isNonEmptyString, name: isNonEmptyString, namespace: isString })),
    result: oneOf('succeeded', 'rolled-back', 'failed'),
  },
  promotion: {
    from: isNonEmptyString,
    to: isNonEmptyString,
    tags: isStringArray,
    sourceImage: isNonEmptyString,
    targetImage: isNonEmptyString,
  },
  build: { commit: isNonEmptyString, repository: isNonEmptyString, ref: optional(isString) },
};

/** The first problem with a record's data for its kind, or undefined when it is well formed. */
export function dataProblem(kind: EvidenceKind, data: unknown): string | undefined {
  if (!isObject(data)) return 'data is not an object';
  const bad = Object.entries(dataShapes[kind]).find(([name, check]) => !check(data[name]));
  return bad ? `data.${bad[0]} is missing or not valid for a ${kind} record` : undefined;
}

/** The first problem with a whole record, or undefined when it is well formed. */
export function recordProblem(record: unknown): string | undefined {
  if (!isObject(record)) return 'the record is not a JSON object';
  if (!evidenceKinds.includes(record.kind as EvidenceKind)) return `unknown kind ${JSON.stringify(record.kind)}`;
  if (typeof record.subject !== 'string' || !digestPattern.test(record.subject))
    return 'subject is not a sha256 digest';
  if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt))) {
    return 'createdAt is not a time';
  }
  if (!isObject(record.run) || !Object.values(record.run).every(isString)) return 'run is not an object of strings';
  return dataProblem(record.kind as EvidenceKind, record.data);
}

/**
 * A record blob read back, checked: well formed, of the kind asked for (when asked), and about the
 * digest asked for. Returns the record or why it is dropped.
 */
export function parseRecord(
  bytes: Uint8Array,
  expected: { subject: string; kind?: EvidenceKind },
): { record: EvidenceRecord } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { problem: 'the record is not JSON' };
  }
  const problem = recordProblem(parsed);
  if (problem) return { problem };
  const record = parsed as EvidenceRecord;
  if (record.subject !== expected.subject) return { problem: `the record is about ${record.subject}` };
  if (expected.kind && record.kind !== expected.kind) return { problem: `the record is of kind ${record.kind}` };
  return { record };
}

// ---------------------------------------------------------------------------------------------
// Artifact format (pure).

export interface ArtifactParts {
  /** The record blob (the manifest's only layer). */
  blob: string;
  blobDigest: string;
  manifest: string;
  manifestDigest: string;
}

/**
 * The bytes of a record's artifact: the record as the one layer, the empty config, the image as
 * subject, and the annotations `list` filters and sorts on (and the signature, when there is one).
 */
export function buildArtifact(
  record: EvidenceRecord,
  image: { digest: string; mediaType: string; size: number },
  signature?: EvidenceSignature,
): ArtifactParts {
  const blob = JSON.stringify(record);
  const blobDigest = sha256Digest(blob);
  const manifestAnnotations: Record<string, string> = {
    [annotations.created]: record.createdAt,
    [annotations.kind]: record.kind,
    [annotations.record]: blobDigest,
  };
  if (signature) {
    manifestAnnotations[annotations.signature] = signature.signature;
    manifestAnnotations[annotations.signatureKey] = signature.keyId;
    manifestAnnotations[annotations.signatureAlgorithm] = signature.algorithm;
  }
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: manifestMediaTypes.ociManifest,
    artifactType: evidenceArtifactType,
    config: emptyConfig,
    layers: [
      {
        mediaType: recordMediaType(record.kind),
        digest: blobDigest,
        size: Buffer.byteLength(blob),
        // The file name `oras pull` saves the record under.
        annotations: { 'org.opencontainers.image.title': `${record.kind}.json` },
      },
    ],
    subject: { mediaType: image.mediaType, digest: image.digest, size: image.size },
    annotations: manifestAnnotations,
  });
  return { blob, blobDigest, manifest, manifestDigest: sha256Digest(manifest) };
}

/** How an artifact appears in a referrers index. */
export function referrerDescriptor(manifest: string): Descriptor & { artifactType?: string } {
  const parsed = JSON.parse(manifest) as { artifactType?: string; annotations?: Record<string, string> };
  return {
    mediaType: manifestMediaTypes.ociManifest,
    digest: sha256Digest(manifest),
    size: Buffer.byteLength(manifest),
    artifactType: parsed.artifactType,
    annotations: parsed.annotations,
  };
}

/** The referrers tag schema's tag for a digest: `sha256-<hex>`. */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-');
}

/**
 * The fallback referrers index with the descriptors added (each once, by digest), or undefined when
 * it already lists them all (nothing to write).
 */
export function addReferrers(current: string | undefined, added: Descriptor[]): string | undefined {
  const index = current
    ? (JSON.parse(current) as { manifests?: Descriptor[] })
    : { schemaVersion: 2, mediaType: manifestMediaTypes.ociIndex, manifests: [] };
  const manifests = index.manifests ?? [];
  const known = new Set(manifests.map((m) => m.digest));
  const missing = added.filter((d) => !known.has(d.digest));
  if (missing.length === 0) return undefined;
  return JSON.stringify({
    ...index,
    schemaVersion: 2,
    mediaType: manifestMediaTypes.ociIndex,
    manifests: [...manifests, ...missing],
  });
}

interface ReferrerFacts {
  digest: string;
  kind?: string;
  created?: string;
  recordDigest?: string;
  signature?: EvidenceSignature;
}

function factsOf(digest: string, artifactAnnotations: Record<string, string> | undefined): ReferrerFacts {
  const a = artifactAnnotations ?? {};
  const signature =
    a[annotations.signature] && a[annotations.signatureKey] && a[annotations.signatureAlgorithm]
      ? {
          signature: a[annotations.signature]!,
          keyId: a[annotations.signatureKey]!,
          algorithm: a[annotations.signatureAlgorithm]!,
        }
      : undefined;
  return {
    digest,
    kind: a[annotations.kind],
    created: a[annotations.created],
    recordDigest: a[annotations.record],
    signature,
  };
}

/**
 * Evidence referrers of the kind asked for (all kinds when none), newest first by their annotation.
 * Registries differ in what they copy from the manifest into the list: some give the config's media
 * type as artifactType (go-containerregistry), some may leave annotations out. So an entry is kept
 * when its artifactType or its kind annotation says evidence, or when it says nothing either way
 * (then its manifest is read to know). The record itself is checked in any case.
 */
export function selectReferrers(
  referrers: (Descriptor & { artifactType?: string })[],
  kind?: EvidenceKind,
): Descriptor[] {
  const unsaid = (d: Descriptor & { artifactType?: string }) =>
    (d.artifactType === undefined || d.artifactType === emptyConfig.mediaType) &&
    d.annotations?.[annotations.kind] === undefined;
  return referrers
    .filter((d) => d.mediaType === manifestMediaTypes.ociManifest)
    .filter(
      (d) => d.artifactType === evidenceArtifactType || d.annotations?.[annotations.kind] !== undefined || unsaid(d),
    )
    .filter((d) => !kind || d.annotations?.[annotations.kind] === undefined || d.annotations[annotations.kind] === kind)
    .sort((a, b) =>
      (b.annotations?.[annotations.created] ?? '').localeCompare(a.annotations?.[annotations.created] ?? ''),
    )
    .slice(0, maxReferrers);
}

// ---------------------------------------------------------------------------------------------
// The store.

export interface EvidenceStoreOptions {
  /** Signs every record written. */
  signer?: EvidenceSigner;
  /** When set, `list` returns only records whose signature this key verifies. */
  verifier?: EvidenceSigner;
  /** Told about every record `list` drops, and why; by default a warning in the log. */
  onDropped?: (artifactDigest: string, why: string) => void;
  /** Records fetched at once by `list`. */
  concurrency?: number;
}

export class EvidenceStore {
  /** Whether the registry serves the referrers API, learnt on first use. */
  private referrersApi?: boolean;
  private emptyConfigPushed?: Promise<string>;
  private readonly images = new Map<string, { digest: string; mediaType: string; size: number }>();

  constructor(
    readonly registry: RegistryClient,
    readonly repository: string,
    private readonly options: EvidenceStoreOptions = {},
  ) {}

  /** Where the store is, for messages: host/repository. */
  get location(): string {
    return `${this.registry.host}/${this.repository}`;
  }

  /** Writes a record about `subject` (an image digest in this repository), signed when the store has a signer. */
  async write<K extends EvidenceKind>(kind: K, subject: string, data: EvidenceData<K>): Promise<FoundEvidence<K>> {
    if (!evidenceKinds.includes(kind)) throw new Error(`Unknown evidence kind ${JSON.stringify(kind)}`);
    if (!digestPattern.test(subject))
      throw new Error(`Evidence subject must be a sha256 digest, not ${JSON.stringify(subject)}`);
    const problem = dataProblem(kind, data);
    if (problem) throw new Error(`Evidence not written: ${problem}`);
    const record: EvidenceRecord<K> = { kind, subject, createdAt: new Date().toISOString(), run: runContext(), data };
    return this.guard(`write ${kind} evidence for ${subject}`, async () => {
      const image = await this.image(subject);
      const blob = JSON.stringify(record);
      if (Buffer.byteLength(blob) > maxRecordBytes)
        throw new Error(`Evidence record is larger than ${maxRecordBytes} bytes`);
      const signature = this.options.signer
        ? await this.options.signer.sign(signaturePayload(subject, sha256Digest(blob)))
        : undefined;
      const artifact = buildArtifact(record, image, signature);
      await this.pushArtifacts(subject, [{ manifest: artifact.manifest, blobs: [artifact.blob] }]);
      return { record, artifactDigest: artifact.manifestDigest, signedBy: signature?.keyId };
    });
  }

  /**
   * The records about `subject`, of `kind` (every kind when left out), newest first. Dropped: records
   * about another digest, whose blob does not match its digest, malformed ones and, with a verifier,
   * any whose signature it does not verify (unsigned ones included).
   */
  async list<K extends EvidenceKind>(subject: string, kind?: K): Promise<FoundEvidence<K>[]> {
    if (!digestPattern.test(subject))
      throw new Error(`Evidence subject must be a sha256 digest, not ${JSON.stringify(subject)}`);
    return this.guard(`list evidence for ${subject}`, async () => {
      const referrers = selectReferrers(await this.referrers(subject), kind);
      const found = await mapLimited(referrers, this.options.concurrency ?? 8, (d) => this.read<K>(subject, d, kind));
      return found
        .filter((f): f is FoundEvidence<K> => f !== undefined)
        .sort(
          (a, b) =>
            Date.parse(b.record.createdAt) - Date.parse(a.record.createdAt) ||
            a.artifactDigest.localeCompare(b.artifactDigest),
        );
    });
  }

  /** One record by its artifact digest, checked like `list` checks them; undefined when dropped or absent. */
  async read<K extends EvidenceKind>(
    subject: string,
    artifact: string | Descriptor,
    kind?: K,
  ): Promise<FoundEvidence<K> | undefined> {
    const descriptor = typeof artifact === 'string' ? { digest: artifact, size: 0 } : artifact;
    let facts = factsOf(descriptor.digest, descriptor.annotations);
    if (!facts.recordDigest || !facts.kind) {
      // A referrers list without the manifest's annotations: read them from the manifest itself.
      const manifest = await this.registry.manifest(this.repository, descriptor.digest);
      if (!manifest) return undefined;
      facts = factsFromManifest(manifest);
      if (!facts.kind) return undefined; // another tool's artifact
      if (manifest.digest !== descriptor.digest)
        return this.drop(descriptor.digest, 'the manifest does not match its digest');
      if (kind && facts.kind !== kind) return undefined;
    }
    return (await this.check<K>(subject, facts, kind))?.found;
  }

  /**
   * Copies every record about `subject` that this store accepts to `target` (another repository or
   * registry, which must already hold the image), byte for byte so signatures still verify. Records
   * the target already holds are skipped. Returns how many were copied.
   */
  async copy(subject: string, target: EvidenceStore): Promise<number> {
    const found = await this.list(subject);
    return target.guard(`copy evidence for ${subject} to ${target.location}`, async () => {
      await target.image(subject); // no evidence about an image the target does not hold
      const present = new Set((await target.referrers(subject)).map((d) => d.digest));
      const missing: { manifest: string; blobs: Buffer[] }[] = [];
      // Oldest first, so the target's fallback index lists them in the order they were written.
      for (const { artifactDigest } of found.reverse()) {
        if (present.has(artifactDigest)) continue;
        const manifest = await this.registry.manifest(this.repository, artifactDigest);
        if (!manifest || manifest.digest !== artifactDigest) continue;
        // What is copied is what the manifest holds, checked again: the listing came from an index.
        const checked = await this.check(subject, factsFromManifest(manifest));
        if (checked) missing.push({ manifest: manifest.body, blobs: [checked.blob] });
      }
      if (missing.length > 0) await target.pushArtifacts(subject, missing);
      return missing.length;
    });
  }

  /** Fetches a record's blob and checks it (digest, form, subject, kind, signature). */
  private async check<K extends EvidenceKind>(
    subject: string,
    facts: ReferrerFacts,
    kind?: K,
  ): Promise<{ found: FoundEvidence<K>; blob: Buffer } | undefined> {
    if (!facts.recordDigest || !digestPattern.test(facts.recordDigest))
      return this.drop(facts.digest, 'it names no record blob');
    let blob: Buffer;
    try {
      blob = await this.registry.blob(this.repository, facts.recordDigest, maxRecordBytes);
    } catch (err) {
      // Missing, too large or not matching its digest: a record nobody can trust. Anything else is the registry's failure.
      if (err instanceof RegistryError && (err.status === undefined || err.status === 404)) {
        return this.drop(facts.digest, messageOf(err));
      }
      throw err;
    }
    const parsed = parseRecord(blob, { subject, kind });
    if ('problem' in parsed) return this.drop(facts.digest, parsed.problem);
    const found: FoundEvidence<K> = { record: parsed.record as EvidenceRecord<K>, artifactDigest: facts.digest };
    const verifier = this.options.verifier;
    if (verifier) {
      if (!facts.signature) return this.drop(facts.digest, 'it is not signed');
      const signedBy = await verifier.verify(signaturePayload(subject, facts.recordDigest), facts.signature);
      if (!signedBy) return this.drop(facts.digest, `its signature does not verify with ${verifier.keyId}`);
      found.signedBy = signedBy;
    }
    return { found, blob };
  }

  /** The image's descriptor (its manifest's media type and size), needed as the artifacts' subject. */
  private async image(digest: string): Promise<{ digest: string; mediaType: string; size: number }> {
    let image = this.images.get(digest);
    if (!image) {
      const manifest = await this.registry.manifest(this.repository, digest);
      if (!manifest) {
        throw new ActionFailure(`${this.location} holds no image ${digest} to keep evidence about.`, 'evidence-failed');
      }
      image = { digest, mediaType: manifest.mediaType, size: Buffer.byteLength(manifest.body) };
      this.images.set(digest, image);
    }
    return image;
  }

  /**
   * Pushes each artifact's blobs, then its manifest by digest; then lists them all in one update of
   * the fallback index where the registry did not index them itself.
   */
  private async pushArtifacts(subject: string, artifacts: { manifest: string; blobs: (string | Uint8Array)[] }[]) {
    const unindexed: Descriptor[] = [];
    for (const { manifest, blobs } of artifacts) {
      this.emptyConfigPushed ??= this.registry.pushBlob(this.repository, '{}').catch((err: unknown) => {
        this.emptyConfigPushed = undefined;
        throw err;
      });
      await this.emptyConfigPushed;
      for (const blob of blobs) await this.registry.pushBlob(this.repository, blob);
      const pushed = await this.registry.pushManifest(
        this.repository,
        sha256Digest(manifest),
        manifestMediaTypes.ociManifest,
        manifest,
      );
      if (pushed.ociSubject) this.referrersApi = true;
      else unindexed.push(referrerDescriptor(manifest));
    }
    if (unindexed.length === 0 || (await this.hasReferrersApi(subject))) return;
    await this.addToReferrersTag(subject, unindexed);
  }

  private async hasReferrersApi(subject: string): Promise<boolean> {
    this.referrersApi ??= (await this.registry.referrers(this.repository, subject, { maxPages: 1 })) !== undefined;
    return this.referrersApi;
  }

  /** The referrers of an image: through the API, or from the `sha256-<hex>` index where there is none. */
  private async referrers(subject: string): Promise<(Descriptor & { artifactType?: string })[]> {
    if (this.referrersApi !== false) {
      // No artifactType filter asked of the registry: one that derives artifactType from the config
      // (as go-containerregistry's does) would filter every record out. selectReferrers filters.
      const listed = await this.registry.referrers(this.repository, subject);
      this.referrersApi = listed !== undefined;
      if (listed) return listed;
    }
    const index = await this.registry.manifest(this.repository, referrersTag(subject));
    return index?.manifests ?? [];
  }

  /**
   * Adds artifacts to the fallback index. Two writers updating it at once can each put an index
   * without the other's artifact (read, read, write, write). Where the registry honours If-Match
   * the second write fails (412) and is redone on the new index. distribution 2.8 ignores it, so the
   * index is read back after the write and again over a short settle time (`settleMs`): a writer
   * that read the old index writes within a request's time of reading it, so a loss shows up then,
   * and the artifact is added again, along with every other entry seen on the way (which repairs the
   * other writer's loss too). A loss after the last check (a writer stalled for longer between its
   * read and its write) is still possible there; a registry with the referrers API (ECR) has none.
   */
  private async addToReferrersTag(subject: string, descriptors: Descriptor[]): Promise<void> {
    const tag = referrersTag(subject);
    const seen = new Map<string, Descriptor>(descriptors.map((d) => [d.digest, d]));
    let checks = 0;
    for (let round = 1; round <= 12; round++) {
      const current = await this.registry.manifest(this.repository, tag);
      for (const listed of current?.manifests ?? []) if (!seen.has(listed.digest)) seen.set(listed.digest, listed);
      const updated = addReferrers(current?.body, [...seen.values()]);
      if (updated === undefined) {
        if (checks >= settleMs.length) return;
        await sleep(settleMs[checks++]! + jitter(25));
        continue;
      }
      checks = 0;
      const pushed = await this.registry.pushManifest(this.repository, tag, manifestMediaTypes.ociIndex, updated, {
        ifMatch: current?.digest,
        ifNoneMatch: current === undefined,
      });
      if (pushed.status === 412) await sleep(jitter(50 * round));
    }
    throw new ActionFailure(
      `Could not list evidence ${descriptors.map((d) => d.digest).join(', ')} in ${this.location}:${tag}: other writers kept replacing the index.`,
      'evidence-failed',
    );
  }

  private drop(artifactDigest: string, why: string): undefined {
    (this.options.onDropped ?? defaultOnDropped)(artifactDigest, why);
    return undefined;
  }

  /** Registry and KMS failures become one ActionFailure saying what could not be done. */
  private async guard<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      if (err instanceof ActionFailure) throw err;
      if (err instanceof RegistryError || isAwsError(err)) {
        throw new ActionFailure(`Could not ${what} in ${this.location}: ${messageOf(err)}`, 'evidence-failed', {
          cause: err,
        });
      }
      throw err;
    }
  }
}

function factsFromManifest(manifest: StoredManifest): ReferrerFacts {
  const parsed = JSON.parse(manifest.body) as { artifactType?: string; annotations?: Record<string, string> };
  if (parsed.artifactType !== evidenceArtifactType) return { digest: manifest.digest };
  const facts = factsOf(manifest.digest, parsed.annotations);
  const layer = manifest.layers?.[0];
  // The layer is what the manifest's digest covers: it wins over an annotation.
  return { ...facts, recordDigest: layer?.digest ?? facts.recordDigest };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jitter = (ms: number) => Math.floor(Math.random() * ms);

function isAwsError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && '$metadata' in err;
}

function defaultOnDropped(artifactDigest: string, why: string): void {
  core.warning(neutralise(`Evidence ${artifactDigest} ignored: ${why}`));
}
