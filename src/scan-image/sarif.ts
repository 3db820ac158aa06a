import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { messageOf } from '../../action-helpers/errors.js';
import { scoreOf, type Finding } from './findings.js';
import { atOrAbove, type IgnoreRule, type Threshold, type Verdict } from './policy.js';
import type { Outcome } from './report.js';

/**
 * The gate's findings as a SARIF 2.1.0 log for code scanning: one rule per advisory, one result per
 * finding, with security-severity (what code scanning sorts alerts by). Excepted findings and those
 * left out by ignore-unfixed are results with an accepted suppression and its justification, so the
 * log says everything the gate saw and why some did not count.
 */
export interface SarifInput {
  /** The image as a location: its repository (code scanning needs one location per result). */
  repository: string;
  digest?: string;
  verdict?: Verdict;
  failOn: Threshold;
  /** Why there are no findings to list: a failed run, or a verdict reused from evidence. */
  notification?: string;
  executionSuccessful: boolean;
}

type Json = Record<string, unknown>;

export function sarifLog(input: SarifInput): Json {
  const rules: Json[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Json[] = [];
  const add = (finding: Finding, suppression?: string) => {
    let index = ruleIndex.get(finding.id);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(finding.id, index);
      rules.push(ruleOf(finding));
    }
    const level = suppression
      ? 'note'
      : atOrAbove(finding.severity, input.failOn)
        ? 'error'
        : finding.severity === 'unknown' || finding.severity === 'low'
          ? 'note'
          : 'warning';
    const what = [finding.package, finding.version].filter(Boolean).join(' ');
    const fix = finding.fixedVersion ? `; fixed in ${finding.fixedVersion}` : '; no fixed version known';
    results.push({
      ruleId: finding.id,
      ruleIndex: index,
      level,
      message: {
        text: `${finding.id} (${finding.severity})${what ? ` in ${what}` : ''}${fix}. Source: ${finding.source}.`,
      },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: input.repository }, region: { startLine: 1 } },
          message: { text: input.digest ? `${input.repository}@${input.digest}` : input.repository },
        },
      ],
      partialFingerprints: {
        'scanImageFinding/v1': createHash('sha256')
          .update([finding.id, finding.package ?? '', finding.version ?? ''].join('\u0000'))
          .digest('hex'),
      },
      ...(suppression ? { suppressions: [{ kind: 'external', status: 'accepted', justification: suppression }] } : {}),
      properties: {
        severity: finding.severity,
        package: finding.package,
        installedVersion: finding.version,
        fixedVersion: finding.fixedVersion,
      },
    });
  };
  const verdict = input.verdict;
  for (const finding of verdict?.counted ?? []) add(finding);
  for (const { finding, rule } of verdict?.excepted ?? []) add(finding, exceptionText(rule));
  for (const finding of verdict?.unfixed ?? []) add(finding, 'ignore-unfixed: no fixed version is available');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'scan-image', semanticVersion: '1.0.0', rules } },
        invocations: [
          {
            executionSuccessful: input.executionSuccessful,
            ...(input.notification
              ? {
                  toolExecutionNotifications: [
                    { level: input.executionSuccessful ? 'note' : 'error', message: { text: input.notification } },
                  ],
                }
              : {}),
          },
        ],
        results,
        properties: { image: input.repository, digest: input.digest, failOn: input.failOn },
      },
    ],
  };
}

function ruleOf(finding: Finding): Json {
  const score = scoreOf(finding.severity);
  return {
    id: finding.id,
    shortDescription: { text: finding.title ?? finding.id },
    ...(isWebUrl(finding.url) ? { helpUri: finding.url } : {}),
    help: { text: `${finding.id}${finding.aliases.length ? ` (also ${finding.aliases.join(', ')})` : ''}` },
    properties: {
      tags: ['security', 'vulnerability', finding.severity],
      ...(score ? { 'security-severity': score } : {}),
    },
  };
}

function exceptionText(rule: IgnoreRule): string {
  return `Excepted until ${rule.expires} (ignore file line ${rule.line}): ${rule.reason}`;
}

function isWebUrl(url: string | undefined): url is string {
  if (!url || !/^https?:\/\/\S+$/.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

export function writeSarif(file: string, log: Json): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Compact: a log of 20,000 findings is written in a third of the time it takes indented.
  writeFileSync(file, `${JSON.stringify(log)}\n`);
}

/** The SARIF log is written whatever happened, so an upload step always finds it. */
export function saveSarif(outcome: Outcome): string | undefined {
  const digest = outcome.image?.digest;
  const file =
    outcome.inputs.sarifFile ??
    path.join(process.env.RUNNER_TEMP || tmpdir(), `scan-image-${digest ? digest.slice(7, 19) : 'unresolved'}.sarif`);
  const notification = outcome.failure
    ? outcome.failure.message
    : outcome.reused
      ? `Verdict reused from evidence ${outcome.reused.artifactDigest}: findings were not read again.`
      : outcome.verdict
        ? undefined
        : outcome.notes.join(' ') || undefined;
  const log = sarifLog({
    repository: outcome.inputs.image.repository,
    digest,
    verdict: outcome.verdict,
    failOn: outcome.inputs.policy.failOn,
    notification,
    executionSuccessful:
      !outcome.failure ||
      outcome.failure.reason === 'vulnerabilities-found' ||
      outcome.failure.reason === 'stale-ignores',
  });
  try {
    writeSarif(file, log);
    return file;
  } catch (err) {
    core.warning(`Could not write the SARIF log to ${file}: ${messageOf(err)}`);
    return undefined;
  }
}
