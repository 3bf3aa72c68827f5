import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { diffSummaries, formatDiff } from '../report/diff.ts';
import type { Summary } from '../report/summary.ts';
import { UsageError } from './usage-error.ts';

function readSummary(path: string): Summary {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
  try {
    const summary = JSON.parse(text) as Summary;
    if (!Array.isArray(summary.checks)) throw new Error('no checks');
    return summary;
  } catch {
    throw new UsageError(`${path} is not a summary.json of this tool`);
  }
}

export function registerDiffCommand(program: Command, done: (code: Promise<number>) => void): void {
  program
    .command('diff')
    .description('compare two runs: what newly fails, what got fixed (exit 1 when something newly fails)')
    .argument('<base>', 'summary.json of the baseline run')
    .argument('<current>', 'summary.json of the run to compare')
    .action((base: string, current: string) => {
      const diff = diffSummaries(readSummary(base), readSummary(current));
      console.log(formatDiff(diff));
      done(Promise.resolve(diff.regressions.length > 0 ? 1 : 0));
    });
}
