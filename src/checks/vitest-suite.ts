import * as allure from 'allure-js-commons';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { prepareRun, type PreparedRun, type RunConfig } from './environment.ts';
import { executeCheck } from './execute.ts';
import type { Check, CheckOutcome } from './model.ts';

/** The environment variable that carries the run configuration from `conformance run` to vitest workers. */
export const RUN_CONFIG_ENV = 'CONFORMANCE_RUN_CONFIG';

declare module 'vitest' {
  interface TaskMeta {
    conformance?: CheckOutcome;
  }
}

function readRunConfig(): RunConfig {
  const raw = process.env[RUN_CONFIG_ENV];
  if (!raw) throw new Error(`${RUN_CONFIG_ENV} is not set: run the suites with \`conformance run\`, not vitest directly`);
  return JSON.parse(raw) as RunConfig;
}

/**
 * Turns check records into vitest tests, one per check, named by the check id. The outcome travels to the
 * reporter in the test's meta; a skip carries its reason, a failure its message and reproduction line.
 */
export function defineChecks(group: string, checks: readonly Check[]): void {
  describe(group, () => {
    let run: PreparedRun;
    beforeAll(async () => {
      run = await prepareRun(readRunConfig());
    });
    afterAll(async () => {
      await run?.close();
    });
    for (const check of checks) {
      it(check.id, async (context) => {
        await allure.epic(check.api);
        await allure.feature(check.id.split('.')[1] ?? check.api);
        await allure.description(`${check.title}\n\nRequirement: ${check.requirement}\n\nOperation: ${check.operation}`);
        await allure.parameter('seed', String(run.base.seed));
        const outcome = await executeCheck(check, run.base, run.inventory);
        if (outcome.reproduce) await allure.attachment('reproduce.sh', outcome.reproduce, 'text/plain');
        context.task.meta.conformance = outcome;
        if (outcome.status === 'skipped') context.skip(outcome.reason);
        if (outcome.status === 'failed' || outcome.status === 'error') {
          const error = new Error(`${outcome.reason ?? ''}${outcome.reproduce ? `\nReproduce with: ${outcome.reproduce}` : ''}`);
          error.name = outcome.status === 'failed' ? 'CheckFailure' : 'EngineError';
          error.stack = `${error.name}: ${error.message}`;
          throw error;
        }
      });
    }
  });
}
