import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { diffSummaries, type SummaryDiff } from '../../src/report/diff.ts';
import { formatDiffJunit } from '../../src/report/diff-junit.ts';
import { formatDiffMarkdown } from '../../src/report/diff-markdown.ts';
import { BASE, CURRENT, summary } from './summaries.ts';

const ids = (list: Array<{ id: string }>) => list.map((entry) => entry.id).sort();

describe('diffSummaries', () => {
  const diff = diffSummaries(BASE, CURRENT, { base: 'base/summary.json', current: 'current/summary.json' });

  it('puts each check in its category, matched by id', () => {
    expect(ids(diff.regressions)).toEqual(['ontap.a.regressed', 'ontap.a.skip-then-fail', 'veeam.b.added-failing']);
    expect(ids(diff.fixed)).toEqual(['ontap.a.fixed']);
    expect(ids(diff.stillFailing)).toEqual(['ontap.a.error-then-fail', 'ontap.a.still']);
    expect(ids(diff.newlySkipped)).toEqual(['ontap.a.failed-then-skipped', 'ontap.a.newly-skipped']);
    expect(ids(diff.noLongerSkipped)).toEqual(['ontap.a.unskipped']);
    expect(ids(diff.added)).toEqual(['veeam.b.added', 'veeam.b.added-failing']);
    expect(ids(diff.removed)).toEqual(['veeam.b.removed']);
    expect(ids(diff.unchanged)).toEqual(['ontap.a.same', 'ontap.a.same-skip', 'veeam.b.same']);
  });

  it('accounts for every check of the current run once (an added check is also judged by its outcome)', () => {
    const judged = [diff.regressions, diff.fixed, diff.stillFailing, diff.newlySkipped, diff.noLongerSkipped, diff.unchanged].flatMap(ids);
    const addedOnly = ids(diff.added).filter((id) => !judged.includes(id));
    expect([...judged, ...addedOnly].sort()).toEqual(ids(CURRENT.checks));
    expect(new Set(judged).size).toBe(judged.length);
  });

  it('keeps what each check was and is, and why it is skipped or failing now', () => {
    expect(diff.regressions.find((c) => c.id === 'ontap.a.regressed')).toMatchObject({ before: 'passed', after: 'failed', api: 'ontap', title: 'rule of ontap.a.regressed', reason: expect.stringContaining('failed') });
    expect(diff.regressions.find((c) => c.id === 'veeam.b.added-failing')).toMatchObject({ after: 'error' });
    expect(diff.regressions.find((c) => c.id === 'veeam.b.added-failing')!.before).toBeUndefined();
    expect(diff.newlySkipped.find((c) => c.id === 'ontap.a.newly-skipped')).toMatchObject({ before: 'passed', after: 'skipped', reason: expect.stringContaining('skipped') });
    expect(diff.removed[0]).toMatchObject({ before: 'passed', api: 'veeam' });
    expect(diff.removed[0]!.after).toBeUndefined();
  });

  it('reports every target property that changed: version, NDMP mode, URL, Veeam API version', () => {
    expect(diff.targets).toEqual([
      { api: 'ontap', field: 'url', before: 'https://cluster-a:443', after: 'https://cluster-b:443' },
      { api: 'ontap', field: 'version', before: '9.14.1', after: '9.15.1' },
      { api: 'ontap', field: 'mode', before: 'svm', after: 'node' },
      { api: 'veeam', field: 'apiVersion', before: 'v1_7', after: 'v1_6' },
    ]);
    const oneApi = diffSummaries(summary({ 'ontap.a': 'passed' }, { ontap: { url: 'u', version: '9.8.0', mode: 'svm' } }), summary({ 'ontap.a': 'passed' }, { ontap: { url: 'u', version: '9.8.0', mode: 'svm' }, veeam: { url: 'e', apiVersion: 'v1_7' } }));
    expect(oneApi.targets).toEqual([{ api: 'veeam', field: 'url', after: 'e' }, { api: 'veeam', field: 'apiVersion', after: 'v1_7' }]);
  });

  it('finds nothing between a run and itself, and reads summaries that carry only checks', () => {
    const same = diffSummaries(CURRENT, CURRENT);
    expect([same.regressions, same.fixed, same.newlySkipped, same.noLongerSkipped, same.added, same.removed, same.targets].every((list) => list.length === 0)).toBe(true);
    expect(ids(same.stillFailing)).toEqual(['ontap.a.error-then-fail', 'ontap.a.regressed', 'ontap.a.skip-then-fail', 'ontap.a.still', 'veeam.b.added-failing']);
    const bare = diffSummaries({ checks: [{ id: 'ontap.x.y', status: 'passed' }] } as never, { checks: [{ id: 'ontap.x.y', status: 'failed' }] } as never);
    expect(bare.regressions).toEqual([{ id: 'ontap.x.y', title: 'ontap.x.y', api: 'ontap', before: 'passed', after: 'failed' }]);
    expect(bare.targets).toEqual([]);
  });
});

