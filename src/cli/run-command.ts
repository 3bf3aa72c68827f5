import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { RunConfig } from '../checks/environment.ts';
import { RUN_CONFIG_ENV } from '../checks/vitest-suite.ts';
import { startOntapEmulator } from '../emulator/ontap/server.ts';
import { DEFAULT_ONTAP_CONFIG, type NdmpMode } from '../emulator/ontap/state.ts';
import type { CheckOutcome, OntapTargetInfo } from '../checks/model.ts';
import { mergeOutcomes } from '../report/merge.ts';
import { redactText } from '../client/redact.ts';
import { htmlReport } from '../report/html.ts';
import { junitXml } from '../report/junit.ts';
import { buildSummary } from '../report/summary.ts';
import { OntapClient } from '../client/ontap-client.ts';
import { detectOntapTarget, normaliseTargetUrl, TargetError } from '../target/ontap-target.ts';
import { OutcomeReporter } from './outcome-reporter.ts';
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
  seed: number;
  runs: number;
  out: string;
  allowWrites?: boolean;
  allowDestructive?: boolean;
}

/** Every flag also reads CONFORMANCE_<FLAG> (DESIGN.md · The CLI). */
const opt = (flags: string, description: string, env: string) => new Option(flags, description).env(`CONFORMANCE_${env}`);

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
    .addOption(opt('--seed <n>', 'seed of the generated cases (the same seed replays the same cases)', 'SEED').argParser(parsePositiveInt('--seed')).default(1))
    .addOption(opt('--runs <n>', 'property-based cases per field and check', 'RUNS').argParser(parsePositiveInt('--runs')).default(10))
    .addOption(opt('--out <dir>', 'where summary.json, junit.xml, report.html and allure-results/ go', 'OUT').default('reports'))
    .addOption(opt('--allow-writes', 'run the PATCH checks (each restores what it changes)', 'ALLOW_WRITES'))
    .addOption(opt('--allow-destructive', 'run the DELETE checks (a deleted session is gone for good)', 'ALLOW_DESTRUCTIVE'))
    .action((flags: RunFlags) => done(run(flags, tool)));
}

function targetConfig(flags: RunFlags): RunConfig['ontap'] {
  const url = normaliseTargetUrl(flags.ontapUrl!);
  if (!flags.ontapUser) throw new UsageError('--ontap-user (or CONFORMANCE_ONTAP_USER) is required with --ontap-url');
  const password = process.env.CONFORMANCE_ONTAP_PASSWORD;
  if (!password) throw new UsageError('CONFORMANCE_ONTAP_PASSWORD is not set (the password is never taken from a flag)');
  if (flags.ca && !existsSync(flags.ca)) throw new UsageError(`--ca: no such file ${flags.ca}`);
  let readonly;
  if (flags.ontapReadonlyUser) {
    const readonlyPassword = process.env.CONFORMANCE_ONTAP_READONLY_PASSWORD;
    if (!readonlyPassword) throw new UsageError('CONFORMANCE_ONTAP_READONLY_PASSWORD is not set for --ontap-readonly-user');
    readonly = { name: flags.ontapReadonlyUser, password: readonlyPassword };
  }
  return { url, admin: { name: flags.ontapUser, password }, ...(readonly ? { readonly } : {}), insecure: flags.insecure ?? false, ...(flags.ca ? { caFile: resolve(flags.ca) } : {}) };
}

interface Pass {
  config: RunConfig;
  emulator?: NdmpMode;
}

