import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { apiNamed } from '../apis/index.ts';
import type { CheckOutcome } from '../checks/model.ts';
import { mergeOutcomes } from '../report/merge.ts';
import { buildSummary, type Summary } from '../report/summary.ts';
import { exitCodeOf, verdictLine, writeReportFiles } from '../report/write.ts';
import { OutcomeReporter } from './outcome-reporter.ts';
import { readShardRecord, type ShardRecord } from './shard.ts';
import { UsageError } from './usage-error.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `conformance merge DIR...`: joins the partial results of `run --shard i/n` into the reports of one run. */
export function registerMergeCommand(program: Command, done: (code: Promise<number>) => void): void {
  program
    .command('merge')
    .description('join the results of `conformance run --shard i/n` (their --out folders) into one summary.json, junit.xml, report.html and allure-results')
    .argument('<dirs...>', 'the --out folders of the shards, one per shard')
    .option('--out <dir>', 'where the merged reports go', 'reports')
    .action((dirs: string[], flags: { out: string }) => done(merge(dirs, resolve(flags.out))));
}

/** Every shard of one run, once: same tool, seed, runs, shard count and plan. */
function checkShards(records: ShardRecord[], dirs: string[]): void {
  const first = records[0]!;
  const count = first.shard.count;
  for (const [i, record] of records.entries()) {
    const same = record.tool.version === first.tool.version && record.seed === first.seed && record.runs === first.runs && record.shard.count === count
      && JSON.stringify(record.apis.map((api) => [api.name, api.plan, api.passes])) === JSON.stringify(first.apis.map((api) => [api.name, api.plan, api.passes]));
    if (!same) throw new UsageError(`${dirs[i]} is a shard of another run (tool version, seed, --runs, shard count or checks differ from ${dirs[0]})`);
  }
  const indexes = records.map((record) => record.shard.index).sort((a, b) => a - b);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indexes.includes(i));
  if (missing.length > 0) throw new UsageError(`shard ${missing.map((i) => `${i}/${count}`).join(', ')} is missing: give the --out folder of every shard`);
  if (indexes.length !== count) throw new UsageError(`a shard is given twice (${indexes.join(', ')} of ${count})`);
}

async function merge(dirs: string[], out: string): Promise<number> {
  const records = dirs.map((dir) => readShardRecord(resolve(dir)));
  checkShards(records, dirs);
  const first = records[0]!;
  const stopped = records.find((record) => record.stopped)?.stopped;
  const outcomes: CheckOutcome[] = [];
  const problems: string[] = [];
  const targets: Summary['targets'] = {};
  // The merged Allure results are those of this merge only, as a run's are those of that run.
  rmSync(join(out, 'allure-results'), { recursive: true, force: true });
  const scratch = mkdtempSync(join(tmpdir(), 'conformance-merge-'));
  try {
    for (const api of first.apis) {
      const plugin = apiNamed(api.name);
      if (!plugin) throw new UsageError(`the shards ran the API "${api.name}", which this version of the tool does not know`);
      const plan = (await plugin.checks()).filter((check) => api.plan.includes(check.id));
      const passes: CheckOutcome[][] = [];
      for (let pass = 0; pass < api.passes; pass++) {
        // vitest replays the blob reports of every shard of this pass through the same reporters as a run.
        const blobs = join(scratch, `${api.name}-${pass}`);
        mkdirSync(blobs, { recursive: true });
        for (const dir of dirs) {
          const from = join(resolve(dir), 'shard', 'blobs', `${api.name}-${pass}`);
          if (existsSync(from)) for (const file of readdirSync(from)) copyFileSync(join(from, file), join(blobs, file));
        }
        const reporter = new OutcomeReporter(plan, () => undefined);
        if (readdirSync(blobs).length > 0) await replay(plugin.suites, blobs, reporter, join(out, 'allure-results'));
        const finished = reporter.finish(stopped);
        passes.push(finished.outcomes);
        problems.push(...finished.problems);
      }
      outcomes.push(...mergeOutcomes(passes));
      const passTargets = records.map((record) => record.apis.find((a) => a.name === api.name)?.targets ?? []).find((list) => list.length > 0);
      if (passTargets) targets[api.name] = mergeTargets(passTargets);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const startedAt = new Date(Math.min(...records.map((record) => Date.parse(record.startedAt))));
  const durationMs = Math.max(...records.map((record) => Date.parse(record.startedAt) + record.durationMs)) - startedAt.getTime();
  const summary = buildSummary({ tool: first.tool, seed: first.seed, startedAt, durationMs, targets, outcomes, ...(stopped ? { interrupted: true, stopped } : {}) });
  writeReportFiles(out, summary);
  for (const problem of problems) process.stdout.write(`! ${problem}\n`);
  process.stdout.write(`merged ${records.length} shards\n${verdictLine(summary, out)}\n`);
  return exitCodeOf(summary);
}

/** The target of several passes of one API: the first pass's, with values that differ joined by "+" (svm+node). */
function mergeTargets(passes: Array<Record<string, string>>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const key of Object.keys(passes[0]!)) {
    const values = [...new Set(passes.map((pass) => pass[key]).filter((value): value is string => value !== undefined))];
    merged[key] = key === 'url' || key === 'version' || key === 'apiVersion' ? values[0]! : values.join('+');
  }
  return merged;
}

async function replay(suites: string, blobs: string, reporter: OutcomeReporter, allureResults: string): Promise<void> {
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest('test', {
    config: false,
    root: PROJECT_ROOT,
    watch: false,
    include: [suites],
    mergeReports: blobs,
    reporters: [reporter, ['allure-vitest/reporter', { resultsDir: allureResults }]],
  } as never);
  try {
    await vitest.mergeReports(blobs);
  } finally {
    await vitest.close();
  }
}
