import fc from 'fast-check';
import { TransportError } from '../client/errors.ts';
import { CheckFailure } from './model.ts';

/**
 * Runs a property with the run's seed and case count. A counterexample becomes a CheckFailure that keeps
 * the check's own message (request, expectation, answer, curl) and adds the shrunk case. A transport error
 * (timeout, reset, oversized answer, throttling) ends the property at once: shrinking would only repeat it.
 */
export async function forAll<T>(ctx: { seed: number; runs: number }, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, salt = 0): Promise<void> {
  let broken: TransportError | undefined;
  const guarded = async (value: T) => {
    if (broken) throw broken;
    try {
      await predicate(value);
    } catch (error) {
      if (error instanceof TransportError) broken = error;
      throw error;
    }
  };
  const details = await fc.check(fc.asyncProperty(arbitrary, guarded), { seed: ctx.seed + salt, numRuns: ctx.runs, endOnFailure: false });
  if (broken) throw broken;
  if (!details.failed) return;
  const error = details.errorInstance;
  if (error instanceof CheckFailure) {
    throw new CheckFailure(`${error.message}\ncase: ${JSON.stringify(details.counterexample?.[0])} (fast-check seed ${ctx.seed + salt}, path ${details.counterexamplePath})`, error.reproduce);
  }
  throw error instanceof Error ? error : new Error(String(error));
}
