import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { Check, CheckOutcome } from '../checks/model.ts';

const MARK: Record<CheckOutcome['status'], string> = { passed: '✓', failed: '✗', skipped: '-', error: '!' };

export function formatOutcomeLine(outcome: CheckOutcome): string {
  const head = `${MARK[outcome.status]} ${outcome.id}${outcome.status === 'skipped' ? ` (skipped: ${outcome.reason})` : ''}`;
  const lines = outcome.status === 'failed' || outcome.status === 'error'
    ? [outcome.reason, outcome.reproduce ? `reproduce: ${outcome.reproduce}` : undefined].filter(Boolean).join('\n').split('\n')
    : [];
  if (outcome.stopped) lines.push(...(outcome.restored ?? []).map((what) => `restored: ${what}`));
  lines.push(...(outcome.notRestored ?? []).map((what) => `! NOT RESTORED (may still be changed): ${what}`));
  return [head, ...lines.map((line) => `    ${line}`)].join('\n');
}

/** Told when each planned check starts and ends (the console's live line and per-check lines). */
export interface CheckProgress {
  started(id: string): void;
  /** Prints what the console shows of the outcome. */
  finished(outcome: CheckOutcome): void;
}

/**
 * A vitest reporter that collects each planned check's outcome from the test meta and prints one line per
 * check (or hands it to `progress`, which decides what to print). `finish` accounts for every planned check:
 * one without an outcome was not run (the run stopped) or lost by the engine (an error, with whatever vitest
 * reported about its file).
 */
export class OutcomeReporter implements Reporter {
  private readonly byId = new Map<string, CheckOutcome>();
  private readonly problems: string[] = [];
  /** Every test vitest reported, run or not: in a shard, the checks of the files this shard ran. */
  private readonly collected = new Set<string>();

  constructor(private readonly plan: readonly Check[], private readonly print: (line: string) => void, private readonly progress?: CheckProgress) {}

  onTestCaseReady(testCase: TestCase): void {
    if (this.progress && this.plan.some((check) => check.id === testCase.name) && !this.byId.has(testCase.name)) this.progress.started(testCase.name);
  }

  onTestCaseResult(testCase: TestCase): void {
    this.collected.add(testCase.name);
    const outcome = testCase.meta().conformance;
    if (!this.plan.some((check) => check.id === testCase.name) || this.byId.has(testCase.name)) return;
    if (!outcome) {
      const result = testCase.result();
      if (result.state === 'failed') this.problems.push(`${testCase.name}: ${result.errors?.[0]?.message ?? 'failed without an outcome'}`);
      return;
    }
    this.byId.set(outcome.id, outcome);
    if (this.progress) this.progress.finished(outcome);
    else this.print(formatOutcomeLine(outcome));
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    for (const module of testModules) {
      for (const error of module.errors()) this.problems.push(`${module.moduleId}: ${error.message}`);
    }
    for (const error of unhandledErrors) this.problems.push(error.message ?? String(error));
  }

  /**
   * Every planned check's outcome, in plan order; `stopped` is why the run stopped, if it did. A shard
   * (`collectedOnly`) accounts for the checks of its own files; the merge accounts for the whole plan.
   */
  finish(stopped: string | undefined, options: { collectedOnly?: boolean } = {}): { outcomes: CheckOutcome[]; problems: string[] } {
    const plan = options.collectedOnly ? this.plan.filter((check) => this.collected.has(check.id)) : this.plan;
    const outcomes = plan.map((check): CheckOutcome => {
      const seen = this.byId.get(check.id);
      if (seen) return seen;
      const base = { id: check.id, title: check.title, api: check.api, operation: check.operation, requirement: check.requirement, durationMs: 0 };
      if (stopped) return { ...base, status: 'skipped', reason: `not run: ${stopped}`, stopped };
      const cause = this.problems.length > 0 ? this.problems.join('; ') : 'the check reported no outcome';
      return { ...base, status: 'error', reason: `engine error: ${cause}` };
    });
    return { outcomes, problems: [...this.problems] };
  }
}
