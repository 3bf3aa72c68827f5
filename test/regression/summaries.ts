import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Summary } from '../../src/report/summary.ts';

type Status = Summary['checks'][number]['status'];

/** A hand-made summary.json: checks by id and status (a reason for every failure and skip). */
export function summary(statuses: Record<string, Status>, targets: Summary['targets'] = {}, extra: Partial<Summary> = {}): Summary {
  const checks = Object.entries(statuses).map(([id, status]) => ({
    id, title: `rule of ${id}`, api: id.split('.')[0]!, operation: 'GET /x', status, requirement: 'seed 001',
    ...(status === 'passed' ? {} : { reason: `${id} ${status}: why | with a pipe <and a tag>` }),
  }));
  const count = (status: Status) => checks.filter((check) => check.status === status).length;
  return {
    tool: { name: 'conformance', version: '0.1.0' }, seed: 1, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, targets,
    verdict: count('failed') + count('error') === 0 ? 'pass' : 'fail',
    counts: { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), ...(count('error') ? { errors: count('error') } : {}) },
    checks, ...extra,
  };
}

export const ONTAP_914 = { url: 'https://cluster-a:443', version: '9.14.1', mode: 'svm' };
export const ONTAP_915 = { url: 'https://cluster-b:443', version: '9.15.1', mode: 'node' };
export const VEEAM_17 = { url: 'https://em:9398', apiVersion: 'v1_7' };
export const VEEAM_16 = { url: 'https://em:9398', apiVersion: 'v1_6' };

/**
 * A base and a current run with one check in every category of a diff, and every kind of target change:
 * an ONTAP version, mode and URL change, a Veeam API version change.
 */
export const BASE = summary({
  'ontap.a.regressed': 'passed',
  'ontap.a.skip-then-fail': 'skipped',
  'ontap.a.fixed': 'failed',
  'ontap.a.still': 'failed',
  'ontap.a.error-then-fail': 'error',
  'ontap.a.newly-skipped': 'passed',
  'ontap.a.failed-then-skipped': 'failed',
  'ontap.a.unskipped': 'skipped',
  'ontap.a.same': 'passed',
  'ontap.a.same-skip': 'skipped',
  'veeam.b.removed': 'passed',
  'veeam.b.same': 'passed',
}, { ontap: ONTAP_914, veeam: VEEAM_17 });

export const CURRENT = summary({
  'ontap.a.regressed': 'failed',
  'ontap.a.skip-then-fail': 'failed',
  'ontap.a.fixed': 'passed',
  'ontap.a.still': 'failed',
  'ontap.a.error-then-fail': 'failed',
  'ontap.a.newly-skipped': 'skipped',
  'ontap.a.failed-then-skipped': 'skipped',
  'ontap.a.unskipped': 'passed',
  'ontap.a.same': 'passed',
  'ontap.a.same-skip': 'skipped',
  'veeam.b.same': 'passed',
  'veeam.b.added': 'passed',
  'veeam.b.added-failing': 'error',
}, { ontap: ONTAP_915, veeam: VEEAM_16 }, { startedAt: '2026-01-02T00:00:00.000Z', seed: 2 });

/** Writes a summary where `conformance` would read it: `file` is relative to a fresh temporary folder. */
export function writeSummary(value: unknown, file = 'summary.json', root = mkdtempSync(join(tmpdir(), 'regression-'))): { root: string; path: string } {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return { root, path };
}
