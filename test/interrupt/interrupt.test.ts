import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startOntapEmulator, type RunningOntapEmulator } from '../../src/emulator/ontap/server.ts';
import type { NdmpMode } from '../../src/emulator/ontap/state.ts';
import { configState } from '../fault-matrix/matrix.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');

interface Interruption {
  /** The first PATCH whose path matches triggers the signal: it is applied, and its answer is held back. */
  patch: RegExp;
  signal: NodeJS.Signals;
  /** Signal the whole process group, as a terminal's Ctrl-C does, or the process alone, as `kill` does. */
  group: boolean;
  /** Send a second signal while the restoring PATCH is held, to abort at once. */
  twice?: boolean;
}

/**
 * A proxy before the emulator that signals the run at the moment a PATCH has changed the target and the
 * check still waits for its answer: the worst moment to stop, and the one that must leave nothing changed.
 */
async function interruptedRun(mode: NdmpMode, checks: string, how: Interruption) {
  const emulator: RunningOntapEmulator = await startOntapEmulator({ mode, seed: 3 });
  const before = structuredClone(configState(emulator.state));
  const upstream = new URL(emulator.url);
  let child: ReturnType<typeof spawn> | undefined;
  let patches = 0;
  const sockets = new Set<Socket>();
  const signal = () => (how.group ? process.kill(-child!.pid!, how.signal) : child!.kill(how.signal));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const isPatch = req.method === 'PATCH' && how.patch.test(req.url ?? '');
    const n = isPatch ? ++patches : 0;
    const upstreamReq = forward({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        };
        if (n === 1) {
          signal();
          setTimeout(send, 1500);
        } else if (n === 2 && how.twice) {
          // The restore is applied but its answer is held: the second signal must not wait for it.
          signal();
          setTimeout(send, 3000);
        } else {
          send();
        }
      });
    });
    req.pipe(upstreamReq);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const out = mkdtempSync(join(tmpdir(), 'interrupt-'));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  child = spawn(process.execPath, [BIN, 'run', '--ontap-url', url, '--ontap-user', 'admin', '--allow-writes', '--checks', checks, '--runs', '3', '--out', out], {
    env: { ...process.env, CONFORMANCE_ONTAP_PASSWORD: 'netapp1!' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const killer = setTimeout(() => child!.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((ok) => child!.on('exit', ok));
  clearTimeout(killer);
  // Let a restore that was held back land before the state is compared.
  await new Promise((ok) => setTimeout(ok, how.twice ? 3500 : 0));
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((ok) => server.close(() => ok()));
  const after = structuredClone(configState(emulator.state));
  await emulator.close();
  let summary;
  try {
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  } catch {
    summary = undefined;
  }
  return { code, stdout, stderr, before, after, patches, summary };
}

const CASES: Array<{ name: string; mode: NdmpMode; checks: string; patch: RegExp }> = [
  { name: 'a PATCH of an SVM', mode: 'svm', checks: 'ontap.svms.patch.round-trip', patch: /\/protocols\/ndmp\/svms\// },
  { name: 'a PATCH of a node', mode: 'node', checks: 'ontap.nodes.patch.round-trip', patch: /\/protocols\/ndmp\/nodes\// },
  { name: 'the mode switch', mode: 'svm', checks: 'ontap.scope.mode-switch', patch: /\/protocols\/ndmp(\?|$)/ },
];

describe.concurrent('an interrupted run leaves the target as found', { timeout: 180_000 }, () => {
  for (const c of CASES) {
    for (const [signal, group] of [['SIGINT', true], ['SIGTERM', false]] as const) {
      it(`${signal} to the ${group ? 'process group' : 'process'} during ${c.name}: restored, reported, exit 2`, async () => {
        const run = await interruptedRun(c.mode, c.checks, { patch: c.patch, signal, group });
        expect(run.patches, 'the change and its restore went through').toBeGreaterThanOrEqual(2);
        expect(run.code, run.stdout + run.stderr).toBe(2);
        expect(run.after).toEqual(run.before);
        expect(run.stdout).toContain(`the run was interrupted (${signal})`);
        expect(run.stdout).toMatch(/restored: /);
        expect(run.stdout).not.toMatch(/NOT RESTORED/);
        expect(run.stderr).not.toMatch(/\n\s+at /);
        // Each check is reported once.
        const lines = run.stdout.split('\n').filter((line) => /^[✓✗!-] ontap\./.test(line));
        expect(new Set(lines).size).toBe(lines.length);
        expect(run.summary).toMatchObject({ interrupted: true, verdict: 'fail', stopped: `the run was interrupted (${signal})` });
        expect(run.summary.checks.map((check: { id: string }) => check.id)).toEqual([c.checks]);
        expect(run.summary.checks[0].reason).toMatch(/^not finished: the run was interrupted/);
      });
    }
  }

  it('a second signal aborts at once and names what may not have been restored', async () => {
    const run = await interruptedRun('svm', 'ontap.svms.patch.round-trip', { patch: /\/protocols\/ndmp\/svms\//, signal: 'SIGINT', group: true, twice: true });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/aborted at once \(SIGINT again\)/);
    expect(run.stdout).toMatch(/NOT RESTORED \(may still be changed\): \/protocols\/ndmp\/svms\/[0-9a-f-]+ back to .* \(by ontap\.svms\.patch\.round-trip\)/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
