import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis/index.ts';
import type { CheckOutcome, OutcomeStatus } from '../../src/checks/model.ts';
import { profileReport } from '../../src/report/certification/conformance-report.ts';
import { capabilityProfile, capabilityRule, checkProfile, profileResult, profileSentence, profileStatistics } from '../../src/report/certification/profile.ts';

const outcome = (id: string, status: OutcomeStatus, extra: Partial<CheckOutcome> = {}): CheckOutcome => ({
  id, title: id, api: 'ontap', operation: 'GET /x', requirement: 'r', status, durationMs: 1, ...extra,
});

describe('core and extended profiles', () => {
  it('classifies each capability: the issue\'s extended ones (writes, destructive, readonly RBAC, node scope, later releases) and the rest core', () => {
    for (const need of ['writes', 'destructive', 'readonly-credentials', 'ndmp-mode:node', 'version>=9.9', 'version>=9.10.1', 'api>=v1_6', 'api>=v1_7', 'session-timeout']) {
      expect(capabilityProfile(need), need).toBe('extended');
    }
    for (const need of ['ndmp-mode:svm', 'version>=9.7', 'version>=9.6', 'api>=v1_5', 'data:sessions', 'data:nodes', 'data:cdpTaskSessions']) {
      expect(capabilityProfile(need), need).toBe('core');
    }
    // Something the table does not know is never counted in core.
    expect(capabilityRule('quantum-entanglement')).toBeUndefined();
    expect(capabilityProfile('quantum-entanglement')).toBe('extended');
  });

  it('puts a check in extended when any of its needs is extended, else in core', () => {
    expect(checkProfile([])).toBe('core');
    expect(checkProfile(['ndmp-mode:svm', 'data:svms'])).toBe('core');
    expect(checkProfile(['ndmp-mode:svm', 'data:svms', 'writes'])).toBe('extended');
    expect(checkProfile(['data:sessions', 'version>=9.9'])).toBe('extended');
    expect(checkProfile(['api>=v1_5', 'data:nasJobs'])).toBe('core');
    expect(checkProfile(['api>=v1_6', 'data:cdpTaskSessions'])).toBe('extended');
  });

  it('knows every capability a check of any API declares, and gives every API checks in both profiles', async () => {
    for (const api of APIS) {
      const checks = await api.checks();
      for (const check of checks) for (const need of check.needs) expect(capabilityRule(need), `${check.id} needs ${need}`).toBeDefined();
      const profiles = new Set(checks.map((check) => checkProfile(check.needs)));
      expect([...profiles].sort(), api.name).toEqual(['core', 'extended']);
    }
  });
});

describe('the success / partial / failure rule', () => {
  const result = (...statuses: OutcomeStatus[]) => profileResult(profileStatistics(statuses));

  it('is success when every check passed, partial with skips and no failure, failure on any failure or engine error', () => {
    expect(result('passed', 'passed')).toBe('success');
    expect(result('passed', 'skipped')).toBe('partial');
    expect(result('skipped')).toBe('partial');
    expect(result('passed', 'skipped', 'failed')).toBe('failure');
    expect(result('passed', 'error')).toBe('failure');
    // A profile that planned nothing attests nothing.
    expect(result()).toBe('partial');
  });

  it('counts each status and says it in one sentence', () => {
    const stats = profileStatistics(['passed', 'failed', 'skipped', 'skipped', 'error']);
    expect(stats).toEqual({ passed: 1, failed: 1, skipped: 2, errors: 1, total: 5 });
    expect(profileSentence('core', 'failure', stats)).toBe('Core tests failed with 1 test failure and 1 engine error.');
    expect(profileSentence('extended', 'partial', profileStatistics(['passed', 'skipped', 'skipped']))).toBe('Extended tests partially succeeded with 2 test skips.');
    expect(profileSentence('core', 'success', profileStatistics(['passed']))).toBe('Core tests succeeded.');
  });
});

describe('a profile of an API report', () => {
  const plan = [
    { id: 'ontap.a.core', needs: ['data:sessions'] },
    { id: 'ontap.b.core-skip', needs: ['data:svms', 'ndmp-mode:svm'] },
    { id: 'ontap.c.writes', needs: ['ndmp-mode:svm', 'data:svms', 'writes'] },
    { id: 'ontap.d.writes', needs: ['writes'] },
    { id: 'ontap.e.rbac', needs: ['readonly-credentials'] },
    { id: 'ontap.f.new', needs: ['data:sessions', 'version>=9.9'] },
    { id: 'ontap.g.node', needs: ['ndmp-mode:node', 'data:nodes', 'writes'] },
  ];
  const writesOff = 'writes are not allowed (use --allow-writes)';
  const outcomes = [
    outcome('ontap.a.core', 'passed'),
    outcome('ontap.b.core-skip', 'skipped', { reason: 'the target has no svms to test with', missing: 'data:svms' }),
    outcome('ontap.c.writes', 'skipped', { reason: writesOff, missing: 'writes' }),
    outcome('ontap.d.writes', 'skipped', { reason: writesOff, missing: 'writes' }),
    outcome('ontap.e.rbac', 'failed', { reason: 'GET answered 500\nseed: 1' }),
    outcome('ontap.f.new', 'passed'),
    outcome('ontap.g.node', 'skipped', { reason: 'needs NDMP node scope; the target is in svm scope', missing: 'ndmp-mode:node' }),
  ];

  it('lists capabilities the target showed and lacked, skips by reason and failures with their first line', () => {
    const core = profileReport('core', plan, outcomes);
    expect(core.result).toBe('partial');
    expect(core.statistics).toEqual({ passed: 1, failed: 0, skipped: 1, errors: 0, total: 2 });
    expect(core.supportedCapabilities).toEqual(['data:sessions']);
    expect(core.unsupportedCapabilities).toEqual(['data:svms']);
    // ndmp-mode:svm was never reached: its only core check stopped at data:svms first.
    expect(core.undeterminedCapabilities).toEqual(['ndmp-mode:svm']);

    const extended = profileReport('extended', plan, outcomes);
    expect(extended.result).toBe('failure');
    expect(extended.statistics).toEqual({ passed: 1, failed: 1, skipped: 3, errors: 0, total: 5 });
    expect(extended.failedChecks).toEqual([{ id: 'ontap.e.rbac', reason: 'GET answered 500' }]);
    expect(extended.skipReasons).toEqual([
      { reason: writesOff, checks: ['ontap.c.writes', 'ontap.d.writes'] },
      { reason: 'needs NDMP node scope; the target is in svm scope', checks: ['ontap.g.node'] },
    ]);
    expect(extended.supportedCapabilities).toEqual(['data:sessions', 'readonly-credentials', 'version>=9.9']);
    expect(extended.unsupportedCapabilities).toEqual(['ndmp-mode:node', 'writes']);
  });

  it('does not count a capability as shown by a check the stopped run never ran', () => {
    const report = profileReport('core', [{ id: 'x', needs: ['data:sessions'] }], [outcome('x', 'skipped', { reason: 'not run: interrupted', stopped: 'interrupted' })]);
    expect(report.result).toBe('partial');
    expect(report.supportedCapabilities).toEqual([]);
    expect(report.undeterminedCapabilities).toEqual(['data:sessions']);
  });
});
