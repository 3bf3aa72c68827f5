import { describe, expect, it } from 'vitest';
import { VEEAM_FAULTS } from '../../src/emulator/veeam/faults.ts';
import { VEEAM_CHECKS } from '../../suites/veeam/index.ts';
import { brokenIds, runVeeamAgainstEmulator, VEEAM_MATRIX } from './veeam-matrix.ts';

describe('the Veeam suites pass on the clean emulator', () => {
  it('every check passes or is skipped with a reason, the expiry check included', async () => {
    const outcomes = await runVeeamAgainstEmulator({ sessionTimeoutMs: 1500 });
    expect(brokenIds(outcomes)).toEqual([]);
    expect(outcomes).toHaveLength(VEEAM_CHECKS.length);
    expect(outcomes.find((o) => o.id === 'veeam.logon.idle-expiry')?.status).toBe('passed');
  });

  it('does not flake on live sessions, with two seeds', async () => {
    for (const seed of [1, 2]) expect(brokenIds(await runVeeamAgainstEmulator({ seed, live: true }))).toEqual([]);
  });
});

describe('the Veeam fault matrix itself', () => {
  it('lists at least 16 faults and covers every one of them with checks that exist', () => {
    expect(Object.keys(VEEAM_FAULTS).length).toBeGreaterThanOrEqual(16);
    expect(Object.keys(VEEAM_MATRIX).sort()).toEqual(Object.keys(VEEAM_FAULTS).sort());
    const ids = VEEAM_CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^veeam\.[a-z-]+(\.[a-z0-9-]+)+$/);
    for (const entry of Object.values(VEEAM_MATRIX)) for (const id of entry!.caughtBy) expect(ids).toContain(id);
  });
});
