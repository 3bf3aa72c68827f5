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

  /** A test without an outcome never reached its check (its suite setup failed): an engine error. */
  private fromResult(testCase: TestCase): CheckOutcome {
    const result = testCase.result();
    const message = result.state === 'failed' ? result.errors?.[0]?.message : undefined;
    return {
      id: testCase.name, title: testCase.name, api: 'ontap', operation: '', requirement: '',
      status: result.state === 'skipped' ? 'skipped' : 'error',
      reason: message ?? (result.state === 'skipped' ? 'skipped' : 'the check did not run'),
      durationMs: 0,
    };
  }
}
