import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVeeamEmulator, type RunningVeeamEmulator } from '../../src/emulator/veeam/server.ts';
import { embeddedReportFiles } from '../../src/report/allure-report.ts';
import type { Summary } from '../../src/report/summary.ts';
import { runCommand } from '../support/run-command.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');
const CHROMIUM = '/usr/bin/chromium';

interface ReportedResult {
  id: string;
  name: string;
  status: string;
  labels: Array<{ name: string; value: string }>;
  parameters: Array<{ name: string; value: string }>;
  steps: Array<{ name?: string; type?: string; title?: string; steps?: unknown[] }>;
  history?: unknown[];
}

/** The test results a single-file report carries, decoded. */
function reportedResults(html: string): ReportedResult[] {
  return [...embeddedReportFiles(html)].filter(([name]) => name.startsWith('data/test-results/')).map(([, text]) => JSON.parse(text) as ReportedResult);
}

/** Loads a page in headless Chromium, lets its scripts run, and returns the DOM (flags for a machine with no network). */
function renderedDom(url: string): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--virtual-time-budget=15000', '--dump-dom', url];
  return new Promise((ok, fail) => {
    const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let dom = '';
    child.stdout.on('data', (chunk) => (dom += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', () => {
      clearTimeout(timer);
      // Only what the page rendered: inline scripts carry the report's data, not its view.
      ok(dom.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, ''));
    });
  });
}

