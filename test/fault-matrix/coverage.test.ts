import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../src/emulator/faults.ts';
import { ONTAP_CHECKS } from '../../suites/ontap/index.ts';
import { MATRIX } from './matrix.ts';

describe('the fault matrix itself', () => {
  it('lists at least 15 faults and covers every one of them', () => {
    expect(Object.keys(FAULTS).length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(FAULTS).sort());
  });

  it('names only checks that exist, and check ids are unique and stable-looking', () => {
    const ids = ONTAP_CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^ontap\.[a-z-]+(\.[a-z0-9-]+)+$/);
    for (const { caughtBy } of Object.values(MATRIX)) for (const id of caughtBy) expect(ids).toContain(id);
  });
});

describe('merging the SVM-scope and node-scope passes', () => {
  it('keeps the highest outcome per check and the most telling skip reason', async () => {
    const { mergeOutcomes } = await import('../../src/report/merge.ts');
    const base = { title: '', api: 'ontap' as const, operation: '', requirement: '', durationMs: 0 };
    const svmPass = [
      { ...base, id: 'a', status: 'passed' as const },
      { ...base, id: 'b', status: 'skipped' as const, reason: 'needs NDMP node scope', missing: 'ndmp-mode:node' as const },
      { ...base, id: 'c', status: 'skipped' as const, reason: 'needs NDMP node scope', missing: 'ndmp-mode:node' as const },
    ];
    const nodePass = [
      { ...base, id: 'a', status: 'skipped' as const, reason: 'needs NDMP svm scope', missing: 'ndmp-mode:svm' as const },
      { ...base, id: 'b', status: 'failed' as const, reason: 'broken' },
      { ...base, id: 'c', status: 'skipped' as const, reason: 'no nested fields' },
    ];
    expect(mergeOutcomes([svmPass, nodePass]).map((o) => [o.id, o.status, o.reason])).toEqual([
      ['a', 'passed', undefined], ['b', 'failed', 'broken'], ['c', 'skipped', 'no nested fields'],
    ]);
  });
});

describe('the filter answer tolerates live data but nothing else', () => {
  it('tolerates records that changed between two snapshots, and only those', async () => {
    const { expectFilterAnswer, compareFilterAnswer } = await import('../../src/checks/filter-answer.ts');
    const field = { path: 'bytes', type: 'integer' as const, array: false };
    const before = [{ id: 'a', bytes: 10 }, { id: 'b', bytes: 90 }, { id: 'c', bytes: 200 }];
    const after = [{ id: 'a', bytes: 10 }, { id: 'b', bytes: 150 }, { id: 'c', bytes: 200 }, { id: 'd', bytes: 500 }];
    const expected = expectFilterAnswer([before, after], [[field, '>100']], (r) => String(r.id));
    expect(compareFilterAnswer(['c'], expected)).toBeUndefined();
    expect(compareFilterAnswer(['b', 'c', 'd'], expected)).toBeUndefined();
    expect(compareFilterAnswer(['b', 'd'], expected)).toMatchObject({ missing: ['c'] });
    expect(compareFilterAnswer(['a', 'c'], expected)).toMatchObject({ extra: ['a'] });
    expect(compareFilterAnswer(['c', 'c'], expected)).toMatchObject({ duplicates: ['c'] });
  });

  it('tolerates unset fields under a negation (undocumented), and accepts either case reading', async () => {
    const { expectFilterAnswer, compareFilterAnswer } = await import('../../src/checks/filter-answer.ts');
    const state = { path: 'state', type: 'enum' as const, array: false };
    const rows = [{ id: 'a', state: 'Halted' }, { id: 'b', state: 'idle' }, { id: 'c' }];
    const negation = expectFilterAnswer([rows], [[state, '!idle']], (r) => String(r.id));
    expect(compareFilterAnswer(['a'], negation)).toBeUndefined();
    expect(compareFilterAnswer(['a', 'c'], negation)).toBeUndefined();
    const equality = expectFilterAnswer([rows], [[state, 'halted']], (r) => String(r.id));
    expect(compareFilterAnswer([], equality)).toBeUndefined();
    expect(compareFilterAnswer(['a'], equality)).toBeUndefined();
    expect(compareFilterAnswer(['b'], equality)).toBeDefined();
  });
});

describe('failure messages', () => {
  it('tell a schema error repeated on many records once, with the records it hit', async () => {
    const { summariseSchemaErrors } = await import('../../suites/ontap/shared/shape-checks.ts');
    const errors = [6, 7, 8].map((i) => `/records/${i}/data/state must be one of active, idle`);
    expect(summariseSchemaErrors([...errors, '/records/2/client_port must be integer', '/num_records must be integer']))
      .toBe('/records/*/data/state must be one of active, idle (3 records: 6, 7, 8); /records/2/client_port must be integer; /num_records must be integer');
  });
});