describe('diff outputs', () => {
  const diff: SummaryDiff = diffSummaries(BASE, CURRENT, { base: 'base/summary.json', current: 'current/summary.json' });

  it('markdown: the runs side by side, the counts, a table per category and the target changes', () => {
    const text = formatDiffMarkdown(diff);
    expect(text.split('\n')[0]).toBe('### Conformance diff: 3 newly failing');
    expect(text).toContain('| summary | `base/summary.json` | `current/summary.json` |');
    expect(text).toContain('| verdict | fail: 5 passed, 3 failed, 3 skipped, 1 engine error | fail: 5 passed, 4 failed, 3 skipped, 1 engine error |');
    expect(text).toContain('| ontap | url https://cluster-a:443, version 9.14.1, mode svm | url https://cluster-b:443, version 9.15.1, mode node |');
    expect(text).toContain('**3 newly failing** · 1 fixed · 2 still failing · 2 newly skipped · 1 no longer skipped · 2 added · 1 removed · 4 target changes · 3 unchanged');
    for (const heading of ['Newly failing (3)', 'Fixed (1)', 'Still failing (2)', 'Newly skipped (2)', 'No longer skipped (1)', 'Added checks (2)', 'Removed checks (1)', 'Targets changed (4)']) {
      expect(text).toContain(`#### ${heading}\n\n|`);
    }
    // Newly failing comes first, with what it was, what it is and why; a reason cannot break the table or hide as HTML.
    expect(text.indexOf('#### Newly failing')).toBeLessThan(text.indexOf('#### Fixed'));
    expect(text).toContain('| `ontap.a.regressed` | passed | failed | ontap.a.regressed failed: why \\| with a pipe &lt;and a tag> |');
    expect(text).toContain('| `veeam.b.added-failing` | — | error |');
    expect(text).toContain('| `ontap.a.newly-skipped` | passed | ontap.a.newly-skipped skipped: why');
    expect(text).toContain('| `veeam.b.removed` | passed |');
    expect(text).toContain('| ontap | mode | svm | node |');
    expect(text).toContain('| veeam | apiVersion | v1_7 | v1_6 |');
    for (const line of text.split('\n').filter((l) => l.startsWith('| `'))) expect(line.replace(/\\\|/g, '').split('|').length, line).toBeGreaterThanOrEqual(4);
  });

  it('markdown: says when nothing changed, and when a run was stopped or is one shard', () => {
    const same = formatDiffMarkdown(diffSummaries(summary({ 'ontap.a': 'passed' }), summary({ 'ontap.a': 'passed' })));
    expect(same).toContain('### Conformance diff: no new failures');
    expect(same).toContain('0 newly failing · 1 unchanged');
    expect(same).not.toContain('####');
    const stopped = formatDiffMarkdown(diffSummaries(summary({ 'ontap.a': 'passed' }), summary({ 'ontap.a': 'skipped' }, {}, { interrupted: true, stopped: 'interrupted by SIGINT', shard: '1/2' })));
    expect(stopped).toContain('The current run was stopped (interrupted by SIGINT)');
    expect(stopped).toContain('shard 1/2, a partial result');
  });

  it('JUnit: one testcase per check of either run; only newly failing checks are failures', () => {
    const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(formatDiffJunit(diff));
    const suites = xml.testsuites.testsuite as Array<Record<string, any>>;
    expect(suites.map((s) => s['@_name'])).toEqual(['conformance.ontap.diff', 'conformance.veeam.diff']);
    const cases = suites.flatMap((s) => s.testcase as Array<Record<string, any>>);
    const byName = (id: string) => cases.find((c) => c['@_name'] === id)!;
    expect(cases.map((c) => c['@_name']).sort()).toEqual([...new Set([...ids(BASE.checks), ...ids(CURRENT.checks)])].sort());
    expect(cases.filter((c) => c.failure).map((c) => c['@_name']).sort()).toEqual(ids(diff.regressions));
    expect(byName('ontap.a.regressed').failure['@_message']).toMatch(/^newly failing \(base: passed, now: failed\): ontap.a.regressed failed/);
    expect(byName('ontap.a.still').skipped['@_message']).toMatch(/^still failing, a known failure of the base/);
    expect(byName('ontap.a.newly-skipped').skipped['@_message']).toMatch(/^newly skipped \(base: passed\): /);
    expect(byName('veeam.b.removed').skipped['@_message']).toMatch(/^removed/);
    expect(byName('ontap.a.fixed')['system-out']).toMatch(/^fixed/);
    expect(suites.reduce((n, s) => n + Number(s['@_failures']), 0)).toBe(3);
    expect(suites.reduce((n, s) => n + Number(s['@_tests']), 0)).toBe(cases.length);
    expect(suites.reduce((n, s) => n + Number(s['@_skipped']), 0)).toBe(cases.filter((c) => c.skipped).length);
  });
});
