import { executeCheck, type ExecuteOptions } from './execute.ts';
import type { Check, CheckOutcome } from './model.ts';
import type { PreparedRun } from './environment.ts';

/** Runs checks one after another (writes must not interleave) and returns every outcome. */
export async function runChecks(checks: readonly Check[], run: PreparedRun, onOutcome?: (outcome: CheckOutcome) => void, options: ExecuteOptions = {}): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const check of checks) {
    const outcome = await executeCheck(check, run.base, run.inventory, options);
    outcomes.push(outcome);
    onOutcome?.(outcome);
  }
  return outcomes;
}
