import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOntapEmulator, type RunningOntapEmulator } from '../../src/emulator/ontap/server.ts';
import { runCommand } from '../support/run-command.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');

const cli = (args: string[], env: Record<string, string> = {}) => runCommand(process.execPath, [BIN, ...args], env);

describe('conformance CLI', { timeout: 300_000 }, () => {
  let emulator: RunningOntapEmulator;
  beforeAll(async () => {
    emulator = await startOntapEmulator({ tls: true });
  });
  afterAll(() => emulator.close());

  it('prints help with every command', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const command of ['run', 'emulator', 'faults', 'diff', 'checks']) expect(stdout).toContain(command);
    expect((await cli(['run', '--help'])).stdout).toContain('--allow-destructive');
  });

  it('answers a bad flag with exit 2 and one line, no stack trace', async () => {
    const notPem = join(mkdtempSync(join(tmpdir(), 'ca-')), 'ca.txt');
    writeFileSync(notPem, 'this is not a certificate\n');
    const target = ['run', '--ontap-url', 'https://127.0.0.1:9', '--ontap-user', 'a'];
    for (const [args, message] of [
      [[...target, '--ca', tmpdir()], /--ca: .* is not a file/],
      [[...target, '--ca', notPem], /--ca: .* holds no PEM certificate/],
      [[...target, '--request-timeout', '0'], /--request-timeout expects a number of seconds above 0/],
      [[...target, '--deadline', 'soon'], /--deadline expects a number of seconds/],
      [['run', '--checks', 'ontap.no-such.*'], /--checks: "ontap.no-such.\*" matches no check/],
    ] as const) {
      const { code, stderr } = await cli([...args], { CONFORMANCE_ONTAP_PASSWORD: 'pw' });
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
    for (const args of [['run', '--bogus'], ['run', '--seed', 'abc'], ['emulator', '--mode', 'cluster'], ['run', '--only', 'nfs'], ['run', '--ontap-url', 'ftp://x', '--ontap-user', 'a'], ['emulator', '--fault', 'no-such-fault'], ['run', '--ontap-url', 'https://127.0.0.1:9', '--ontap-user', 'a', '--ca', '/no/such/ca.pem']]) {
      const { code, stderr } = await cli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/error/);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('ends with exit 2 and one clear line for an unreachable target, bad credentials or a missing password', async () => {
    const unreachable = await cli(['run', '--ontap-url', 'http://127.0.0.1:9', '--ontap-user', 'admin'], { CONFORMANCE_ONTAP_PASSWORD: 'pw-unreachable' });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stderr).toContain('cannot reach http://127.0.0.1:9');
    const wrong = await cli(['run', '--ontap-url', emulator.url, '--ontap-user', 'admin', '--insecure'], { CONFORMANCE_ONTAP_PASSWORD: 'definitely-wrong-pw' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('rejected the credentials');
    expect(wrong.stderr + wrong.stdout).not.toContain('definitely-wrong-pw');
    const untrusted = await cli(['run', '--ontap-url', emulator.url, '--ontap-user', 'admin'], { CONFORMANCE_ONTAP_PASSWORD: 'netapp1!' });
    expect(untrusted.code).toBe(2);
    expect(untrusted.stderr).toMatch(/--insecure or --ca/);
    const noPassword = await cli(['run', '--ontap-url', emulator.url, '--ontap-user', 'admin'], { CONFORMANCE_ONTAP_PASSWORD: '' });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('CONFORMANCE_ONTAP_PASSWORD');
  });

  it('verifies the emulator certificate with --ca (written by emulator --cert-out)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-'));
    const cert = join(dir, 'emulator.pem');
    const child = spawn(process.execPath, [BIN, 'emulator', '--tls', '--ontap-port', '0', '--cert-out', cert], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('certificate:')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    try {
      const url = /listening on (https:\/\/\S+)\/api/.exec(out)![1]!;
      const verified = await cli(['run', '--ontap-url', url, '--ontap-user', 'admin', '--ca', cert, '--runs', '1', '--out', dir], { CONFORMANCE_ONTAP_PASSWORD: 'netapp1!' });
      expect(verified.code, verified.stderr).toBe(0);
      expect(readFileSync(cert, 'utf8')).toContain('BEGIN CERTIFICATE');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('lists the checks, as text and as JSON', async () => {
    const text = await cli(['checks']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ontap\.sessions\.filter\.range\s+data:sessions\s+An a\.\.b filter/m);
    const list = JSON.parse((await cli(['checks', '--json'])).stdout);
    expect(list.length).toBeGreaterThan(100);
    expect(list.find((c: any) => c.id === 'ontap.sessions.delete.removes').needs).toEqual(['data:sessions', 'destructive']);
  });

  it('lists the faults one per line', async () => {
    const { code, stdout } = await cli(['faults']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').length).toBeGreaterThanOrEqual(15);
    expect(stdout).toMatch(/^filter-range-exclusive\s+\S/m);
  });

  it('serves the emulator until SIGTERM and prints its URL and credentials', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--ontap-port', '0', '--mode', 'node', '--sessions', '5', '--version', '9.10.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
      child.stdout.on('data', () => {
        if (out.includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const url = /listening on (http:\/\/\S+)\/api/.exec(out)![1]!;
    const res = await fetch(`${url}/api/protocols/ndmp`, { headers: { authorization: `Basic ${Buffer.from('admin:netapp1!').toString('base64')}` } });
    expect(await res.json()).toMatchObject({ mode: 'node' });
    expect(out).toContain('readonly:');
    expect(out).toContain('ONTAP 9.10.1');
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('compares two summaries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diff-'));
    const summary = (status: string) => ({ checks: [{ id: 'ontap.a.b', status }, { id: 'ontap.c.d', status: 'passed' }] });
    writeFileSync(join(dir, 'base.json'), JSON.stringify(summary('passed')));
    writeFileSync(join(dir, 'current.json'), JSON.stringify(summary('failed')));
    const regressed = await cli(['diff', join(dir, 'base.json'), join(dir, 'current.json')]);
    expect(regressed.code).toBe(1);
    expect(regressed.stdout).toContain('#### Newly failing (1)');
    expect(regressed.stdout).toContain('| `ontap.a.b` | passed | failed |');
    const fixed = await cli(['diff', join(dir, 'current.json'), join(dir, 'base.json')]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('#### Fixed (1)');
    expect((await cli(['diff', join(dir, 'nope.json'), join(dir, 'base.json')])).code).toBe(2);
  });
});

describe('conformance run', () => {
  it('runs every check through vitest against the embedded emulator and writes the reports', async () => {
    const out = mkdtempSync(join(tmpdir(), 'run-'));
    const { code, stdout } = await cli(['run', '--runs', '2', '--seed', '3', '--out', out]);
    expect(code, stdout).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ tool: { name: 'conformance' }, seed: 3, verdict: 'pass', targets: { ontap: { mode: 'svm+node' } } });
    expect(summary.counts.failed).toBe(0);
    expect(summary.counts.passed).toBeGreaterThan(100);
    // Both scopes ran: only checks that need data the emulator lacks may be skipped.
    expect(summary.checks.filter((c: any) => c.status === 'skipped').every((c: any) => !/NDMP .* scope/.test(c.reason))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<code>ontap.sessions.filter.range</code>');
    expect(summary.checks[0]).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), status: expect.any(String), requirement: expect.any(String), operation: expect.any(String), api: 'ontap' }));
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testcase classname="ontap.sessions" name="ontap.sessions.filter.equality"');
    expect(stdout).toMatch(/\d+ passed, 0 failed/);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).not.toContain('netapp1!');
  });

  it('fails with exit 1, the check id, the seed and a redacted curl line when the target breaks a rule', async () => {
    const faulty = await startOntapEmulator({ faults: new Set(['filter-range-exclusive']) });
    try {
      const out = mkdtempSync(join(tmpdir(), 'run-'));
      const { code, stdout } = await cli(['run', '--ontap-url', faulty.url, '--ontap-user', 'admin', '--runs', '2', '--out', out], { CONFORMANCE_ONTAP_PASSWORD: 'netapp1!' });
      expect(code).toBe(1);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const failed = summary.checks.find((c: any) => c.id === 'ontap.sessions.filter.range');
      expect(failed.status).toBe('failed');
      expect(failed.reason).toContain('seed: 1');
      expect(failed.reproduce).toMatch(/^curl -sS -u 'admin:<redacted>' 'http:/);
      expect(stdout).toContain('✗ ontap.sessions.filter.range');
      expect(stdout + JSON.stringify(summary)).not.toContain('netapp1!');
      expect(summary.checks.find((c: any) => c.id === 'ontap.svms.patch.round-trip').status).toBe('skipped');
    } finally {
      await faulty.close();
    }
  });

  it('stops on Ctrl-C after the current check, writes what finished and exits 2', async () => {
    const out = mkdtempSync(join(tmpdir(), 'run-'));
    const child = spawn(process.execPath, [BIN, 'run', '--runs', '5', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (/✓ ontap\.sessions\./.test(stdout) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stdout).toContain('interrupted');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ interrupted: true, verdict: 'fail' });
    expect(summary.counts.passed).toBeGreaterThan(0);
  });
});
