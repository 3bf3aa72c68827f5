import type { LoadedSummary } from './diff-input.ts';
import type { Summary } from './summary.ts';
import { exitCodeOf } from './write.ts';

/**
 * The `baseline` block of summary.json, written by `run --baseline FILE`: the run judged against the known failures
 * of an earlier run. The summary's own `verdict`, `counts` and `checks` keep their meaning (every failed check fails
 * the plain verdict); this block says whether the run passes the gate.
 */
export interface BaselineGate {
  /** The baseline's summary.json, as read. */
  source: string;
  /** When the baseline ran, and with which seed, where it says so. */
  startedAt?: string;
  seed?: number;
  /**
   * `pass` when no check failed that the baseline had not failed, no engine error occurred and the run was not
   * stopped; engine errors (exit 3) and stopped runs (exit 2) are never masked by a baseline.
   */
  verdict: 'pass' | 'fail';
  /** Failed in the baseline and failed again: known failures, which do not fail the gate. */
  knownFailures: string[];
  /** Failed now, and not failed in the baseline (passed, skipped, an engine error there, or not in it): these fail the gate. */
  newFailures: string[];
  /** Failed in the baseline, passed now. */
  nowPassing: string[];
}

/** A summary.json with the gate of `run --baseline`. */
export type GatedSummary = Summary & { baseline?: BaselineGate };

/** Judges a run against the known failures of a baseline run (matched by check id). */
export function baselineGate(baseline: LoadedSummary, current: Summary): BaselineGate {
  const before = new Map(baseline.summary.checks.map((check) => [check.id, check.status]));
  const knownFailures: string[] = [];
  const newFailures: string[] = [];
  const nowPassing: string[] = [];
  for (const check of current.checks) {
    const known = before.get(check.id) === 'failed';
    if (check.status === 'failed') (known ? knownFailures : newFailures).push(check.id);
    if (check.status === 'passed' && known) nowPassing.push(check.id);
  }
  const clean = newFailures.length === 0 && !current.counts.errors && !current.interrupted;
  const { startedAt, seed } = baseline.summary;
  return {
    source: baseline.file,
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(seed !== undefined ? { seed } : {}),
    verdict: clean ? 'pass' : 'fail',
    knownFailures, newFailures, nowPassing,
  };
}

/** The summary with the `baseline` block of its gate (placed before the long list of checks); unchanged without a baseline. */
export function withBaseline(summary: Summary, baseline: LoadedSummary | undefined): GatedSummary {
  if (!baseline) return summary;
  const { checks, ...head } = summary;
  return { ...head, baseline: baselineGate(baseline, summary), checks };
}

/**
 * The exit code of a gated run: 2 stopped and 3 engine errors as without a baseline; otherwise 1 only when a check
 * failed that the baseline had not failed.
 */
export function gatedExitCode(summary: GatedSummary): number {
  const plain = exitCodeOf(summary);
  if (plain !== 1 || !summary.baseline) return plain;
  return summary.baseline.newFailures.length > 0 ? 1 : 0;
}

/** The console lines of the gate, printed before the verdict line: each list of check ids, and the baseline read. */
export function baselineLines(gate: BaselineGate): string[] {
  const when = [gate.startedAt, gate.seed !== undefined ? `seed ${gate.seed}` : undefined].filter(Boolean).join(', ');
  const list = (title: string, ids: string[]) => (ids.length > 0 ? [`${title} (${ids.length}):`, ...ids.map((id) => `  ${id}`)] : []);
  return [
    `baseline ${gate.source}${when ? ` (${when})` : ''}: ${plural(gate.knownFailures.length, 'known failure')} still failing, ${gate.nowPassing.length} now passing, ${plural(gate.newFailures.length, 'new failure')}`,
    ...list('known failures of the baseline, still failing', gate.knownFailures),
    ...list('known failures of the baseline, now passing', gate.nowPassing),
    ...list('new failures (not failures of the baseline)', gate.newFailures),
  ];
}

/** What the verdict line of a gated run adds: the gate's own verdict and why. */
export function baselineVerdict(summary: GatedSummary): string {
  const gate = summary.baseline;
  if (!gate) return '';
  const why = summary.interrupted ? 'a stopped run never passes'
    : summary.counts.errors ? 'engine errors are never masked by a baseline'
      : gate.newFailures.length > 0 ? `${plural(gate.newFailures.length, 'new failure')}`
        : `no new failures; ${plural(gate.knownFailures.length, 'known failure')} still failing`;
  return `; against the baseline: ${gate.verdict} (${why})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
