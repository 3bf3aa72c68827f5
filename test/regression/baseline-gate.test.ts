import { describe, expect, it } from 'vitest';
import { baselineGate, baselineLines, baselineVerdict, gatedExitCode, withBaseline } from '../../src/report/diff-baseline.ts';
import { BASE, CURRENT, summary } from './summaries.ts';

const base = { file: 'base/summary.json', summary: BASE };

describe('run --baseline: the gate', () => {
  it('sorts the failures of the run into known and new, and lists the known failures that pass now', () => {
    const gate = baselineGate(base, CURRENT);
    expect(gate).toMatchObject({ source: 'base/summary.json', seed: 1, startedAt: BASE.startedAt });
    expect(gate.knownFailures).toEqual(['ontap.a.still']);
    // A check the baseline only errored on is not a known failure: an engine error says nothing about the target.
    expect(gate.newFailures).toEqual(['ontap.a.regressed', 'ontap.a.skip-then-fail', 'ontap.a.error-then-fail']);
    expect(gate.nowPassing).toEqual(['ontap.a.fixed']);
  });

  it('passes a run whose failures are all known, and keeps the plain verdict, counts and checks', () => {
    const run = summary({ 'ontap.a.still': 'failed', 'ontap.a.fixed': 'passed', 'ontap.a.same': 'passed' });
    const gated = withBaseline(run, base);
    expect(gated.baseline).toMatchObject({ verdict: 'pass', knownFailures: ['ontap.a.still'], newFailures: [], nowPassing: ['ontap.a.fixed'] });
    expect(gated).toMatchObject({ verdict: 'fail', counts: run.counts, checks: run.checks });
    expect(Object.keys(gated).slice(-2)).toEqual(['baseline', 'checks']);
    expect(gatedExitCode(gated)).toBe(0);
    expect(baselineVerdict(gated)).toBe('; against the baseline: pass (no new failures; 1 known failure still failing)');
    expect(baselineLines(gated.baseline!)).toEqual([
      `baseline base/summary.json (${BASE.startedAt}, seed 1): 1 known failure still failing, 1 now passing, 0 new failures`,
      'known failures of the baseline, still failing (1):', '  ontap.a.still',
      'known failures of the baseline, now passing (1):', '  ontap.a.fixed',
    ]);
  });

  it('fails a run with a new failure (exit 1)', () => {
    const gated = withBaseline(summary({ 'ontap.a.still': 'failed', 'ontap.a.same': 'failed' }), base);
    expect(gated.baseline).toMatchObject({ verdict: 'fail', newFailures: ['ontap.a.same'] });
    expect(gatedExitCode(gated)).toBe(1);
    expect(baselineVerdict(gated)).toBe('; against the baseline: fail (1 new failure)');
  });

  it('never masks engine errors (exit 3) or a stopped run (exit 2)', () => {
    const errored = withBaseline(summary({ 'ontap.a.still': 'failed', 'ontap.a.same': 'error' }), { file: 'b', summary: summary({ 'ontap.a.still': 'failed', 'ontap.a.same': 'error' }) });
    expect(errored.baseline).toMatchObject({ verdict: 'fail', newFailures: [] });
    expect(gatedExitCode(errored)).toBe(3);
    expect(baselineVerdict(errored)).toContain('engine errors are never masked by a baseline');
    const stopped = withBaseline(summary({ 'ontap.a.still': 'failed' }, {}, { interrupted: true, stopped: 'the run deadline of 5 s was reached' }), base);
    expect(stopped.baseline!.verdict).toBe('fail');
    expect(gatedExitCode(stopped)).toBe(2);
    expect(baselineVerdict(stopped)).toContain('a stopped run never passes');
  });

  it('leaves a run without a baseline as it is', () => {
    const run = summary({ 'ontap.a': 'failed' });
    expect(withBaseline(run, undefined)).toBe(run);
    expect(gatedExitCode(run)).toBe(1);
    expect(baselineVerdict(run)).toBe('');
  });
});
