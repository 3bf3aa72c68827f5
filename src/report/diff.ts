import type { Summary } from './summary.ts';

export interface SummaryDiff {
  /** Failed now, passed or skipped (or absent) in the baseline. */
  regressions: string[];
  /** Failed in the baseline, passed now. */
  fixed: string[];
  stillFailing: string[];
  added: string[];
  removed: string[];
}

const failing = (status: string | undefined) => status === 'failed' || status === 'error';

/** Compares two runs by check id (ids carry no seeds or ports, so they match across runs). */
export function diffSummaries(base: Summary, current: Summary): SummaryDiff {
  const before = new Map(base.checks.map((check) => [check.id, check.status]));
  const after = new Map(current.checks.map((check) => [check.id, check.status]));
  const diff: SummaryDiff = { regressions: [], fixed: [], stillFailing: [], added: [], removed: [] };
  for (const [id, status] of after) {
    const was = before.get(id);
    if (!before.has(id)) diff.added.push(id);
    if (failing(status) && !failing(was)) diff.regressions.push(id);
    if (failing(status) && failing(was)) diff.stillFailing.push(id);
    if (status === 'passed' && failing(was)) diff.fixed.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) diff.removed.push(id);
  return diff;
}

export function formatDiff(diff: SummaryDiff): string {
  const section = (title: string, ids: string[]) => (ids.length ? [`${title} (${ids.length}):`, ...ids.map((id) => `  ${id}`)] : []);
  const lines = [
    ...section('newly failing', diff.regressions),
    ...section('fixed', diff.fixed),
    ...section('still failing', diff.stillFailing),
    ...section('new checks', diff.added),
    ...section('checks no longer run', diff.removed),
  ];
  return lines.length ? lines.join('\n') : 'no differences in check outcomes';
}
