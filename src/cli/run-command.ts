import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { apiNamed, APIS } from '../apis/index.ts';
import type { ApiPlugin, ApiRunConfig, Survey, TargetPass } from '../apis/plugin.ts';
import type { Check, CheckOutcome } from '../checks/model.ts';
import { RUN_CONFIG_ENV } from '../checks/vitest-suite.ts';
import { DEFAULT_LIMITS, type ExchangeLimits } from '../client/limits.ts';
import { redactText, registerSecrets } from '../client/redact.ts';
import { applyCertificationProfile, certificationOptions, writeCertificationBundle, type CertificationPlan } from '../report/certification/index.ts';
import { baselineLines, baselineVerdict, gatedExitCode, withBaseline } from '../report/diff-baseline.ts';
import type { LoadedSummary } from '../report/diff-input.ts';
import { mergeOutcomes } from '../report/merge.ts';
import { buildSummary, type Summary } from '../report/summary.ts';
import { verdictLine, writeReportFiles } from '../report/write.ts';
import { TargetError } from '../target/target-error.ts';
import { loadSummary } from './diff-command.ts';
import { OutcomeReporter } from './outcome-reporter.ts';
import { consoleMode, formatOutcomeTable, RunConsole } from './progress.ts';
import { RunControl } from './run-control.ts';
import { blobFile, parseShard, writeShardRecord, type Shard, type ShardRecord } from './shard.ts';
import { parsePositiveInt, UsageError } from './usage-error.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface RunFlags {
  only?: string;
  checks?: string;
  seed: number;
  runs: number;
  out: string;
  allowWrites?: boolean;
  allowDestructive?: boolean;
  requestTimeout: number;
  maxBody: number;
  checkTimeout: number;
  deadline: number;
  maxRps: number;
  concurrency?: number;
  shard?: Shard;
  baseline?: LoadedSummary;
  [flag: string]: unknown;
}

/** Every flag also reads CONFORMANCE_<FLAG> (DESIGN.md · The CLI). */
const opt = (flags: string, description: string, env: string) => new Option(flags, description).env(`CONFORMANCE_${env}`);

function parseSeconds(flag: string, allowZero: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || (!allowZero && n === 0)) throw new UsageError(`${flag} expects a number of seconds${allowZero ? ' (0 = none)' : ' above 0'}, got "${value}"`);
    return n;
  };
}

