import { describe, expect, it } from 'vitest';
import { compatibilityTable, differingRows, formatCompatibilityMarkdown } from '../../src/report/compatibility.ts';
import { ONTAP_914, ONTAP_915, summary, VEEAM_17 } from './summaries.ts';

const titles = (api: string) => (api === 'ontap' ? { title: 'ONTAP', short: 'ONTAP' } : { title: 'Veeam Enterprise Manager', short: 'Veeam' });

const RUNS = [
  { file: 'ontap-9.14.1/summary.json', summary: summary({ 'ontap.a.one': 'passed', 'ontap.a.two': 'failed', 'ontap.a.three': 'skipped', 'veeam.b.one': 'passed' }, { ontap: ONTAP_914, veeam: VEEAM_17 }) },
  { file: 'ontap-9.15.1/summary.json', summary: summary({ 'ontap.a.one': 'passed', 'ontap.a.two': 'passed', 'ontap.a.three': 'error', 'ontap.a.four': 'passed' }, { ontap: ONTAP_915 }) },
  { file: 'again/summary.json', summary: summary({ 'ontap.a.one': 'passed' }, { ontap: ONTAP_914 }) },
];

describe('compatibility table', () => {
  const table = compatibilityTable(RUNS, titles);

  it('has a section per API, a column per target named by its properties, a row per check in run order', () => {
    expect(table.apis.map((s) => s.api)).toEqual(['ontap', 'veeam']);
    const ontap = table.apis[0]!;
    expect(ontap.columns.map((c) => c.label)).toEqual(['ONTAP 9.14.1 svm', 'ONTAP 9.15.1 node', 'ONTAP 9.14.1 svm (2)']);
    expect(ontap.columns[1]).toMatchObject({ source: 'ontap-9.15.1/summary.json', target: ONTAP_915, counts: { passed: 3, failed: 0, skipped: 0, errors: 1 } });
    expect(ontap.rows.map((r) => r.id)).toEqual(['ontap.a.one', 'ontap.a.two', 'ontap.a.three', 'ontap.a.four']);
    expect(ontap.rows[2]!.outcomes).toEqual({ 'ONTAP 9.14.1 svm': 'skipped', 'ONTAP 9.15.1 node': 'error', 'ONTAP 9.14.1 svm (2)': null });
    // Only the run that tested Veeam has a Veeam column.
    expect(table.apis[1]!.columns.map((c) => c.label)).toEqual(['Veeam v1_7']);
  });

  it('prints ✓ ✗ – ! (blank where a run lacks the check), the totals first', () => {
    const text = formatCompatibilityMarkdown(table);
    expect(text).toContain('### ONTAP\n\n| check | ONTAP 9.14.1 svm | ONTAP 9.15.1 node | ONTAP 9.14.1 svm (2) |\n|---|:-:|:-:|:-:|\n');
    expect(text).toContain('| **passed / failed / skipped** | 1 / 1 / 1 | 3 / 0 / 0 / 1 ! | 1 / 0 / 0 |');
    expect(text).toContain('| `ontap.a.one` | ✓ | ✓ | ✓ |');
    expect(text).toContain('| `ontap.a.two` | ✗ | ✓ |   |');
    expect(text).toContain('| `ontap.a.three` | – | ! |   |');
    expect(text).toContain('| `ontap.a.four` |   | ✓ |   |');
    expect(text).toContain('### Veeam Enterprise Manager\n\n| check | Veeam v1_7 |');
    expect(text.trim().split('\n').at(-1)).toMatch(/^✓ passed · ✗ failed · – skipped .* · ! engine error · blank: not in that run$/);
  });

  it('--differing keeps only the checks whose outcome is not the same on every target', () => {
    expect(differingRows(table).apis[0]!.rows.map((r) => r.id)).toEqual(['ontap.a.two', 'ontap.a.three', 'ontap.a.four']);
    expect(differingRows(table).apis[1]!.rows).toEqual([]);
  });

  it('names a run that records no target by its folder', () => {
    const bare = compatibilityTable([{ file: 'runs/nightly/summary.json', summary: { checks: [{ id: 'ontap.a', status: 'passed' }] } as never }], titles);
    expect(bare.apis[0]!.columns[0]!.label).toBe('ONTAP nightly');
  });
});
