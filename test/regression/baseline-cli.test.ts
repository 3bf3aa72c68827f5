import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultName } from '../../src/emulator/faults.ts';
import { startOntapEmulator, type RunningOntapEmulator } from '../../src/emulator/ontap/server.ts';
import { runCommand } from '../support/run-command.ts';
import { writeSummary } from './summaries.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');
/** The checks that catch the two faults, and one that passes whatever the fault. */
const CHECKS = 'ontap.cluster.version,ontap.sessions.filter.range,ontap.sessions.order-by.*';

/** `conformance run` against one emulator (read-only, as against a real cluster), its summary.json and console. */
async function run(emulator: RunningOntapEmulator, extra: string[] = []) {
  const out = mkdtempSync(join(tmpdir(), 'baseline-'));
  const args = ['run', '--ontap-url', emulator.url, '--ontap-user', 'admin', '--checks', CHECKS, '--runs', '2', '--out', out, ...extra];
  const result = await runCommand(process.execPath, [BIN, ...args], { CONFORMANCE_ONTAP_PASSWORD: 'netapp1!' });
  const summary = result.code === 2 ? undefined : JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  return { ...result, out, summary };
}

describe.concurrent('conformance run --baseline', { timeout: 240_000 }, () => {
  const emulators: Record<'clean' | 'known' | 'knownAndNew', RunningOntapEmulator> = {} as never;
  let baseline: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    const start = (faults: FaultName[]) => startOntapEmulator({ faults: new Set(faults) });
    [emulators.clean, emulators.known, emulators.knownAndNew] = await Promise.all([
      start([]), start(['filter-range-exclusive']), start(['filter-range-exclusive', 'sort-desc-ignored']),
    ]);
    // The baseline: a run against the target with the known fault, failing ontap.sessions.filter.range.
    baseline = await run(emulators.known);
    expect(baseline.code).toBe(1);
    expect(baseline.summary.checks.filter((c: { status: string }) => c.status === 'failed').map((c: { id: string }) => c.id)).toEqual(['ontap.sessions.filter.range']);
  }, 240_000);
  afterAll(() => Promise.all(Object.values(emulators).map((emulator) => emulator.close())));

  it('passes (exit 0) when every failure is a known failure of the baseline, and lists them', async () => {
    const gated = await run(emulators.known, ['--baseline', baseline.out]);
    expect(gated.code, gated.stdout + gated.stderr).toBe(0);
    expect(gated.stdout).toContain(`baseline ${join(baseline.out, 'summary.json')} (${baseline.summary.startedAt}, seed 1): 1 known failure still failing, 0 now passing, 0 new failures`);
    expect(gated.stdout).toContain('known failures of the baseline, still failing (1):\n  ontap.sessions.filter.range\n');
    expect(gated.stdout.trim().split('\n').at(-1)).toMatch(/: verdict fail \(seed 1; .*\); against the baseline: pass \(no new failures; 1 known failure still failing\)$/);
    // The plain verdict and counts keep their meaning; the gate is its own block.
    expect(gated.summary).toMatchObject({ verdict: 'fail', counts: { failed: 1 } });
    expect(gated.summary.baseline).toEqual({
      source: join(baseline.out, 'summary.json'), startedAt: baseline.summary.startedAt, seed: 1,
      verdict: 'pass', knownFailures: ['ontap.sessions.filter.range'], newFailures: [], nowPassing: [],
    });
  });

  it('fails (exit 1) on a failure the baseline did not have, naming it', async () => {
    const gated = await run(emulators.knownAndNew, ['--baseline', join(baseline.out, 'summary.json')]);
    expect(gated.code, gated.stdout + gated.stderr).toBe(1);
    expect(gated.stdout).toContain('new failures (not failures of the baseline) (1):\n  ontap.sessions.order-by.descending\n');
    expect(gated.stdout).toContain('known failures of the baseline, still failing (1):\n  ontap.sessions.filter.range\n');
    expect(gated.stdout.trim().split('\n').at(-1)).toMatch(/; against the baseline: fail \(1 new failure\)$/);
    expect(gated.summary.baseline).toMatchObject({ verdict: 'fail', knownFailures: ['ontap.sessions.filter.range'], newFailures: ['ontap.sessions.order-by.descending'] });
  });

  it('says which known failures pass now (and passes)', async () => {
    const gated = await run(emulators.clean, ['--baseline', baseline.out]);
    expect(gated.code, gated.stdout + gated.stderr).toBe(0);
    expect(gated.stdout).toContain('known failures of the baseline, now passing (1):\n  ontap.sessions.filter.range\n');
    expect(gated.summary).toMatchObject({ verdict: 'pass', baseline: { verdict: 'pass', knownFailures: [], nowPassing: ['ontap.sessions.filter.range'] } });
  });

  it('reads the baseline from CONFORMANCE_BASELINE, and a certification folder', async () => {
    const certified = writeSummary(baseline.summary, join('certification', 'summary.json')).root;
    const out = mkdtempSync(join(tmpdir(), 'baseline-'));
    const result = await runCommand(process.execPath, [BIN, 'run', '--ontap-url', emulators.known.url, '--ontap-user', 'admin', '--checks', CHECKS, '--runs', '2', '--out', out], { CONFORMANCE_ONTAP_PASSWORD: 'netapp1!', CONFORMANCE_BASELINE: certified });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`baseline ${join(certified, 'certification', 'summary.json')}`);
  });

  it('ends with exit 2 and one line, before any check runs, when the baseline cannot be read', async () => {
    for (const path of ['/no/such/baseline', writeSummary('{"checks": 3}').path]) {
      const { code, stderr, stdout } = await run(emulators.known, ['--baseline', path]);
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^conformance: error: (cannot read|.* is not a summary.json of this tool)/);
      expect(stdout).not.toContain('ontap.cluster.version');
    }
  });

  it('never masks a stopped run (exit 2)', async () => {
    const stopped = await run(emulators.known, ['--baseline', baseline.out, '--deadline', '0.05']);
    expect(stopped.code).toBe(2);
  });
});
