import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../src/checks/model.ts';
import { consoleMode, formatElapsed, formatOutcomeTable, RunConsole, statusLine } from '../../src/cli/progress.ts';
import { startVeeamEmulator, type RunningVeeamEmulator } from '../../src/emulator/veeam/server.ts';
import { runCommand } from '../support/run-command.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');
const ESC = '\x1b';

const outcome = (id: string, status: CheckOutcome['status'], extra: Partial<CheckOutcome> = {}): CheckOutcome => ({
  id, title: id, api: id.split('.')[0]!, operation: 'GET /x', requirement: 'r', status, durationMs: 1, ...extra,
});

describe('the run console', () => {
  it('is live only on a terminal outside CI; --quiet wins', () => {
    expect(consoleMode({ isTTY: true, env: {} })).toBe('live');
    expect(consoleMode({ isTTY: true, env: { CI: 'true' } })).toBe('plain');
    expect(consoleMode({ isTTY: true, env: { CI: '1' } })).toBe('plain');
    expect(consoleMode({ isTTY: true, env: { CI: 'false' } })).toBe('live');
    expect(consoleMode({ isTTY: false, env: {} })).toBe('plain');
    expect(consoleMode({ isTTY: undefined, env: {} })).toBe('plain');
    expect(consoleMode({ quiet: true, isTTY: true, env: {} })).toBe('quiet');
  });

  it('states done / total, failures so far, and the longest-running check with its elapsed time', () => {
    expect(statusLine({ done: 12, total: 40, failed: 2, running: [{ id: 'ontap.b', since: 900 }, { id: 'ontap.a', since: 500 }], now: 3700 }))
      .toBe('12/40 checks · 2 failed · ontap.a 3.2 s (+1 running)');
    expect(statusLine({ done: 3, failed: 0, running: [], now: 0 })).toBe('3 checks · 0 failed');
    expect(formatElapsed(65_400)).toBe('1 min 05 s');
  });

  it('plain: one line per check, as in CI', () => {
    const written: string[] = [];
    const console = new RunConsole({ mode: 'plain', write: (text) => written.push(text) });
    console.started('veeam.a');
    console.finished(outcome('veeam.a', 'passed'));
    console.finished(outcome('veeam.b', 'failed', { reason: 'expected: x\nreceived: y', reproduce: 'curl z' }));
    console.say('a line');
    console.verdict('verdict line');
    console.close();
    expect(written.join('')).toBe('✓ veeam.a\n✗ veeam.b\n    expected: x\n    received: y\n    reproduce: curl z\na line\nverdict line\n');
  });

  it('quiet: the verdict and errors only', () => {
    const written: string[] = [];
    const console = new RunConsole({ mode: 'quiet', write: (text) => written.push(text) });
    console.say('conformance 0.1.0: header');
    console.finished(outcome('veeam.b', 'failed', { reason: 'r' }));
    console.say('! NOT RESTORED: something');
    console.verdict('verdict line');
    expect(written.join('')).toBe('! NOT RESTORED: something\nverdict line\n');
  });

  it('live: one status line redrawn in place, failures printed above it, nothing left behind at the end', () => {
    const written: string[] = [];
    let now = 1000;
    const console = new RunConsole({ mode: 'live', write: (text) => written.push(text), total: 3, columns: () => 60, now: () => now, redrawMs: 60_000 });
    console.started('veeam.logon.created');
    now = 3500;
    console.finished(outcome('veeam.logon.created', 'passed'));
    console.started('veeam.query.filter-comparison-of-every-field-with-a-long-name');
    console.finished(outcome('veeam.query.filter-comparison-of-every-field-with-a-long-name', 'failed', { reason: 'boom' }));
    console.close();
    console.verdict('verdict line');
    const screen = written.join('');
    expect(written[0]).toBe(`\r${ESC}[2K0/3 checks · 0 failed · veeam.logon.created 0.0 s`);
    expect(screen).toContain(`\r${ESC}[2K1/3 checks · 0 failed`);
    // A status line never passes the terminal's width.
    for (const part of written.filter((text) => text.startsWith('\r'))) expect(part.length - 5).toBeLessThan(60);
    // The failure is cleared of the status line, printed whole, and the status line comes back below it.
    expect(screen).toContain(`\r${ESC}[2K✗ veeam.query.filter-comparison-of-every-field-with-a-long-name\n    boom\n\r${ESC}[2K2/3 checks · 1 failed`);
    expect(screen).not.toContain('✓ veeam.logon.created');
    expect(screen.endsWith(`\r${ESC}[2Kverdict line\n`) || screen.endsWith(`${ESC}[2Kverdict line\n`)).toBe(true);
  });

  it('the final table counts passed / failed / skipped per API and resource', () => {
    const lines = formatOutcomeTable([
      { id: 'ontap.sessions.a', api: 'ontap', status: 'passed' },
      { id: 'ontap.sessions.b', api: 'ontap', status: 'failed' },
      { id: 'ontap.svms.a', api: 'ontap', status: 'skipped' },
      { id: 'veeam.logon.a', api: 'veeam', status: 'passed' },
    ]);
    expect(lines).toEqual([
      'api    resource  passed  failed  skipped',
      'ontap  sessions       1       1        0',
      'ontap  svms           0       0        1',
      'veeam  logon          1       0        0',
      'total                 2       1        1',
    ]);
    expect(formatOutcomeTable([{ id: 'veeam.x.a', api: 'veeam', status: 'error' }])[0]).toBe('api    resource  passed  failed  skipped  errors');
  });
});

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('conformance run on the console', () => {
  // A logon that answers 200 instead of 201 fails veeam.logon.created: a failure to print in every mode.
  let emulator: RunningVeeamEmulator;
  const args = () => ['run', '--veeam-url', emulator.url, '--veeam-user', 'veeam', '--checks', 'veeam.entry.*,veeam.logon.*', '--runs', '1'];
  const env = { CONFORMANCE_VEEAM_PASSWORD: 'veeam1!' };
  beforeAll(async () => {
    emulator = await startVeeamEmulator({ faults: new Set(['veeam-logon-status-200']) });
  });
  afterAll(() => emulator.close());

  it('in CI: plain lines per check, the table per API and resource, then the verdict', async () => {
    const out = mkdtempSync(join(tmpdir(), 'console-plain-'));
    const run = await runCommand(process.execPath, [BIN, ...args(), '--out', out], { ...env, CI: 'true' });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).not.toContain(`${ESC}[`);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^conformance \S+: Veeam Enterprise Manager API v1_7 at http:\/\/127\.0\.0\.1:\d+, seed 1, 1 runs$/);
    expect(lines).toContain('✓ veeam.entry.without-logon');
    expect(lines).toContain('✗ veeam.logon.created');
    expect(run.stdout).toMatch(/✗ veeam\.logon\.created\n {4}POST \/api\/sessionMngr\/.*\n(.*\n)* {4}reproduce: curl /);
    const table = lines.indexOf('api    resource  passed  failed  skipped');
    expect(table).toBeGreaterThan(0);
    expect(lines.slice(table + 1, table + 4)).toEqual([
      'veeam  entry          1       0        0',
      expect.stringMatching(/^veeam  logon +\d+ +1 +\d+$/),
      expect.stringMatching(/^total +\d+ +1 +\d+$/),
    ]);
    expect(lines.at(-1)).toMatch(/^\d+ passed, 1 failed, \d+ skipped: verdict fail \(seed 1; reports in /);
  });

  it('--quiet: only the verdict line', async () => {
    const out = mkdtempSync(join(tmpdir(), 'console-quiet-'));
    const run = await runCommand(process.execPath, [BIN, ...args(), '--out', out, '--quiet'], { ...env, CI: 'true' });
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/^\d+ passed, 1 failed, \d+ skipped: verdict fail \(seed 1; reports in /)]);
    expect(run.stderr).toBe('');
  });

  it.skipIf(!hasScript())('on a terminal: one live line redrawn in place, the failure printed above it, then the table', async () => {
    const out = mkdtempSync(join(tmpdir(), 'console-tty-'));
    const command = ['stty cols 100;', process.execPath, BIN, ...args(), '--out', out].map((part) => (part.endsWith(';') ? part : `'${part}'`)).join(' ');
    // script(1) gives the run a pseudo-terminal; CI must be unset for the live mode.
    const environment = { ...env, CI: '' };
    const run = await runCommand('script', ['-qec', command, '/dev/null'], environment);
    expect(run.code, run.stdout).toBe(1);
    const screen = run.stdout.replace(/\r\n/g, '\n');
    expect(screen).toMatch(new RegExp(`\\r${ESC}\\[2K\\d+/\\d+ checks · [01] failed`));
    expect(screen).toMatch(/\d+\/\d+ checks · \d failed · veeam\.\S+ \d+\.\d s/);
    expect(screen).toContain('✗ veeam.logon.created');
    // Passed checks are counted, not listed.
    expect(screen).not.toContain('✓ veeam.entry.without-logon');
    expect(screen).toContain('api    resource  passed  failed  skipped');
    expect(screen).toMatch(/\d+ passed, 1 failed, \d+ skipped: verdict fail/);
    // No status line is left on screen after the verdict.
    expect(screen.slice(screen.lastIndexOf('verdict fail'))).not.toContain(`${ESC}[2K`);
  });
});
