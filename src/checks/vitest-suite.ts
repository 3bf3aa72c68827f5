import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, it } from 'vitest';
import { apiNamed } from '../apis/index.ts';
import type { ApiRunConfig } from '../apis/plugin.ts';
import { observeExchanges } from '../client/http.ts';
import { redactText } from '../client/redact.ts';
import { attachReproduction, describeCheck } from '../report/allure-labels.ts';
import { emitExchangeSteps, ExchangeLog } from '../report/allure-steps.ts';
import { executeCheck, RunStopped, type PreparedApi, type UndoJournalEntry } from './execute.ts';
import type { Check, CheckOutcome } from './model.ts';

type RunConfig = ApiRunConfig<unknown>;

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

/** The API plug-in prepares the pass: clients, spec, gating. */
async function prepare(config: RunConfig): Promise<PreparedApi<any>> {
  const api = apiNamed(config.api);
  if (!api) throw new Error(`no API plug-in named "${config.api}"`);
  return api.prepare(config);
}

/**
 * The run's stop request: the driving process writes the reason to the stop file on a signal or at the run
 * deadline. A file rather than a message reaches every worker, also those that start after the request.
 */
function watchStop(config: RunConfig): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stopFile = config.control?.stopFile;
  if (!stopFile) return { signal: controller.signal, dispose: () => undefined };
  const poll = () => {
    if (controller.signal.aborted || !existsSync(stopFile)) return;
    controller.abort(new RunStopped(readFileSync(stopFile, 'utf8').trim() || 'the run was stopped'));
  };
  const timer = setInterval(poll, 100);
  timer.unref();
  poll();
  return { signal: controller.signal, dispose: () => clearInterval(timer) };
}

function journalTo(config: RunConfig): ((entry: UndoJournalEntry) => void) | undefined {
  const file = config.control?.journalFile;
  return file ? (entry) => appendFileSync(file, `${JSON.stringify(entry)}\n`) : undefined;
}

/** An outcome for a check the run stopped before. */
function notRun(check: Check, reason: string): CheckOutcome {
  return { id: check.id, title: check.title, api: check.api, operation: check.operation, requirement: check.requirement, status: 'skipped', reason: `not run: ${reason}`, stopped: reason, durationMs: 0 };
}

/** An outcome for a check the engine could not run at all (our fault: exit 3). */
function engineError(check: Check, error: unknown): CheckOutcome {
  return {
    id: check.id, title: check.title, api: check.api, operation: check.operation, requirement: check.requirement,
    status: 'error', reason: redactText(`engine error: ${error instanceof Error ? error.message : String(error)}`), durationMs: 0,
  };
}

/**
 * Turns check records into vitest tests, one per check, named by the check id. Every planned check ends with
 * an outcome in its test's meta, whatever happens: nothing is left to hooks whose errors vitest would attach
 * elsewhere. Checks outside the run's selection are registered as skipped tests and left out of the plan.
 */
export function defineChecks(group: string, checks: readonly Check[]): void {
  const config = readRunConfig();
  const selected = config.selected ? new Set(config.selected) : undefined;
  describe(group, () => {
    let prepared: Promise<PreparedApi<any>> | undefined;
    const stop = watchStop(config);
    const journal = journalTo(config);
    afterAll(async () => {
      stop.dispose();
      await (await prepared?.catch(() => undefined))?.close();
    });
    for (const check of checks) {
      const planned = !selected || selected.has(check.id);
      // Checks that only read run side by side; a check that writes runs alone, so it never overlaps a reader of
      // what it changes (vitest runs consecutive concurrent tests as one group, the others one by one).
      const concurrent = (config.concurrency ?? 1) > 1 && !check.needs.includes('writes') && !check.needs.includes('destructive');
      (planned ? (concurrent ? it.concurrent : it) : it.skip)(check.id, async (context) => {
        let outcome: CheckOutcome;
        let exchanges: ExchangeLog | undefined;
        try {
          // A stopped run prepares nothing more (no logon, no spec): the rest is "not run" at once.
          if (stop.signal.aborted) throw stop.signal.reason;
          const run = await (prepared ??= prepare(config));
          // Every exchange of the check (its body and its undo steps) becomes one Allure step.
          let secrets: readonly string[] | undefined;
          const log = new ExchangeLog(() => (secrets ??= run.context(undefined).secrets));
          exchanges = log;
          outcome = await observeExchanges(log.observe, () => executeCheck(check, run, { stop: stop.signal, checkTimeoutMs: config.checkTimeoutMs, journal }));
        } catch (error) {
          outcome = error instanceof RunStopped ? notRun(check, error.message) : engineError(check, error);
        }
        context.task.meta.conformance = outcome;
        await describeCheck(check, { seed: config.seed, summary: config.survey?.summary });
        if (exchanges) await emitExchangeSteps(exchanges);
        await attachReproduction(outcome);
        if (outcome.status === 'skipped') context.skip(outcome.reason);
        if (outcome.status === 'failed' || outcome.status === 'error') {
          const error = new Error(`${outcome.reason ?? ''}${outcome.reproduce ? `\nReproduce with: ${outcome.reproduce}` : ''}`);
          error.name = outcome.status === 'failed' ? 'CheckFailure' : 'EngineError';
          error.stack = `${error.name}: ${error.message}`;
          // Allure reads an error that carries what came back (`actual`) as a failed check, any other as broken:
          // a target that broke the contract is a failure, an engine error is the suite's own.
          if (outcome.status === 'failed') Object.assign(error, { actual: outcome.reason ?? '' });
          throw error;
        }
      });
    }
  });
}
