import { createReadStream, readFileSync, statSync } from 'node:fs';
import { JSONParser } from '@streamparser/json';
import { ActionFailure, messageOf } from '../../action-helpers/errors.js';
import type { Finding } from './findings.js';
import {
  compactResult,
  digestsIn,
  grypeFinding,
  ruleOf,
  sarifFinding,
  sarifRule,
  trivyFinding,
  type SarifRule,
} from './report-formats.js';

export type ReportFormat = 'trivy' | 'grype' | 'sarif';

export interface ParsedReport {
  format: ReportFormat;
  /** How findings from it are labelled: 'trivy:reports/image.json'. */
  source: string;
  findings: Finding[];
  /** Image manifest digests the report says it is about (repo digests, manifest digest). */
  manifestDigests: string[];
  /** Image config digests it names (Trivy's and Grype's imageID). */
  configDigests: string[];
}

type Json = Record<string, unknown>;

/**
 * The parts of each format the reader keeps. Everything under these paths is handed over one item
 * at a time and dropped from the parse tree (keepStack false), so memory follows the findings
 * kept, not the size of the file: a Trivy report spends most of its bytes on descriptions and
 * references nobody reads here.
 */
const paths = [
  '$.SchemaVersion',
  '$.ArtifactName',
  '$.Metadata.RepoDigests',
  '$.Metadata.ImageID',
  '$.Results.*.Vulnerabilities.*',
  '$.matches.*',
  '$.source.target.manifestDigest',
  '$.source.target.repoDigests',
  '$.source.target.imageID',
  '$.source.target.userInput',
  '$.descriptor.name',
  '$.version',
  '$.runs.*.tool.driver.rules.*',
  '$.runs.*.results.*',
  '$.runs.*.properties',
];

interface SarifRun {
  rules: SarifRule[];
  /** Results wait for the end of the file: SARIF does not promise rules come first. */
  results: Json[];
}

/**
 * Reports up to this size are parsed whole: V8's JSON.parse is several times faster than any streaming
 * tokenizer, and holds about four times the file at most (~250 MiB). Larger ones are streamed, so the
 * memory a report can take is bounded whatever its size.
 */
export const wholeParseMaxBytes = 64 * 1024 * 1024;

type Emit = (path: readonly (string | number | undefined)[], key: string | number | undefined, value: unknown) => void;

/** Reads one Trivy JSON, Grype JSON or SARIF 2.1.0 file; the format is detected from its keys. */
export async function readReport(
  file: string,
  label: string,
  options: { wholeParseMaxBytes?: number } = {},
): Promise<ParsedReport> {
  const top: Json = {};
  const trivy: Finding[] = [];
  const grype: Finding[] = [];
  const runs: SarifRun[] = [];
  const run = (index: number): SarifRun => (runs[index] ??= { rules: [], results: [] });
  const emit: Emit = (path, key, value) => {
    const first = path[0] ?? key;
    // An item that is not an object (a null in a list) is no finding.
    if (typeof key === 'number' && !isObject(value)) return;
    if (first === 'Results') {
      const finding = trivyFinding(value as Json, `trivy:${label}`);
      if (finding) trivy.push(finding);
    } else if (first === 'matches') {
      const finding = grypeFinding(value as Json, `grype:${label}`);
      if (finding) grype.push(finding);
    } else if (first === 'runs' && typeof path[1] === 'number') {
      if (path[2] === 'results') run(path[1]).results.push(compactResult(value as Json));
      else if (path[2] === 'tool') run(path[1]).rules[key as number] = sarifRule(value as Json);
      else if (key === 'properties') top[`runs.${path[1]}.properties`] = value;
    } else {
      top[[...path.slice(0, 3), key].filter((k) => k !== undefined).join('.')] = value;
    }
  };
  const size = sizeOf(file, label);
  if (size === 0) throw invalid(label, 'is empty');
  if (size <= (options.wholeParseMaxBytes ?? wholeParseMaxBytes)) {
    walkSelected(parseWhole(file, label), emit);
  } else {
    const parser = new JSONParser({ paths, keepStack: false });
    parser.onValue = ({ value, key, stack }) => emit(stack.map((s) => s.key).slice(1), key, value);
    await feed(parser, file, label);
  }

  if (top.SchemaVersion !== undefined || trivy.length > 0) {
    if (top.SchemaVersion !== 2) {
      throw invalid(label, `is a Trivy report of SchemaVersion ${JSON.stringify(top.SchemaVersion)}; only 2 is read`);
    }
    return {
      format: 'trivy',
      source: `trivy:${label}`,
      findings: trivy,
      manifestDigests: digestsIn([...arrayOf(top['Metadata.RepoDigests']), top.ArtifactName]),
      configDigests: digestsIn([top['Metadata.ImageID']]),
    };
  }
  if (grype.length > 0 || top['descriptor.name'] === 'grype' || hasKeyPrefix(top, 'source.')) {
    return {
      format: 'grype',
      source: `grype:${label}`,
      findings: grype,
      manifestDigests: digestsIn([
        top['source.target.manifestDigest'],
        ...arrayOf(top['source.target.repoDigests']),
        top['source.target.userInput'],
      ]),
      configDigests: digestsIn([top['source.target.imageID']]),
    };
  }
  if (top.version === '2.1.0') {
    const findings: Finding[] = [];
    const names: unknown[] = [];
    const configs: unknown[] = [];
    runs.forEach((r, index) => {
      const byId = new Map(r.rules.filter((rule) => rule?.id).map((rule) => [rule.id!, rule]));
      for (const result of r.results) {
        const finding = sarifFinding(result, ruleOf(result, r.rules, byId), `sarif:${label}`);
        if (finding) findings.push(finding);
      }
      // Trivy writes the image it scanned into the run's properties.
      const properties = (top[`runs.${index}.properties`] ?? {}) as Json;
      names.push(...arrayOf(properties.repoDigests), properties.imageName);
      configs.push(properties.imageID);
    });
    return {
      format: 'sarif',
      source: `sarif:${label}`,
      findings,
      manifestDigests: digestsIn(names),
      configDigests: digestsIn(configs),
    };
  }
  if (top.version !== undefined) {
    throw invalid(label, `is SARIF version ${JSON.stringify(top.version)}; only 2.1.0 is read`);
  }
  throw invalid(label, 'is not a Trivy JSON (SchemaVersion 2), Grype JSON or SARIF 2.1.0 report');
}