export function registerRunCommand(program: Command, done: (code: Promise<number>) => void, tool: { name: string; version: string }): void {
  const command = program
    .command('run')
    .description(`run the conformance checks of ${APIS.map((api) => api.title).join(' and ')} (against the embedded emulators unless a target is given)`);
  for (const api of APIS) for (const option of api.runOptions()) command.addOption(option);
  command
    .addOption(opt('--insecure', 'accept any TLS certificate', 'INSECURE'))
    .addOption(opt('--ca <file>', 'PEM file of the CA that signed the server certificate', 'CA'))
    .addOption(opt('--only <api>', `run only one API: ${APIS.map((api) => api.name).join(' or ')}`, 'ONLY'))
    .addOption(opt('--checks <ids>', 'run only these checks: comma-separated ids, * matches within an id (ontap.sessions.filter.*)', 'CHECKS'))
    .addOption(opt('--seed <n>', 'seed of the generated cases (the same seed replays the same cases)', 'SEED').argParser(parsePositiveInt('--seed')).default(1))
    .addOption(opt('--runs <n>', 'property-based cases per field and check', 'RUNS').argParser(parsePositiveInt('--runs')).default(10))
    .addOption(opt('--out <dir>', 'where summary.json, junit.xml, report.html and allure-results/ go', 'OUT').default('reports'))
    .addOption(opt('--allow-writes', 'run the PATCH checks (each restores what it changes)', 'ALLOW_WRITES'))
    .addOption(opt('--allow-destructive', 'run the DELETE checks (a deleted session is gone for good)', 'ALLOW_DESTRUCTIVE'))
    .addOption(opt('--request-timeout <s>', 'bound of one whole HTTP exchange, headers and body', 'REQUEST_TIMEOUT').argParser(parseSeconds('--request-timeout', false)).default(DEFAULT_LIMITS.requestTimeoutMs / 1000))
    .addOption(opt('--max-body <mb>', 'largest answer accepted, in MB (a larger one fails the check that asked)', 'MAX_BODY').argParser(parseSeconds('--max-body', false)).default(DEFAULT_LIMITS.maxBodyBytes / (1 << 20)))
    .addOption(opt('--check-timeout <s>', 'bound of one check (it fails, naming the deadline)', 'CHECK_TIMEOUT').argParser(parseSeconds('--check-timeout', false)).default(900))
    .addOption(opt('--deadline <s>', 'bound of the whole run: the rest is reported as not run, exit 2 (0 = none)', 'DEADLINE').argParser(parseSeconds('--deadline', true)).default(7200))
    .addOption(opt('--concurrency <n>', 'read-only checks run this many at a time (default 4 against a real target, 8 against the embedded emulators); checks that write always run alone', 'CONCURRENCY').argParser(parsePositiveInt('--concurrency')))
    .addOption(opt('--shard <i/n>', "run the i-th of n parts of the suites (vitest's sharding) and write a partial result for `conformance merge`", 'SHARD').argParser(parseShard))
    .addOption(opt('--baseline <file>', "gate on new failures only: the summary.json (or its folder) of an earlier run whose failed checks are known failures", 'BASELINE').argParser(loadSummary))
    .addOption(opt('--max-rps <n>', 'at most this many requests a second (0 = no pacing)', 'MAX_RPS').argParser(parseSeconds('--max-rps', true)).default(0))
    .addOption(opt('--quiet', 'print only the verdict line (and errors)', 'QUIET'))
    .action((flags: RunFlags) => done(run(flags, tool)));
  // --profile certification, --product, --sign-key: checked before anything runs (README · Certification).
  for (const option of certificationOptions()) command.addOption(option);
  command.hook('preAction', (self) => applyCertificationProfile(self));
}

