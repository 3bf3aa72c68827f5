import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { RunConfig } from '../checks/environment.ts';
import { RUN_CONFIG_ENV } from '../checks/vitest-suite.ts';
import { DEFAULT_LIMITS, type ExchangeLimits } from '../client/limits.ts';
import { redactText, registerSecrets } from '../client/redact.ts';
import { startOntapEmulator } from '../emulator/ontap/server.ts';
import { DEFAULT_ONTAP_CONFIG, type NdmpMode } from '../emulator/ontap/state.ts';
import type { Check, CheckOutcome, OntapTargetInfo } from '../checks/model.ts';
import { mergeOutcomes } from '../report/merge.ts';
import { htmlReport } from '../report/html.ts';
import { junitXml } from '../report/junit.ts';
import { buildSummary } from '../report/summary.ts';
import { normaliseTargetUrl, TargetError, type OntapTargetConfig } from '../target/ontap-target.ts';
import { surveyOntapTarget } from '../target/survey.ts';
import { OutcomeReporter } from './outcome-reporter.ts';
import { RunControl } from './run-control.ts';
import { parsePositiveInt, UsageError } from './usage-error.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface RunFlags {
  ontapUrl?: string;
  ontapUser?: string;
  ontapReadonlyUser?: string;
  veeamUrl?: string;
  veeamUser?: string;
  insecure?: boolean;
  ca?: string;
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
  program
    .command('run')
    .description('run the conformance checks (against the embedded emulator unless a target is given)')
    .addOption(opt('--ontap-url <url>', 'ONTAP cluster management URL (https://cluster or http://host:port)', 'ONTAP_URL'))
    .addOption(opt('--ontap-user <name>', 'ONTAP admin user (password from CONFORMANCE_ONTAP_PASSWORD)', 'ONTAP_USER'))
    .addOption(opt('--ontap-readonly-user <name>', 'readonly-role user for the RBAC checks (password from CONFORMANCE_ONTAP_READONLY_PASSWORD)', 'ONTAP_READONLY_USER'))
    .addOption(opt('--veeam-url <url>', 'Veeam Enterprise Manager URL', 'VEEAM_URL'))
    .addOption(opt('--veeam-user <name>', 'Veeam user (password from CONFORMANCE_VEEAM_PASSWORD)', 'VEEAM_USER'))
    .addOption(opt('--insecure', 'accept any TLS certificate', 'INSECURE'))
    .addOption(opt('--ca <file>', 'PEM file of the CA that signed the server certificate', 'CA'))
    .addOption(opt('--only <api>', 'run only one API: ontap or veeam', 'ONLY'))
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
    .addOption(opt('--max-rps <n>', 'at most this many requests a second (0 = no pacing)', 'MAX_RPS').argParser(parseSeconds('--max-rps', true)).default(0))
    .action((flags: RunFlags) => done(run(flags, tool)));
}

/** --ca must name a readable file holding a PEM certificate: anything else is a usage error, not a silent no-op. */
function checkCaFile(file: string): string {
  let pem: string;
  try {
    if (!statSync(file).isFile()) throw new UsageError(`--ca: ${file} is not a file`);
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--ca: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM block');
    new X509Certificate(pem);
  } catch {
    throw new UsageError(`--ca: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE----- ...)`);
  }
  return resolve(file);
}

function targetConfig(flags: RunFlags): OntapTargetConfig {
  const url = normaliseTargetUrl(flags.ontapUrl!);
  if (!flags.ontapUser) throw new UsageError('--ontap-user (or CONFORMANCE_ONTAP_USER) is required with --ontap-url');
  const password = process.env.CONFORMANCE_ONTAP_PASSWORD;
  if (!password) throw new UsageError('CONFORMANCE_ONTAP_PASSWORD is not set (the password is never taken from a flag)');
  const caFile = flags.ca ? checkCaFile(flags.ca) : undefined;
  let readonly;
  if (flags.ontapReadonlyUser) {
    const readonlyPassword = process.env.CONFORMANCE_ONTAP_READONLY_PASSWORD;
    if (!readonlyPassword) throw new UsageError('CONFORMANCE_ONTAP_READONLY_PASSWORD is not set for --ontap-readonly-user');
    readonly = { name: flags.ontapReadonlyUser, password: readonlyPassword };
  }
  return { url, admin: { name: flags.ontapUser, password }, ...(readonly ? { readonly } : {}), insecure: flags.insecure ?? false, ...(caFile ? { caFile } : {}) };
}

