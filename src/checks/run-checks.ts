import { executeCheck, type ExecuteOptions } from './execute.ts';
import type { Check, CheckContextBase, CheckOutcome } from './model.ts';
import type { PreparedApi } from './execute.ts';

/** Runs checks one after another (writes must not interleave) and returns every outcome. */
export async function runChecks<C extends CheckContextBase<C>>(checks: readonly Check<C>[], run: PreparedApi<C>, onOutcome?: (outcome: CheckOutcome) => void, options: ExecuteOptions = {}): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const check of checks) {
    const outcome = await executeCheck(check, run, options);
    outcomes.push(outcome);
    onOutcome?.(outcome);
  }
  return outcomes;
}
