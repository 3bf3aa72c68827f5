import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN, READONLY } from './credentials.ts';
import type { EmulatorChild } from './emulator-child.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'bin/conformance.js');

export interface CliRun {
  exitCode: number | null;
  verdict?: string;
  counts?: Record<string, number>;
  wallMs: number;
}

/**
 * Runs the `conformance` command as a user would, in a process of its own; its console goes nowhere. With
 * BENCH_CPU_PROF=DIR set, the process and its vitest workers write V8 CPU profiles there (node --cpu-prof).
 */
export async function runCli(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<CliRun> {
  const out = mkdtempSync(join(tmpdir(), 'bench-run-'));
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const started = performance.now();
  try {
    const child = spawn(process.execPath, [...profile, ...nodeArgs, CLI, ...args, '--out', out], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const wallMs = performance.now() - started;
    try {
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { verdict: string; counts: Record<string, number> };
      return { exitCode, verdict: summary.verdict, counts: summary.counts, wallMs };
    } catch {
      return { exitCode, wallMs };
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export interface SuiteRate extends CliRun {
  runs: number;
  concurrency: number;
  /** Requests the emulator counted while the suite ran. */
  requests: number;
  /** From the emulator's first request of the run to its last: the time the suite was sending. */
  sendingMs: number;
  /** requests / sendingMs: the suite's checked requests per second. */
  requestsPerSecond: number;
  /** requests / wall time of the whole command (start-up and the target survey included). */
  wallRequestsPerSecond: number;
}

/** (b) A read-only `conformance run --ontap-url ... --runs 10` against the emulator, with the embedded default concurrency. */
export async function measureSuiteRate(emulator: EmulatorChild, runs = 10, concurrency = 8): Promise<SuiteRate> {
  emulator.mark();
  const before = await emulator.stats();
  const run = await runCli(
    ['run', '--ontap-url', emulator.url, '--ontap-user', ADMIN.name, '--ontap-readonly-user', READONLY.name, '--runs', String(runs), '--concurrency', String(concurrency)],
    { CONFORMANCE_ONTAP_PASSWORD: ADMIN.password, CONFORMANCE_ONTAP_READONLY_PASSWORD: READONLY.password },
  );
  const after = await emulator.stats();
  const requests = after.requests - before.requests;
  const sendingMs = Math.max(1, (after.lastRequestAt ?? 0) - (after.firstRequestAt ?? 0));
  return { ...run, runs, concurrency, requests, sendingMs, requestsPerSecond: requests / (sendingMs / 1000), wallRequestsPerSecond: requests / (run.wallMs / 1000) };
}

export interface EmbeddedRun extends CliRun {
  requests: { ontap: number; veeam: number; other: number; servers: number } | undefined;
}

/** (c) `npm run conformance`: every suite against the embedded emulators, requests counted inside that process. */
export async function measureEmbeddedRun(): Promise<EmbeddedRun> {
  const counts = join(mkdtempSync(join(tmpdir(), 'bench-counts-')), 'counts.json');
  const preload = fileURLToPath(new URL('./count-requests.mjs', import.meta.url));
  const run = await runCli(['run'], { BENCH_REQUEST_COUNTS: counts }, ['--import', preload]);
  let requests;
  try {
    requests = JSON.parse(readFileSync(counts, 'utf8')) as EmbeddedRun['requests'];
  } catch {
    requests = undefined;
  }
  return { ...run, requests };
}