/** The checks a run plans: all, or those whose id matches one of the --checks patterns. */
function selectChecks(all: readonly Check[], patterns: string | undefined): Check[] {
  if (!patterns) return [...all];
  const regexes = patterns.split(',').map((p) => p.trim()).filter(Boolean).map((p) => ({ p, re: new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`) }));
  for (const { p, re } of regexes) if (!all.some((check) => re.test(check.id))) throw new UsageError(`--checks: "${p}" matches no check (see: conformance checks)`);
  return all.filter((check) => regexes.some(({ re }) => re.test(check.id)));
}

interface Pass {
  ontap: OntapTargetConfig;
  allowWrites: boolean;
  allowDestructive: boolean;
  emulator?: NdmpMode;
}

async function run(flags: RunFlags, tool: { name: string; version: string }): Promise<number> {
  if (flags.only !== undefined && flags.only !== 'ontap' && flags.only !== 'veeam') throw new UsageError(`--only expects ontap or veeam, got "${flags.only}"`);
  if (flags.only === 'veeam' || flags.veeamUrl) throw new UsageError('the Veeam Enterprise Manager suites are not part of this release; run the ONTAP suites (--only ontap)');
  const { ONTAP_CHECKS } = await import('../../suites/ontap/index.ts');
  const plan = selectChecks(ONTAP_CHECKS, flags.checks);
  const limits: ExchangeLimits = { ...DEFAULT_LIMITS, requestTimeoutMs: flags.requestTimeout * 1000, maxBodyBytes: Math.round(flags.maxBody * (1 << 20)), maxRps: flags.maxRps };
  const startedAt = new Date();
  // No target: the embedded emulator, over HTTPS like a cluster, once in SVM scope and once in node scope so
  // that every check runs; writes and deletes are always allowed there.
  const passes: Pass[] = flags.ontapUrl
    ? [{ ontap: targetConfig(flags), allowWrites: flags.allowWrites ?? false, allowDestructive: flags.allowDestructive ?? false }]
    : (['svm', 'node'] as const).map((mode) => ({ emulator: mode, ontap: { url: '', admin: DEFAULT_ONTAP_CONFIG.admin, readonly: DEFAULT_ONTAP_CONFIG.readonly, insecure: true, embedded: true }, allowWrites: true, allowDestructive: true }));
  const { admin, readonly } = passes[0]!.ontap;
  registerSecrets([admin.password], admin.name);
  if (readonly) registerSecrets([readonly.password], readonly.name);
  const say = (line: string) => process.stdout.write(`${redactText(line)}\n`);
  const out = resolve(flags.out);
  const control = new RunControl(say, flags.deadline * 1000);
  const results: CheckOutcome[][] = [];
  const problems: string[] = [];
  const targets: OntapTargetInfo[] = [];
  try {
    for (const pass of passes) {
      if (control.stopped) break;
      const emulator = pass.emulator ? await startOntapEmulator({ tls: true, seed: flags.seed, mode: pass.emulator }) : undefined;
      try {
        const ontap = emulator ? { ...pass.ontap, url: emulator.url } : pass.ontap;
        let survey;
        try {
          survey = await surveyOntapTarget(ontap, limits, control.signal);
        } catch (error) {
          // Stopped before any check ran: nothing was changed, the reports say so.
          if (control.stopped && error instanceof TargetError) break;
          throw error;
        }
        const { target, inventory } = survey;
        targets.push(target);
        say(`${tool.name} ${tool.version}: ONTAP ${target.version} at ${target.url} (NDMP ${target.mode} scope${emulator ? ', embedded emulator' : ''}), seed ${flags.seed}, ${flags.runs} runs`);
        for (const [what, why] of Object.entries(target.unreadable ?? {})) say(`! the target's ${what} could not be read: ${why}`);
        const config: RunConfig = {
          ontap, target, inventory, seed: flags.seed, runs: flags.runs, allowWrites: pass.allowWrites, allowDestructive: pass.allowDestructive,
          limits, checkTimeoutMs: flags.checkTimeout * 1000, control: control.files,
          ...(flags.checks ? { selected: plan.map((check) => check.id) } : {}),
        };
        const reporter = new OutcomeReporter(plan, say);
        await runSuites(config, reporter, resolve(out, 'allure-results'), control);
        const finished = reporter.finish(control.stopped);
        results.push(finished.outcomes);
        problems.push(...finished.problems);
      } finally {
        await emulator?.close();
      }
    }
  } finally {
    control.dispose();
  }
  const stopped = control.stopped;
  if (targets.length === 0) {
    if (stopped) say(`! ${stopped} before any check ran: nothing was changed`);
    return 2;
  }
  // Checks a stopped run never reached are accounted for, each as not run.
  if (stopped && results.length < passes.length) results.push(new OutcomeReporter(plan, () => undefined).finish(stopped).outcomes);
  const outcomes = mergeOutcomes(results);
  const first = targets[0]!;
  const summary = buildSummary({
    tool, seed: flags.seed, startedAt, durationMs: Date.now() - startedAt.getTime(),
    targets: { ontap: { url: first.url, version: first.version, mode: targets.map((t) => t.mode).join('+') } },
    outcomes,
    ...(stopped ? { interrupted: true, stopped } : {}),
  });
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, 'summary.json'), `${redactText(JSON.stringify(summary, null, 2))}\n`);
  writeFileSync(resolve(out, 'junit.xml'), redactText(junitXml(summary)));
  writeFileSync(resolve(out, 'report.html'), redactText(htmlReport(summary)));
  for (const problem of problems) say(`! ${problem}`);
  const unrestored = outcomes.flatMap((o) => (o.notRestored ?? []).map((what) => `${what} (by ${o.id})`));
  for (const line of unrestored) say(`! NOT RESTORED (the target may still be changed): ${line}`);
  if (stopped) say(`! ${stopped}: the reports account for every planned check; those that did not finish are "not run"`);
  const { passed, failed, skipped, errors } = summary.counts;
  say(`${passed} passed, ${failed} failed, ${skipped} skipped${errors ? `, ${errors} engine errors` : ''}: verdict ${summary.verdict} (seed ${flags.seed}; reports in ${out}: summary.json, junit.xml, report.html, allure-results/)`);
  if (stopped) return 2;
  if (errors) return 3;
  return summary.verdict === 'pass' ? 0 : 1;
}

/** Runs suites/ontap/*.test.ts through vitest in worker threads, one file after another. */
async function runSuites(config: RunConfig, reporter: OutcomeReporter, allureResults: string, control: RunControl): Promise<void> {
  process.env[RUN_CONFIG_ENV] = JSON.stringify(config);
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest('test', {
    config: false,
    root: PROJECT_ROOT,
    watch: false,
    // allure-results can be rendered by Allure Report (`npx allure generate`), for those who use it.
    reporters: [reporter, ['allure-vitest/reporter', { resultsDir: allureResults }]],
    // Threads, not child processes: a terminal's Ctrl-C signals the whole process group, and a child would
    // die under its running check; threads get no signals, and this process decides how the run stops.
    pool: 'threads',
    fileParallelism: false,
    // Checks carry their own deadline (--check-timeout) and undo steps; vitest's would cut the undo short.
    testTimeout: 0,
    hookTimeout: 0,
    include: ['suites/ontap/**/*.test.ts'],
  } as never);
  control.keepSignalsToItself();
  try {
    await vitest.start();
  } finally {
    await vitest.close();
    delete process.env[RUN_CONFIG_ENV];
  }
}
