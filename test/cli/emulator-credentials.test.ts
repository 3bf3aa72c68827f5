import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../support/run-command.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');
const basic = (name: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` });

interface Served {
  url: string;
  /** Stops the emulator (SIGTERM) and resolves to its exit code and everything it printed. */
  stop(): Promise<{ code: number | null; output: string }>;
}

/** Starts `conformance emulator ARGS` with extra environment variables and waits for its URL. */
async function serve(args: string[], env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'emulator', '--ontap-port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((done) => child.on('exit', done));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL printed: ${output}`)), 30_000);
    const poll = () => {
      if (!output.includes('  try: ')) return;
      clearTimeout(timer);
      ready();
    };
    child.stdout.on('data', poll);
    child.on('exit', () => fail(new Error(`emulator exited: ${output}`)));
  });
  return {
    url: /listening on (http:\/\/\S+)\/api/.exec(output)![1]!,
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exit;
      return { code, output };
    },
  };
}

describe('conformance emulator credentials', () => {
  it('takes --user NAME and --readonly-user NAME with passwords from the environment, and never prints them', async () => {
    const adminPassword = 'env-admin-Secret-7f3a';
    const readonlyPassword = 'env-readonly-Secret-91c2';
    const emulator = await serve(['--user', 'ops', '--readonly-user', 'auditor'], {
      CONFORMANCE_EMULATOR_PASSWORD: adminPassword,
      CONFORMANCE_EMULATOR_READONLY_PASSWORD: readonlyPassword,
    });
    const admin = await fetch(`${emulator.url}/api/protocols/ndmp`, { headers: basic('ops', adminPassword) });
    expect(admin.status).toBe(200);
    expect(await admin.json()).toMatchObject({ mode: 'svm' });
    expect((await fetch(`${emulator.url}/api/protocols/ndmp`, { headers: basic('auditor', readonlyPassword) })).status).toBe(200);
    const readonlyPatch = await fetch(`${emulator.url}/api/protocols/ndmp`, { method: 'PATCH', headers: { ...basic('auditor', readonlyPassword), 'content-type': 'application/json' }, body: '{"mode":"svm"}' });
    expect(readonlyPatch.status).toBe(403);
    // The built-in defaults are replaced, not added to.
    expect((await fetch(`${emulator.url}/api/protocols/ndmp`, { headers: basic('admin', 'netapp1!') })).status).toBe(401);
    const { code, output } = await emulator.stop();
    expect(code).toBe(0);
    expect(output).not.toContain(adminPassword);
    expect(output).not.toContain(readonlyPassword);
    expect(output).toContain('ops  (password from CONFORMANCE_EMULATOR_PASSWORD)');
    expect(output).toContain('auditor  (password from CONFORMANCE_EMULATOR_READONLY_PASSWORD)');
    expect(output).toContain('try: curl -u "ops:$CONFORMANCE_EMULATOR_PASSWORD" ');
  });

  it('keeps --user NAME:PASSWORD working without printing the password', async () => {
    const password = 'cmdline-Secret-4b1e';
    const emulator = await serve(['--user', `ops:${password}`], { CONFORMANCE_EMULATOR_PASSWORD: '' });
    expect((await fetch(`${emulator.url}/api/cluster`, { headers: basic('ops', password) })).status).toBe(200);
    const { code, output } = await emulator.stop();
    expect(code).toBe(0);
    expect(output).not.toContain(password);
    expect(output).toContain('ops  (password from --user)');
    // curl prompts for the password.
    expect(output).toMatch(/try: curl -u ops '/);
    // The untouched readonly user is the documented default, printed with its password.
    expect(output).toContain('viewer / viewer1!');
  });

  it('prints the documented default credentials when none are given', async () => {
    const emulator = await serve([], {});
    const { output } = await emulator.stop();
    expect(output).toContain('admin / netapp1!');
    expect(output).toContain("try: curl -u admin:'netapp1!' ");
  });

  it('ends with exit 2 and one line when the password variable is missing or empty', async () => {
    for (const [args, variable] of [[['--user', 'ops'], 'CONFORMANCE_EMULATOR_PASSWORD'], [['--readonly-user', 'auditor'], 'CONFORMANCE_EMULATOR_READONLY_PASSWORD']] as const) {
      const result = await runCommand(process.execPath, [BIN, 'emulator', '--ontap-port', '0', ...args], { [variable]: '' }, 30_000);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(variable);
    }
    const malformed = await runCommand(process.execPath, [BIN, 'emulator', '--user', 'ops:'], {}, 30_000);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('documents the password variables in --help', async () => {
    const { code, stdout } = await runCommand(process.execPath, [BIN, 'emulator', '--help'], {}, 30_000);
    expect(code).toBe(0);
    const help = stdout.replace(/\s+/g, ' ');
    expect(help).toContain('CONFORMANCE_EMULATOR_PASSWORD');
    expect(help).toContain('CONFORMANCE_EMULATOR_READONLY_PASSWORD');
  });
});
