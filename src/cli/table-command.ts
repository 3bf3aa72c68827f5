import type { Command } from 'commander';
import { apiNamed } from '../apis/index.ts';
import { compatibilityTable, differingRows, formatCompatibilityMarkdown } from '../report/compatibility.ts';
import { loadSummary } from './diff-command.ts';

/**
 * `conformance table SUMMARY_OR_DIR...`: the compatibility table of several runs (a CI matrix of targets, such as
 * ONTAP releases), check × target. It reports; it does not gate: each run's own exit code did that.
 */
export function registerTableCommand(program: Command, done: (code: Promise<number>) => void): void {
  program
    .command('table')
    .description('print the compatibility table of several runs (one per target): check × target, ✓ passed, ✗ failed, – skipped, ! engine error')
    .argument('<runs...>', "each run's summary.json, or a folder holding summary.json or certification/summary.json")
    .option('--json', 'print the table as JSON')
    .option('--differing', 'only the checks whose outcome is not the same on every target')
    .action((paths: string[], flags: { json?: boolean; differing?: boolean }) => {
      const runs = paths.map((path) => loadSummary(path));
      const whole = compatibilityTable(runs, (api) => {
        const title = apiNamed(api)?.title ?? api;
        // Column labels stay short (`Veeam v1_7`); the section heading carries the full title.
        return { title, short: title.split(' ')[0]! };
      });
      const table = flags.differing ? differingRows(whole) : whole;
      process.stdout.write(flags.json ? `${JSON.stringify(table, null, 2)}\n` : formatCompatibilityMarkdown(table));
      done(Promise.resolve(0));
    });
}
