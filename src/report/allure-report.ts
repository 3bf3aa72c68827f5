import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** What an Allure single-file report is built from, and where it goes. */
export interface AllureReportOptions {
  /** The allure-results folder a run wrote. */
  resultsDir: string;
  /** The HTML file to write. */
  output: string;
  /** Allure's history (JSON lines): read for the trends and per-check history, then this run is appended. */
  historyPath?: string;
  /** The report's title. */
  name?: string;
  /** Shown in the report's header: target, versions, seed. */
  variables?: Record<string, string>;
}

/** Allure could not build the report (its own message, last lines). */
export class AllureReportError extends Error {
  override name = 'AllureReportError';
}

/** Labels every result carries that say nothing about a check (the test framework's own). */
const HIDDEN_LABELS = ['framework', 'language', 'package', 'host', 'thread'];

/** The `allure` package's command, run with this Node.js: no global install. */
function allureCli(): string {
  return join(dirname(createRequire(import.meta.url).resolve('allure')), '..', 'cli.js');
}

/** The result files of an allure-results folder (one `*-result.json` per check and pass). */
export function allureResultFiles(resultsDir: string): string[] {
  return existsSync(resultsDir) ? readdirSync(resultsDir).filter((file) => file.endsWith('-result.json')) : [];
}

/**
 * Allure 3's report page loads Google's tag manager from the network; a conformance report is read offline and
 * handed to third parties, so the page keeps no script that calls out.
 */
export function withoutAnalytics(html: string): string {
  return html
    .replace(/<script async src="https:\/\/www\.googletagmanager\.com\/[^"]*"><\/script>\s*/g, '')
    .replace(/<script>\s*window\.dataLayer = window\.dataLayer[\s\S]*?<\/script>\s*/g, '');
}

/**
 * The files a single-file report embeds (`data/test-results/<id>.json`, `widgets/…`), decoded: what the page
 * shows, for tests and tools that read the report without a browser.
 */
export function embeddedReportFiles(html: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of html.matchAll(/\bd\("([^"]+)","([A-Za-z0-9+/=]*)"\)/g)) files.set(match[1]!, Buffer.from(match[2]!, 'base64').toString('utf8'));
  return files;
}

/** Runs the allure command; resolves with its output, rejects with its last lines. */
function runAllure(args: string[], cwd: string): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [allureCli(), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => fail(new AllureReportError(`could not start allure: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) ok(output);
      else fail(new AllureReportError(`allure generate failed (exit ${code}): ${output.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}

/**
 * Builds Allure Report 3's single-file HTML (the "awesome" report, everything inlined) from a run's
 * allure-results, offline: the page opens from `file://` with no server. Results are grouped by API (epic),
 * resource (feature) and operation (story). With a history file, the report shows each check's history and the
 * trend charts of the runs recorded there, and this run is appended to it.
 */
export async function buildAllureReport(options: AllureReportOptions): Promise<{ output: string; results: number }> {
  const resultsDir = resolve(options.resultsDir);
  const results = allureResultFiles(resultsDir).length;
  if (results === 0) throw new AllureReportError(`no Allure results in ${resultsDir}`);
  const scratch = mkdtempSync(join(tmpdir(), 'conformance-allure-'));
  try {
    const out = join(scratch, 'out');
    const config = {
      name: options.name ?? 'Conformance report',
      output: out,
      hideLabels: HIDDEN_LABELS,
      ...(options.historyPath ? { historyPath: resolve(options.historyPath) } : {}),
      ...(options.variables ? { variables: options.variables } : {}),
      plugins: {
        awesome: { options: { singleFile: true, reportName: options.name ?? 'Conformance report', groupBy: ['epic', 'feature', 'story'] } },
      },
    };
    if (options.historyPath) mkdirSync(dirname(resolve(options.historyPath)), { recursive: true });
    writeFileSync(join(scratch, 'allurerc.json'), JSON.stringify(config, null, 2));
    await runAllure(['generate', '--config', join(scratch, 'allurerc.json'), resultsDir], scratch);
    const page = join(out, 'index.html');
    if (!existsSync(page)) throw new AllureReportError(`allure generate wrote no index.html into ${out}`);
    const output = resolve(options.output);
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, withoutAnalytics(readFileSync(page, 'utf8')));
    return { output, results };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
