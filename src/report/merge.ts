import type { CheckOutcome } from '../checks/model.ts';

const RANK: Record<CheckOutcome['status'], number> = { skipped: 0, passed: 1, failed: 2, error: 3 };

// Between two skips, the one for another reason than the pass's NDMP mode says more about the target.
const rank = (outcome: CheckOutcome) => RANK[outcome.status] - (outcome.missing?.startsWith('ndmp-mode:') ? 0.5 : 0);

/**
 * Merges the outcomes of several passes over the same checks (the embedded run tests SVM scope, then node
 * scope): per check id the highest outcome wins — error > failed > passed > skipped — so a check skipped in one
 * scope but run in the other reports its real result.
 */
export function mergeOutcomes(passes: ReadonlyArray<readonly CheckOutcome[]>): CheckOutcome[] {
  const merged = new Map<string, CheckOutcome>();
  for (const outcomes of passes) {
    for (const outcome of outcomes) {
      const seen = merged.get(outcome.id);
      if (!seen || rank(outcome) > rank(seen)) merged.set(outcome.id, outcome);
    }
  }
  return [...merged.values()];
}
