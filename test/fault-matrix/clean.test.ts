import { describe, expect, it } from 'vitest';
import { ONTAP_CHECKS } from '../../suites/ontap/index.ts';
import { brokenIds, failedIds, runAgainstEmulator, runAndInspect } from './matrix.ts';

describe('the suites pass on the clean emulator', () => {
  for (const mode of ['svm', 'node'] as const) {
    it(`in ${mode} scope`, async () => {
      const outcomes = await runAgainstEmulator({ mode });
      expect(brokenIds(outcomes)).toEqual([]);
      expect(outcomes).toHaveLength(ONTAP_CHECKS.length);
      const passed = outcomes.filter((o) => o.status === 'passed').length;
      expect(passed).toBeGreaterThan(ONTAP_CHECKS.length / 2);
      // In each scope, the other scope's collection checks are skipped with the reason, never failed.
      const other = mode === 'svm' ? 'ontap.nodes.' : 'ontap.svms.';
      const skipped = outcomes.filter((o) => o.id.startsWith(other));
      expect(skipped.every((o) => o.status === 'skipped' && /NDMP .* scope/.test(o.reason ?? ''))).toBe(true);
    });
  }

  it('skips what the version lacks (9.8: no session uuid, no passwords endpoint)', async () => {
    const outcomes = await runAgainstEmulator({ version: '9.8.0' });
    expect(brokenIds(outcomes)).toEqual([]);
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    expect(byId.get('ontap.sessions.uuid-field')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('9.9') });
    expect(byId.get('ontap.svms.passwords.generate')).toMatchObject({ status: 'skipped' });
  });

  it('does not flake on live sessions whose counters and states move between requests', async () => {
    for (const mode of ['svm', 'node'] as const) {
      for (const seed of [1, 2]) expect(brokenIds(await runAgainstEmulator({ mode, seed, live: true }))).toEqual([]);
    }
  });

  it('leaves the target as found: every PATCH is undone, in both scopes', async () => {
    for (const mode of ['svm', 'node'] as const) {
      const { outcomes, before, after } = await runAndInspect({ mode, allowDestructive: false });
      expect(outcomes.filter((o) => o.id.includes('patch') && o.status === 'passed').length).toBeGreaterThan(0);
      expect(after).toEqual(before);
    }
  });

  it('undoes changes even when the check that made them fails', async () => {
    // With this fault the invalid PATCH is stored: the check fails, and its cleanup must still restore the SVM.
    const { outcomes, before, after } = await runAndInspect({ faults: ['patch-sso-combination-accepted'], allowDestructive: false });
    expect(failedIds(outcomes)).toContain('ontap.svms.patch.invalid-rejected');
    expect(after).toEqual(before);
  });

  it('replays the same outcomes for the same seed', async () => {
    const a = await runAgainstEmulator({ seed: 5, runs: 2 });
    const b = await runAgainstEmulator({ seed: 5, runs: 2 });
    expect(a.map((o) => [o.id, o.status])).toEqual(b.map((o) => [o.id, o.status]));
  });
});
