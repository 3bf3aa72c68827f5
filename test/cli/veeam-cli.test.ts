import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startVeeamEmulator } from '../../src/emulator/veeam/server.ts';
import { runCommand } from '../support/run-command.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');

/** Starts `conformance emulator ARGS`, waits until every expected API listens, and returns their URLs. */
async function serve(args: string[], expect: number): Promise<{ urls: string[]; out: () => string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`not listening: ${out}`)), 30_000);
    const look = () => {
      if ((out.match(/try: curl.*\n/g) ?? []).length >= expect) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout.on('data', look);
    child.on('exit', () => fail(new Error(`exited: ${out}`)));
  });
  const urls = [...out.matchAll(/listening on (https?:\/\/[^/\s]+)/g)].map((m) => m[1]!);
  return { urls, out: () => out, stop: () => new Promise((ok) => { child.on('exit', ok); child.kill('SIGTERM'); }) };
}

describe('conformance emulator with both APIs', () => {
  it('one API port flag starts only that API; both flags start both in one process', async () => {
    const veeamOnly = await serve(['--veeam-port', '0'], 1);
    expect(veeamOnly.out()).toContain('Veeam Enterprise Manager emulator listening');
    expect(veeamOnly.out()).not.toContain('ONTAP emulator');
    const entry = await fetch(`${veeamOnly.urls[0]}/api/`);
    expect(entry.status).toBe(200);
    expect(entry.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await veeamOnly.stop()).toBe(0);

    const both = await serve(['--ontap-port', '0', '--veeam-port', '0', '--fault', 'veeam-json-by-default', '--fault', 'filter-range-exclusive'], 2);
    expect(both.out()).toContain('ONTAP emulator listening');
    expect(both.out()).toContain('Veeam Enterprise Manager emulator listening');
    expect(both.out()).toContain('faults:   veeam-json-by-default');
    expect(both.out()).toContain('faults:   filter-range-exclusive');
    expect(await both.stop()).toBe(0);
  });

  it('lists the faults of both APIs, and a fault of an API that is not started is a usage error', async () => {
    const faults = await runCommand(process.execPath, [BIN, 'faults']);
    expect(faults.stdout).toContain('filter-range-exclusive');
    expect(faults.stdout).toContain('veeam-window-leak');
    const wrong = await runCommand(process.execPath, [BIN, 'emulator', '--ontap-port', '0', '--fault', 'veeam-window-leak']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/belongs to the Veeam Enterprise Manager emulator, which is not started/);
  });
});

describe('conformance run against a Veeam Enterprise Manager', () => {
  it('keeps the token out of every artefact and logs every session off at the end', async () => {
    const emulator = await startVeeamEmulator({ seed: 4 });
    const tokens = new Set<string>();
    const remember = setInterval(() => {
      for (const token of emulator.state.logons.keys()) tokens.add(token);
    }, 5);
    try {
      const out = mkdtempSync(join(tmpdir(), 'veeam-run-'));
      const run = await runCommand(process.execPath, [BIN, 'run', '--veeam-url', emulator.url, '--veeam-user', 'veeam', '--runs', '2', '--out', out], { CONFORMANCE_VEEAM_PASSWORD: 'veeam1!' });
      expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
      expect(run.stdout).toContain('Veeam Enterprise Manager API v1_7');
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      expect(summary.targets).toEqual({ veeam: { url: emulator.url, apiVersion: 'v1_7' } });
      expect(emulator.state.logons.size, 'sessions left open').toBe(0);
      expect(tokens.size).toBeGreaterThan(0);
      const artefacts = [run.stdout, run.stderr, ...['summary.json', 'junit.xml', 'report.html'].map((f) => readFileSync(join(out, f), 'utf8'))];
      for (const file of readdirSync(join(out, 'allure-results'))) artefacts.push(readFileSync(join(out, 'allure-results', file), 'utf8'));
      for (const text of artefacts) {
        for (const token of tokens) expect(text.includes(token)).toBe(false);
        expect(text.includes('veeam1!')).toBe(false);
      }
    } finally {
      clearInterval(remember);
      await emulator.close();
    }
  });

  it('an interrupted run logs its sessions off too', async () => {
    const emulator = await startVeeamEmulator({ seed: 5 });
    try {
      const out = mkdtempSync(join(tmpdir(), 'veeam-stop-'));
      const child = spawn(process.execPath, [BIN, 'run', '--veeam-url', emulator.url, '--veeam-user', 'veeam', '--out', out], {
        env: { ...process.env, CONFORMANCE_VEEAM_PASSWORD: 'veeam1!' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
      });
      let stdout = '';
      let sent = false;
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (/✓ veeam\./.test(stdout) && !sent) {
          sent = true;
          process.kill(-child.pid!, 'SIGINT');
        }
      });
      const code = await new Promise<number | null>((ok) => child.on('exit', ok));
      expect(code, stdout).toBe(2);
      expect(existsSync(join(out, 'summary.json')), stdout).toBe(true);
      expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ interrupted: true });
      expect(emulator.state.logons.size, 'sessions left open').toBe(0);
    } finally {
      await emulator.close();
    }
  });

  it('ends with exit 2 and one line for an unreachable server, bad credentials or a server that is not EM', async () => {
    const emulator = await startVeeamEmulator({});
    try {
      const cases: Array<[string[], Record<string, string>, RegExp]> = [
        [['--veeam-url', 'http://127.0.0.1:9', '--veeam-user', 'veeam'], { CONFORMANCE_VEEAM_PASSWORD: 'x' }, /cannot reach http:\/\/127\.0\.0\.1:9/],
        [['--veeam-url', emulator.url, '--veeam-user', 'veeam'], { CONFORMANCE_VEEAM_PASSWORD: 'wrong-password' }, /rejected the credentials of "veeam" \(HTTP 401\)/],
        [['--veeam-url', emulator.url, '--veeam-user', 'veeam'], {}, /CONFORMANCE_VEEAM_PASSWORD is not set/],
        [['--veeam-url', `${emulator.url}/nothing-here`, '--veeam-user', 'veeam'], { CONFORMANCE_VEEAM_PASSWORD: 'veeam1!' }, /is this a Veeam Backup Enterprise Manager/],
      ];
      for (const [args, env, message] of cases) {
        const run = await runCommand(process.execPath, [BIN, 'run', ...args], { CONFORMANCE_VEEAM_PASSWORD: '', ...env });
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
      }
    } finally {
      await emulator.close();
    }
  });
});
