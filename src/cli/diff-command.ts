import type { Command } from 'commander';
import { diffSummaries } from '../report/diff.ts';
import { readSummaryInput, SummaryInputError, type LoadedSummary } from '../report/diff-input.ts';
import { formatDiffJunit } from '../report/diff-junit.ts';
import { formatDiffMarkdown } from '../report/diff-markdown.ts';
import { UsageError } from './usage-error.ts';

/**
 * Reads a run's summary.json, given as the file or as a folder holding it (`DIR/summary.json`,
 * `DIR/certification/summary.json`); an unreadable one is a UsageError (one line, exit 2).
 */
export function loadSummary(path: string): LoadedSummary {
  try {
    return readSummaryInput(path);
  } catch (error) {
    if (error instanceof SummaryInputError) throw new UsageError(error.message);
    throw error;
  }
}

export function registerDiffCommand(program: Command, done: (code: Promise<number>) => void): void {
  program
    .command('diff')
    .description('compare two runs: newly failing, fixed, still failing, newly skipped, added and removed checks, changed targets (markdown; exit 1 when something newly fails)')
    .argument('<base>', 'the baseline run: its summary.json, or a folder holding summary.json or certification/summary.json')
    .argument('<current>', 'the run to compare, likewise')
    .option('--json', 'print the diff as JSON')
    .option('--junit', 'print the diff as JUnit XML (only newly failing checks are failures)')
    .action((base: string, current: string, flags: { json?: boolean; junit?: boolean }) => {
      if (flags.json && flags.junit) throw new UsageError('diff: give --json or --junit, not both');
      const [before, after] = [loadSummary(base), loadSummary(current)];
      const diff = diffSummaries(before.summary, after.summary, { base: before.file, current: after.file });
      process.stdout.write(flags.json ? `${JSON.stringify(diff, null, 2)}\n` : flags.junit ? formatDiffJunit(diff) : formatDiffMarkdown(diff));
      done(Promise.resolve(diff.regressions.length > 0 ? 1 : 0));
    });
}