/** Streams the file through the parser; a syntax error, a cut file or an I/O error is report-invalid. */
async function feed(parser: JSONParser, file: string, label: string): Promise<void> {
  let failure: Error | undefined;
  let ended = false;
  parser.onError = (err) => (failure ??= err);
  parser.onEnd = () => (ended = true);
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
      bytes += (chunk as Buffer).length;
      parser.write(chunk as Buffer);
      if (failure) break;
    }
    if (!failure && !ended) parser.end();
  } catch (err) {
    failure ??= err as Error;
  }
  if (failure) throw invalid(label, `cannot be read as JSON: ${messageOf(failure)}`, failure);
  if (bytes === 0) throw invalid(label, 'is empty');
}

function sizeOf(file: string, label: string): number {
  try {
    return statSync(file).size;
  } catch (err) {
    throw invalid(label, `cannot be read (${(err as NodeJS.ErrnoException).code})`, err);
  }
}

function parseWhole(file: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw invalid(label, `cannot be read as JSON: ${messageOf(err)}`, err);
  }
}

/** What the streaming parser hands over for `paths`, taken from a document parsed whole, in the same shape. */
export function walkSelected(root: unknown, emit: Emit): void {
  if (!isObject(root)) return;
  const each = (value: unknown, path: (string | number)[]) => {
    if (Array.isArray(value)) value.forEach((item, i) => emit(path, i, item));
  };
  for (const key of ['SchemaVersion', 'ArtifactName', 'version']) if (key in root) emit([], key, root[key]);
  const metadata = root.Metadata;
  if (isObject(metadata)) {
    for (const key of ['RepoDigests', 'ImageID']) if (key in metadata) emit(['Metadata'], key, metadata[key]);
  }
  if (Array.isArray(root.Results)) {
    root.Results.forEach((result, i) => {
      if (isObject(result)) each(result.Vulnerabilities, ['Results', i, 'Vulnerabilities']);
    });
  }
  each(root.matches, ['matches']);
  const target = isObject(root.source) ? root.source.target : undefined;
  if (isObject(target)) {
    for (const key of ['manifestDigest', 'repoDigests', 'imageID', 'userInput']) {
      if (key in target) emit(['source', 'target'], key, target[key]);
    }
  }
  if (isObject(root.descriptor) && 'name' in root.descriptor) emit(['descriptor'], 'name', root.descriptor.name);
  if (Array.isArray(root.runs)) {
    root.runs.forEach((r, i) => {
      if (!isObject(r)) return;
      const driver = isObject(r.tool) && isObject(r.tool.driver) ? r.tool.driver : undefined;
      if (driver) each(driver.rules, ['runs', i, 'tool', 'driver', 'rules']);
      each(r.results, ['runs', i, 'results']);
      if ('properties' in r) emit(['runs', i], 'properties', r.properties);
    });
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function hasKeyPrefix(top: Json, prefix: string): boolean {
  return Object.keys(top).some((k) => k.startsWith(prefix));
}

function invalid(label: string, problem: string, cause?: unknown): ActionFailure {
  return new ActionFailure(`Report ${label} ${problem}.`, 'report-invalid', { cause });
}