/** The checks a run plans: all, or those whose id matches one of the --checks patterns. */
function selectChecks(all: readonly Check[], patterns: string | undefined): Check[] {
  if (!patterns) return [...all];
  const regexes = patterns.split(',').map((p) => p.trim()).filter(Boolean).map((p) => ({ p, re: new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`) }));
  for (const { p, re } of regexes) if (!all.some((check) => re.test(check.id))) throw new UsageError(`--checks: "${p}" matches no check (see: conformance checks)`);
  return all.filter((check) => regexes.some(({ re }) => re.test(check.id)));
}

/** One API of the run, with the passes over its target and the checks it plans. */
interface ApiRun {
  api: ApiPlugin;
  passes: TargetPass<unknown>[];
  plan: Check[];
}

/** The APIs to run: those whose target the flags name, else every API against its embedded emulator. */
async function apiRuns(flags: RunFlags): Promise<ApiRun[]> {
  const names = APIS.map((api) => api.name);
  if (flags.only !== undefined && !names.includes(flags.only)) throw new UsageError(`--only expects ${names.join(' or ')}, got "${flags.only}"`);
  const chosen = APIS.filter((api) => flags.only === undefined || api.name === flags.only);
  const targeted = APIS.map((api) => ({ api, passes: api.passesFromFlags(flags) })).filter((entry) => entry.passes !== undefined);
  if (flags.only !== undefined && targeted.length > 0 && !targeted.some((entry) => entry.api.name === flags.only)) {
    throw new UsageError(`--only ${flags.only}, but no ${apiNamed(flags.only)!.title} target is given`);
  }
  const runs = targeted.length > 0
    ? targeted.filter((entry) => chosen.includes(entry.api)).map((entry) => ({ api: entry.api, passes: entry.passes! }))
    : chosen.map((api) => ({ api, passes: api.embeddedPasses(flags.seed) }));
  const all = (await Promise.all(runs.map(async (entry) => ({ ...entry, checks: [...(await entry.api.checks())] }))));
  const plans = selectChecks(all.flatMap((entry) => entry.checks), flags.checks);
  return all.map((entry) => ({ api: entry.api, passes: entry.passes, plan: entry.checks.filter((check) => plans.includes(check)) })).filter((entry) => entry.plan.length > 0);
}

async function run(flags: RunFlags, tool: { name: string; version: string }): Promise<number> {
  const runs = await apiRuns(flags);
  const limits: ExchangeLimits = { ...DEFAULT_LIMITS, requestTimeoutMs: flags.requestTimeout * 1000, maxBodyBytes: Math.round(flags.maxBody * (1 << 20)), maxRps: flags.maxRps };
  const startedAt = new Date();
  // On a terminal one live line follows the run; in CI (or a pipe) one line per check; --quiet: the verdict.
  const runConsole = new RunConsole({
    mode: consoleMode({ quiet: Boolean(flags.quiet), isTTY: process.stdout.isTTY, env: process.env }),
    ...(flags.shard ? {} : { total: runs.reduce((sum, entry) => sum + entry.plan.length * entry.passes.length, 0) }),
  });
  const say = (line: string) => runConsole.say(redactText(line));
  const out = resolve(flags.out);
  // allure-results holds this run's results only: results of an earlier run would read as retries of this one.
  let allureResultsCleared = false;
  const control = new RunControl(say, flags.deadline * 1000);
  const outcomes: CheckOutcome[] = [];
  const problems: string[] = [];
  const targets: Summary['targets'] = {};
  const shardApis: ShardRecord['apis'] = [];
  const { shard } = flags;
  try {
    for (const { api, passes, plan } of runs) {
      const results: CheckOutcome[][] = [];
      const surveys: Survey[] = [];
      for (const [passIndex, pass] of passes.entries()) {
        if (control.stopped) break;
        const opened = await pass.open();
        try {
          for (const secret of api.secrets(opened.target)) registerSecrets([secret.value], secret.user);
          let survey;
          try {
            survey = await api.survey(opened.target, limits, control.signal);
          } catch (error) {
            // Stopped before this pass checked anything: nothing was changed; the checks are "not run".
            if (control.stopped && error instanceof TargetError) break;
            throw error;
          }
          surveys.push(survey);
          say(`${tool.name} ${tool.version}: ${survey.describe}, seed ${flags.seed}, ${flags.runs} runs`);
          for (const line of survey.unreadable) say(`! ${line}`);
          const config: ApiRunConfig<unknown> = {
            api: api.name, target: opened.target, survey, seed: flags.seed, runs: flags.runs, allowWrites: pass.allowWrites, allowDestructive: pass.allowDestructive,
            limits, checkTimeoutMs: flags.checkTimeout * 1000, control: control.files,
            concurrency: Math.max(1, flags.concurrency ?? (pass.embedded ? 8 : 4)),
            ...(flags.checks ? { selected: plan.map((check) => check.id) } : {}),
          };
          const reporter = new OutcomeReporter(plan, say, runConsole);
          if (!allureResultsCleared) rmSync(resolve(out, 'allure-results'), { recursive: true, force: true });
          allureResultsCleared = true;
          await runSuites(api, config, reporter, resolve(out, 'allure-results'), control, shard && { shard, blob: blobFile(out, api.name, passIndex, shard) });
          const finished = reporter.finish(control.stopped, { collectedOnly: Boolean(shard) });
          results.push(finished.outcomes);
          problems.push(...finished.problems);
        } finally {
          await opened.close();
        }
      }
      // Checks a stopped run never reached are accounted for, each as not run.
      if (control.stopped && results.length < passes.length && !shard) results.push(new OutcomeReporter(plan, () => undefined).finish(control.stopped).outcomes);
      outcomes.push(...mergeOutcomes(results));
      if (surveys.length > 0) targets[api.name] = api.summaryTarget(surveys);
      shardApis.push({ name: api.name, plan: plan.map((check) => check.id), passes: passes.length, targets: surveys.map((survey) => survey.summary) });
    }
    // The signal handlers stay until the reports are written: a signal now can no longer cost the reports.
    return await writeReports(control.stopped);
  } finally {
    runConsole.close();
    control.dispose();
  }

  async function writeReports(stopped: string | undefined): Promise<number> {
    runConsole.close();
    if (Object.keys(targets).length === 0) {
      if (stopped) say(`! ${stopped} before any check ran: nothing was changed`);
      return 2;
    }
    const summary = buildSummary({
      tool, seed: flags.seed, startedAt, durationMs: Date.now() - startedAt.getTime(), targets, outcomes,
      ...(stopped ? { interrupted: true, stopped } : {}),
    });
    if (shard) {
      summary.shard = `${shard.index}/${shard.count}`;
      writeShardRecord(out, { tool, seed: flags.seed, runs: flags.runs, startedAt: summary.startedAt, durationMs: summary.durationMs, shard, apis: shardApis, ...(stopped ? { stopped } : {}) });
    }
    const gated = withBaseline(summary, flags.baseline);
    writeReportFiles(out, gated);
    if (flags.certification) {
      const bundle = { out, summary, outcomes, apiRuns: runs, plan: flags.certification as CertificationPlan, runs: flags.runs, ...(flags.checks ? { checks: flags.checks } : {}), tool };
      for (const line of await writeCertificationBundle(bundle)) say(line);
    }
    for (const problem of problems) say(`! ${problem}`);
    const unrestored = outcomes.flatMap((o) => (o.notRestored ?? []).map((what) => `${what} (by ${o.id})`));
    for (const line of unrestored) say(`! NOT RESTORED (the target may still be changed): ${line}`);
    if (stopped) say(`! ${stopped}: the reports account for every planned check; those that did not finish are "not run"`);
    if (shard) say(`shard ${shard.index}/${shard.count}: a partial result; join the shards with \`conformance merge ${out} …\``);
    for (const line of gated.baseline ? baselineLines(gated.baseline) : []) say(line);
    for (const line of formatOutcomeTable(summary.checks)) say(line);
    runConsole.verdict(redactText(`${verdictLine(summary, out)}${baselineVerdict(gated)}`));
    return gatedExitCode(gated);
  }
}

/** Runs an API's suite files through vitest in worker threads, one file after another. */
async function runSuites(api: ApiPlugin, config: ApiRunConfig<unknown>, reporter: OutcomeReporter, allureResults: string, control: RunControl, sharding?: { shard: Shard; blob: string }): Promise<void> {
  process.env[RUN_CONFIG_ENV] = JSON.stringify(config);
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest('test', {
    config: false,
    root: PROJECT_ROOT,
    watch: false,
    // allure-results can be rendered by Allure Report (`npx allure generate`), for those who use it.
    reporters: [reporter, ['allure-vitest/reporter', { resultsDir: allureResults }], ...(sharding ? [['blob', { outputFile: sharding.blob }]] : [])],
    // A shard runs its part of the files; `conformance merge` replays the blob reports of every part.
    ...(sharding ? { shard: `${sharding.shard.index}/${sharding.shard.count}`, passWithNoTests: true } : {}),
    // Threads, not child processes: a terminal's Ctrl-C signals the whole process group, and a child would
    // die under its running check; threads get no signals, and this process decides how the run stops.
    pool: 'threads',
    fileParallelism: false,
    maxConcurrency: config.concurrency ?? 1,
    // Checks carry their own deadline (--check-timeout) and undo steps; vitest's would cut the undo short.
    testTimeout: 0,
    hookTimeout: 0,
    include: [api.suites],
  } as never);
  control.keepSignalsToItself();
  try {
    await vitest.start();
  } finally {
    await vitest.close();
    delete process.env[RUN_CONFIG_ENV];
  }
}