async function run(flags: RunFlags, tool: { name: string; version: string }): Promise<number> {
  if (flags.only !== undefined && flags.only !== 'ontap' && flags.only !== 'veeam') throw new UsageError(`--only expects ontap or veeam, got "${flags.only}"`);
  if (flags.only === 'veeam' || flags.veeamUrl) throw new UsageError('the Veeam Enterprise Manager suites are not part of this release; run the ONTAP suites (--only ontap)');
  const startedAt = new Date();
  const common = { seed: flags.seed, runs: flags.runs };
  // No target: the embedded emulator, over HTTPS like a cluster, once in SVM scope and once in node scope so
  // that every check runs; writes and deletes are always allowed there.
  const passes: Pass[] = flags.ontapUrl
    ? [{ config: { ontap: targetConfig(flags), ...common, allowWrites: flags.allowWrites ?? false, allowDestructive: flags.allowDestructive ?? false } }]
    : (['svm', 'node'] as const).map((mode) => ({ emulator: mode, config: { ontap: { url: '', admin: DEFAULT_ONTAP_CONFIG.admin, readonly: DEFAULT_ONTAP_CONFIG.readonly, insecure: true, embedded: true }, ...common, allowWrites: true, allowDestructive: true } }));
  const secrets = [passes[0]!.config.ontap.admin.password, passes[0]!.config.ontap.readonly?.password].filter((s): s is string => Boolean(s));
  const say = (line: string) => process.stdout.write(`${redactText(line, secrets)}\n`);
  const out = resolve(flags.out);
  const results: CheckOutcome[][] = [];
  const problems: string[] = [];
  const targets: OntapTargetInfo[] = [];
  let interrupted = false;
  for (const pass of passes) {
    const emulator = pass.emulator ? await startOntapEmulator({ tls: true, seed: flags.seed, mode: pass.emulator }) : undefined;
    try {
      const config: RunConfig = emulator ? { ...pass.config, ontap: { ...pass.config.ontap, url: emulator.url } } : pass.config;
      const target = await detect(config);
      targets.push(target);
      say(`${tool.name} ${tool.version}: ONTAP ${target.version} at ${target.url} (NDMP ${target.mode} scope${emulator ? ', embedded emulator' : ''}), seed ${flags.seed}, ${flags.runs} runs`);
      const reporter = new OutcomeReporter(say);
      interrupted = await runSuites(config, reporter, resolve(out, 'allure-results'));
      results.push(reporter.outcomes);
      problems.push(...reporter.problems);
      if (interrupted) break;
    } finally {
      await emulator?.close();
    }
  }
  const outcomes = mergeOutcomes(results);
  const first = targets[0]!;
  const summary = buildSummary({
    tool, seed: flags.seed, startedAt, durationMs: Date.now() - startedAt.getTime(),
    targets: { ontap: { url: first.url, version: first.version, mode: targets.map((t) => t.mode).join('+') } },
    outcomes,
    interrupted,
  });
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, 'summary.json'), `${redactText(JSON.stringify(summary, null, 2), secrets)}\n`);
  writeFileSync(resolve(out, 'junit.xml'), redactText(junitXml(summary), secrets));
  writeFileSync(resolve(out, 'report.html'), redactText(htmlReport(summary), secrets));
  for (const problem of problems) say(`! ${problem}`);
  if (interrupted) say('! the run was interrupted: the reports hold the checks that finished');
  const { passed, failed, skipped, errors } = summary.counts;
  say(`${passed} passed, ${failed} failed, ${skipped} skipped${errors ? `, ${errors} engine errors` : ''}: verdict ${summary.verdict} (seed ${flags.seed}; reports in ${out}: summary.json, junit.xml, report.html, allure-results/)`);
  if (interrupted) return 2;
  if (outcomes.length === 0 || problems.length > 0) return 3;
  return summary.verdict === 'pass' ? 0 : 1;
}

/** Version and NDMP mode, before any check runs; an unusable target ends the run with exit code 2. */
async function detect(config: RunConfig): Promise<OntapTargetInfo> {
  const client = new OntapClient({ baseUrl: config.ontap.url, credentials: config.ontap.admin, insecure: config.ontap.insecure, caFile: config.ontap.caFile });
  try {
    return await detectOntapTarget(client, config.ontap);
  } catch (error) {
    if (error instanceof TargetError) throw new UsageError(error.message);
    throw error;
  } finally {
    await client.close();
  }
}

/** Runs suites/ontap/*.test.ts through vitest, one file after another; resolves true when interrupted. */
async function runSuites(config: RunConfig, reporter: OutcomeReporter, allureResults: string): Promise<boolean> {
  process.env[RUN_CONFIG_ENV] = JSON.stringify(config);
  const { createVitest } = await import('vitest/node');
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const vitest = await createVitest('test', {
    config: false,
    root: PROJECT_ROOT,
    watch: false,
    // allure-results can be rendered by Allure Report (`npx allure generate`), for those who use it.
    reporters: [reporter, ['allure-vitest/reporter', { resultsDir: allureResults }]],
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 120_000,
    include: ['suites/ontap/**/*.test.ts'],
  } as never);
  // vitest exits at once on Ctrl-C; here the current check must finish and run its cleanup so the target is
  // left as found, so vitest's own signal listeners give way to one that cancels the rest of the run.
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
  }
  let interrupted = false;
  const stop = () => {
    interrupted = true;
    process.stdout.write('interrupted: finishing the current check and its cleanup, then stopping\n');
    void vitest.cancelCurrentRun('keyboard-input');
  };
  for (const signal of signals) process.once(signal, stop);
  try {
    await vitest.start();
  } finally {
    for (const signal of signals) process.off(signal, stop);
    await vitest.close();
    delete process.env[RUN_CONFIG_ENV];
  }
  return interrupted;
}
