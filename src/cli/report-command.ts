import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { AllureReportError, allureResultFiles, buildAllureReport } from '../report/allure-report.ts';
import type { Summary } from '../report/summary.ts';
import { UsageError } from './usage-error.ts';

interface ReportFlags {
  history?: string;
  output?: string;
  name?: string;
}

/** The report's header values from the run's summary.json: targets, tool, seed, verdict (no secrets: none are there). */
function runVariables(dir: string): { name?: string; variables: Record<string, string> } {
  const file = join(dir, 'summary.json');
  if (!existsSync(file)) return { variables: {} };
  let summary: Summary;
  try {
    summary = JSON.parse(readFileSync(file, 'utf8')) as Summary;
  } catch {
    return { variables: {} };
  }
  const variables: Record<string, string> = { tool: `${summary.tool.name} ${summary.tool.version}`, seed: String(summary.seed), verdict: summary.verdict, started: summary.startedAt };
  for (const [api, target] of Object.entries(summary.targets ?? {})) {
    for (const [key, value] of Object.entries(target)) variables[`${api} ${key}`] = value;
  }
  const targets = Object.entries(summary.targets ?? {}).map(([api, target]) => [api, target.version ?? target.apiVersion, target.mode].filter(Boolean).join(' ')).join(', ');
  return { name: `${summary.tool.name}: ${targets || 'run'}, verdict ${summary.verdict}`, variables };
}

/**
 * `conformance report [DIR]`: Allure Report 3's single-file HTML from DIR/allure-results (DIR defaults to
 * reports/), written to DIR/allure-report.html; `--history FILE` keeps Allure's history across runs.
 */
export function registerReportCommand(program: Command, done: (code: Promise<number>) => void): void {
  program
    .command('report')
    .description("build Allure Report's single-file HTML from DIR/allure-results (opens from file://, no server); --history FILE keeps per-check history and trends across runs")
    .argument('[dir]', 'the --out folder of a run', 'reports')
    .addOption(new Option('--history <file>', "Allure's history (JSON lines): read for trends, this run appended").env('CONFORMANCE_HISTORY'))
    .addOption(new Option('--output <file>', 'where the HTML goes (default: DIR/allure-report.html)').env('CONFORMANCE_OUTPUT'))
    .addOption(new Option('--name <title>', "the report's title (default: from DIR/summary.json)"))
    .action((dir: string, flags: ReportFlags) => done(report(resolve(dir), flags)));
}

async function report(dir: string, flags: ReportFlags): Promise<number> {
  const resultsDir = join(dir, 'allure-results');
  const count = allureResultFiles(resultsDir).length;
  if (count === 0) throw new UsageError(`no Allure results in ${resultsDir}: run \`conformance run --out ${dir}\` first`);
  const run = runVariables(dir);
  const name = flags.name ?? run.name;
  try {
    const built = await buildAllureReport({
      resultsDir,
      output: flags.output ?? join(dir, 'allure-report.html'),
      ...(flags.history ? { historyPath: flags.history } : {}),
      ...(name ? { name } : {}),
      variables: run.variables,
    });
    const history = flags.history ? `; history appended to ${resolve(flags.history)}` : '';
    process.stdout.write(`Allure report: ${built.output} (${built.results} results${history}); open it in a browser, no server needed\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AllureReportError)) throw error;
    process.stderr.write(`conformance: error: ${error.message}\n`);
    return 3;
  }
}
