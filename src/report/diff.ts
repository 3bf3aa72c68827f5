import type { Summary } from './summary.ts';

export type CheckStatus = Summary['checks'][number]['status'];

/** One check whose outcome is listed by a diff, with what it was and what it is. */
export interface CheckChange {
  id: string;
  title: string;
  api: string;
  /** Its status in the base run; absent for a check the base did not have. */
  before?: CheckStatus;
  /** Its status in the current run; absent for a check the current run did not have. */
  after?: CheckStatus;
  /** Why it failed or was skipped: the current run's reason, or the base's for a removed check. */
  reason?: string;
}

/** One property of one API's target that differs between the runs (version, mode, apiVersion, url, …). */
export interface TargetChange {
  api: string;
  field: string;
  /** Absent when the base had no such target (or field). */
  before?: string;
  /** Absent when the current run had no such target (or field). */
  after?: string;
}

/** What a diff says about each of the two runs. */
export interface RunInfo {
  source?: string;
  toolVersion?: string;
  seed?: number;
  startedAt?: string;
  verdict?: string;
  counts?: Summary['counts'];
  targets: Summary['targets'];
  interrupted?: boolean;
  stopped?: string;
  shard?: string;
}

export interface SummaryDiff {
  base: RunInfo;
  current: RunInfo;
  /** Newly failing: failed (or an engine error) now, passed or skipped (or absent) in the base. */
  regressions: CheckChange[];
  /** Failed in the base, passed now. */
  fixed: CheckChange[];
  /** Failed in both runs. */
  stillFailing: CheckChange[];
  /** Skipped now (with the reason), run in the base, whatever its outcome there. */
  newlySkipped: CheckChange[];
  /** Skipped in the base, passed now. */
  noLongerSkipped: CheckChange[];
  /** Checks of the current run the base did not have (a failing one is also newly failing). */
  added: CheckChange[];
  /** Checks of the base the current run did not have. */
  removed: CheckChange[];
  /** Same outcome in both runs: passed in both, or skipped in both. */
  unchanged: CheckChange[];
  /** Target properties that differ; a target only one run had shows every field on one side. */
  targets: TargetChange[];
}

const failing = (status: string | undefined) => status === 'failed' || status === 'error';

/**
 * Compares two runs by check id (ids carry no seeds, ports or random parts, so they match across runs), and their
 * targets field by field.
 */
export function diffSummaries(base: Summary, current: Summary, sources: { base?: string; current?: string } = {}): SummaryDiff {
  const before = new Map(base.checks.map((check) => [check.id, check]));
  const after = new Map(current.checks.map((check) => [check.id, check]));
  const diff: SummaryDiff = {
    base: runInfo(base, sources.base), current: runInfo(current, sources.current),
    regressions: [], fixed: [], stillFailing: [], newlySkipped: [], noLongerSkipped: [], added: [], removed: [], unchanged: [],
    targets: diffTargets(base.targets ?? {}, current.targets ?? {}),
  };
  for (const [id, now] of after) {
    const was = before.get(id);
    const change: CheckChange = {
      id, title: now.title ?? was?.title ?? id, api: now.api ?? was?.api ?? id.split('.')[0]!,
      ...(was ? { before: was.status } : {}), after: now.status, ...(now.reason !== undefined ? { reason: now.reason } : {}),
    };
    if (!was) diff.added.push(change);
    if (failing(now.status) && !failing(was?.status)) diff.regressions.push(change);
    if (failing(now.status) && failing(was?.status)) diff.stillFailing.push(change);
    if (now.status === 'passed' && failing(was?.status)) diff.fixed.push(change);
    if (now.status === 'skipped' && was && was.status !== 'skipped') diff.newlySkipped.push(change);
    if (now.status === 'passed' && was?.status === 'skipped') diff.noLongerSkipped.push(change);
    if (was && now.status === was.status && !failing(now.status)) diff.unchanged.push(change);
  }
  for (const [id, was] of before) {
    if (after.has(id)) continue;
    diff.removed.push({ id, title: was.title ?? id, api: was.api ?? id.split('.')[0]!, before: was.status, ...(was.reason !== undefined ? { reason: was.reason } : {}) });
  }
  return diff;
}

function runInfo(summary: Summary, source: string | undefined): RunInfo {
  return {
    ...(source !== undefined ? { source } : {}),
    ...(summary.tool?.version !== undefined ? { toolVersion: summary.tool.version } : {}),
    ...(summary.seed !== undefined ? { seed: summary.seed } : {}),
    ...(summary.startedAt !== undefined ? { startedAt: summary.startedAt } : {}),
    ...(summary.verdict !== undefined ? { verdict: summary.verdict } : {}),
    ...(summary.counts !== undefined ? { counts: summary.counts } : {}),
    targets: summary.targets ?? {},
    ...(summary.interrupted ? { interrupted: true, ...(summary.stopped ? { stopped: summary.stopped } : {}) } : {}),
    ...(summary.shard !== undefined ? { shard: summary.shard } : {}),
  };
}

function diffTargets(base: Summary['targets'], current: Summary['targets']): TargetChange[] {
  const changes: TargetChange[] = [];
  for (const api of new Set([...Object.keys(base), ...Object.keys(current)])) {
    const was = base[api] ?? {};
    const now = current[api] ?? {};
    for (const field of new Set([...Object.keys(was), ...Object.keys(now)])) {
      if (was[field] === now[field]) continue;
      changes.push({ api, field, ...(was[field] !== undefined ? { before: was[field] } : {}), ...(now[field] !== undefined ? { after: now[field] } : {}) });
    }
  }
  return changes;
}
