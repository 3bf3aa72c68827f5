import fc from 'fast-check';
import { CheckFailure, type CheckContext } from './model.ts';

/**
 * Runs a property with the run's seed and case count. A counterexample becomes a CheckFailure that keeps
 * the check's own message (request, expectation, answer, curl) and adds the shrunk case.
 */
export async function forAll<T>(ctx: Pick<CheckContext, 'seed' | 'runs'>, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, salt = 0): Promise<void> {
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), { seed: ctx.seed + salt, numRuns: ctx.runs, endOnFailure: false });
  if (!details.failed) return;
  const error = details.errorInstance;
  if (error instanceof CheckFailure) {
    throw new CheckFailure(`${error.message}\ncase: ${JSON.stringify(details.counterexample?.[0])} (fast-check seed ${ctx.seed + salt}, path ${details.counterexamplePath})`, error.reproduce);
  }
  throw error instanceof Error ? error : new Error(String(error));
}
