import type { CheckOutcome } from '../checks/model.ts';

/** reports/summary.json: the contract other tools read (DESIGN.md · Contracts). */
export interface Summary {
  tool: { name: string; version: string };
  seed: number;
  startedAt: string;
  durationMs: number;
  /** Per API that had a target: `ontap: {url, version, mode}`, `veeam: {url, apiVersion}`. */
  targets: Record<string, Record<string, string>>;
  verdict: 'pass' | 'fail';
  /** Set when the run was stopped before every check ran (a signal, or --deadline): such a run never passes. */
  interrupted?: boolean;
  /** Why it stopped. */
  stopped?: string;
  /** `i/n` for the partial result of one shard (`run --shard`); absent in whole and merged runs. */
  shard?: string;
  /** `errors` (engine errors: the suite broke, not the target) appears only when there were any. */
  counts: { passed: number; failed: number; skipped: number; errors?: number };
  checks: Array<{
    id: string;
    title: string;
    api: string;
    operation: string;
    status: CheckOutcome['status'];
    reason?: string;
    requirement: string;
    reproduce?: string;
  }>;
}

export interface SummaryInput {
  tool: { name: string; version: string };
  seed: number;
  startedAt: Date;
  durationMs: number;
  targets: Summary['targets'];
  outcomes: readonly CheckOutcome[];
  interrupted?: boolean;
  stopped?: string;
}

/** Builds the summary. An engine error is its own status ("error"): it is never reported as the target's failure. */
export function buildSummary(input: SummaryInput): Summary {
  const count = (status: CheckOutcome['status']) => input.outcomes.filter((o) => o.status === status).length;
  const errors = count('error');
  const counts = { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), ...(errors > 0 ? { errors } : {}) };
  return {
    tool: input.tool,
    seed: input.seed,
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs),
    targets: input.targets,
    verdict: counts.failed + errors === 0 && !input.interrupted ? 'pass' : 'fail',
    ...(input.interrupted ? { interrupted: true, ...(input.stopped ? { stopped: input.stopped } : {}) } : {}),
    counts,
    checks: input.outcomes.map((o) => ({
      id: o.id,
      title: o.title,
      api: o.api,
      operation: o.operation,
      status: o.status,
      ...(o.reason !== undefined ? { reason: o.reason } : {}),
      requirement: o.requirement,
      ...(o.reproduce !== undefined ? { reproduce: o.reproduce } : {}),
    })),
  };
}