describe('conformance report: Allure Report 3 as one HTML file', () => {
  // A logon that answers 200 instead of 201 fails veeam.logon.created: the report has a failure with its curl line.
  let emulator: RunningVeeamEmulator;
  let out: string;
  let summary: Summary;
  let history: string;

  beforeAll(async () => {
    emulator = await startVeeamEmulator({ faults: new Set(['veeam-logon-status-200']) });
    out = mkdtempSync(join(tmpdir(), 'allure-report-'));
    history = join(out, 'history', 'allure-history.jsonl');
    const run = await runCommand(process.execPath, [BIN, 'run', '--veeam-url', emulator.url, '--veeam-user', 'veeam', '--checks', 'veeam.entry.*,veeam.logon.*,veeam.errors.*', '--runs', '1', '--out', out], { CONFORMANCE_VEEAM_PASSWORD: 'veeam1!', CI: 'true' });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  }, 180_000);
  afterAll(() => emulator?.close());

  it('writes DIR/allure-report.html naming every check, with labels, one step per exchange and no script from outside', async () => {
    const report = await runCommand(process.execPath, [BIN, 'report', out, '--history', history]);
    expect(report.code, report.stdout + report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^Allure report: .*allure-report\.html \(\d+ results; history appended to .*allure-history\.jsonl\)/);
    const html = readFileSync(join(out, 'allure-report.html'), 'utf8');
    // Everything inline: no script, style or font is fetched, and no analytics tag calls out.
    expect(html).not.toMatch(/<script[^>]*\ssrc="(?!data:)/);
    expect(html).not.toMatch(/<link[^>]*\shref="(?!data:)/);
    expect(html).not.toContain('googletagmanager');

    const results = reportedResults(html);
    expect(new Set(results.map((result) => result.name))).toEqual(new Set(summary.checks.map((check) => check.id)));
    for (const check of summary.checks) {
      const result = results.find((r) => r.name === check.id)!;
      expect(result.status, check.id).toBe(check.status);
      const labels = Object.fromEntries(result.labels.filter((l) => l.name !== 'tag').map((l) => [l.name, l.value]));
      expect(labels, check.id).toMatchObject({ epic: 'veeam', feature: check.id.split('.')[1], story: check.operation, check: check.id, requirement: check.requirement });
      expect(['critical', 'normal']).toContain(labels.severity);
    }
    const failed = results.find((r) => r.name === 'veeam.logon.created')!;
    expect(failed.status).toBe('failed');
    expect(JSON.stringify(failed.steps)).toMatch(/POST \/api\/sessionMngr\/\?v=v1_7 → 200/);
    const idle = results.find((r) => r.name === 'veeam.logon.idle-expiry')!;
    expect(idle.labels).toEqual(expect.arrayContaining([{ name: 'tag', value: 'session-timeout' }, { name: 'severity', value: 'normal' }]));
    // The curl lines are attached (redacted): the embedded attachments hold them.
    const attachments = [...embeddedReportFiles(html)].filter(([name]) => name.startsWith('data/attachments/')).map(([, text]) => text);
    expect(attachments.some((text) => /^curl -sS -X POST .*-u 'veeam:<redacted>' .*\/api\/sessionMngr\/\?v=v1_7'$/.test(text))).toBe(true);
  }, 120_000);

  it('keeps the history across reports: the next report shows each check\'s earlier result', async () => {
    const first = readFileSync(history, 'utf8').trim().split('\n');
    const again = await runCommand(process.execPath, [BIN, 'report', out, '--history', history, '--output', join(out, 'second.html')]);
    expect(again.code, again.stderr).toBe(0);
    const lines = readFileSync(history, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(first.length + 1);
    const failed = reportedResults(readFileSync(join(out, 'second.html'), 'utf8')).find((r) => r.name === 'veeam.logon.created')!;
    expect(failed.history?.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(failed.history)).toContain('"status":"failed"');
  }, 120_000);

  it('refuses a folder without results with one line, exit 2', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'allure-empty-'));
    const report = await runCommand(process.execPath, [BIN, 'report', empty]);
    expect(report.code).toBe(2);
    expect(report.stderr.trim()).toMatch(/^conformance: error: no Allure results in .*allure-results: run `conformance run --out .*` first$/);
  });

  it('renders from file:// in headless Chromium: the checks, and a failure with its curl line', async (context) => {
    if (!existsSync(CHROMIUM)) context.skip(`${CHROMIUM} is not installed (Debian package chromium; .ci/run installs it)`);
    const file = join(out, 'allure-report.html');
    if (!existsSync(file)) await runCommand(process.execPath, [BIN, 'report', out]);
    const results = reportedResults(readFileSync(file, 'utf8'));
    const overview = await renderedDom(`file://${file}`);
    expect(overview).toContain('veeam');
    for (const resource of ['entry', 'logon', 'errors']) expect(overview).toContain(resource);
    // Every check renders on its own page (hash routing works from file://, no server).
    const pages: Array<readonly [ReportedResult, string]> = [];
    const queue = [...results];
    // Three browsers at a time: the machine has two cores and other tests run beside this one.
    await Promise.all(Array.from({ length: 3 }, async () => {
      for (let result = queue.shift(); result; result = queue.shift()) pages.push([result, await renderedDom(`file://${file}#/${result.id}`)]);
    }));
    for (const [result, dom] of pages) expect(dom, result.name).toContain(result.name);
    const failure = pages.find(([result]) => result.name === 'veeam.logon.created')![1];
    expect(failure).toContain('Failed');
    expect(failure).toContain('expected: HTTP 201');
    expect(failure).toMatch(/curl -sS -X POST -H 'accept: application\/xml' -u 'veeam:&lt;redacted&gt;' 'http:\/\/127\.0\.0\.1:\d+\/api\/sessionMngr\/\?v=v1_7'/);
  }, 240_000);

  it('renders report.html in headless Chromium with its filter taken from the address', async (context) => {
    if (!existsSync(CHROMIUM)) context.skip(`${CHROMIUM} is not installed (Debian package chromium; .ci/run installs it)`);
    const dom = await renderedDom(`file://${join(out, 'report.html')}#q=logon&status=failed`);
    const visible = [...dom.matchAll(/class="check (\w+)"[^>]*id="check-([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(visible).toEqual([['failed', 'veeam.logon.created']]);
    expect(dom).toMatch(/id="shown">1 shown</);
  }, 120_000);
});
