import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CheckOutcome } from '../checks/model.ts';

const MARK: Record<CheckOutcome['status'], string> = { passed: '✓', failed: '✗', skipped: '-', error: '!' };

export function formatOutcomeLine(outcome: CheckOutcome): string {
  const head = `${MARK[outcome.status]} ${outcome.id}${outcome.status === 'skipped' ? ` (skipped: ${outcome.reason})` : ''}`;
  if (outcome.status !== 'failed' && outcome.status !== 'error') return head;
  const detail = [outcome.reason, outcome.reproduce ? `reproduce: ${outcome.reproduce}` : undefined].filter(Boolean).join('\n');
  return `${head}\n${detail.split('\n').map((line) => `    ${line}`).join('\n')}`;
}

/** A vitest reporter that collects each check's outcome from the test meta and prints one line per check. */
export class OutcomeReporter implements Reporter {
  readonly outcomes: CheckOutcome[] = [];
  readonly problems: string[] = [];

  constructor(private readonly print: (line: string) => void) {}

  onTestCaseResult(testCase: TestCase): void {
    const outcome = testCase.meta().conformance ?? this.fromResult(testCase);
    this.outcomes.push(outcome);
    this.print(formatOutcomeLine(outcome));
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    for (const module of testModules) {
      for (const error of module.errors()) this.problems.push(`${module.moduleId}: ${error.message}`);
    }
    for (const error of unhandledErrors) this.problems.push(error.message ?? String(error));
  }

  /**
   * A test without an outcome never ran its check: its file's setup failed (an engine error, with the message)
   * or the run was cancelled before it (a skip).
   */
  private fromResult(testCase: TestCase): CheckOutcome {
    const result = testCase.result();
    const failed = result.state === 'failed';
    return {
      id: testCase.name, title: testCase.name, api: 'ontap', operation: '', requirement: '',
      status: failed ? 'error' : 'skipped',
      reason: failed ? (result.errors?.[0]?.message ?? 'the check could not start') : 'not run: the run was interrupted',
      durationMs: 0,
    };
  }
}
