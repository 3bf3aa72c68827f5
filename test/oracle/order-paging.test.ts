import { describe, expect, it } from 'vitest';
import { isSorted, paginate, parseOrderBy, sortRecords, validateReservedParams, type FieldInfo } from '../../src/oracle/index.ts';
import { FIELDS, SESSIONS, thrown } from './sessions.ts';

const sorted = (raw: string, caseSensitive = false) =>
  sortRecords(SESSIONS, parseOrderBy(raw, FIELDS), { caseSensitive, fields: FIELDS }).map((r) => r.id);
const byId = (...wanted: string[]) => wanted.map((id) => SESSIONS.find((s) => s.id === id)!);

describe('parseOrderBy', () => {
  it('reads fields with an optional direction', () => {
    expect(parseOrderBy('client_port', FIELDS)).toEqual([{ field: 'client_port', direction: 'asc' }]);
    expect(parseOrderBy('client_port desc,data.state', FIELDS)).toEqual([{ field: 'client_port', direction: 'desc' }, { field: 'data.state', direction: 'asc' }]);
    expect(parseOrderBy('client_port+desc', FIELDS)).toEqual([{ field: 'client_port', direction: 'desc' }]);
    expect(parseOrderBy(' client_port  DESC , data_path Asc', FIELDS)).toEqual([{ field: 'client_port', direction: 'desc' }, { field: 'data_path', direction: 'asc' }]);
  });

  it('rejects unknown, array and non-sortable fields with 262268, target order_by', () => {
    expect(thrown(() => parseOrderBy('colour', FIELDS))).toMatchObject({ code: '262268', target: 'order_by', message: 'The field "colour" is not supported for order_by' });
    expect(thrown(() => parseOrderBy('authentication_types', FIELDS))).toMatchObject({ code: '262268', message: 'The field "authentication_types" is not supported for order_by' });
    expect(thrown(() => parseOrderBy('tape_mode', FIELDS))).toMatchObject({ code: '262268', target: 'order_by' });
    expect(thrown(() => parseOrderBy('Client_Port', FIELDS))).toMatchObject({ code: '262268' });
  });

  it('rejects bad directions and empty items with 262268', () => {
    for (const raw of ['client_port sideways', 'client_port asc desc', 'client_port descending', '', 'client_port,', ',client_port']) {
      expect(thrown(() => parseOrderBy(raw, FIELDS)), raw).toMatchObject({ code: '262268', target: 'order_by' });
    }
  });
});

describe('sortRecords (answers from the table in sessions.ts)', () => {
  const table: Array<[string, boolean, string[]]> = [
    ['client_port', false, ['s7', 's1', 's2', 's3', 's4', 's5', 's8', 's6']],
    ['client_port asc', false, ['s7', 's1', 's2', 's3', 's4', 's5', 's8', 's6']],
    ['client_port desc', false, ['s6', 's8', 's5', 's4', 's3', 's2', 's1', 's7']],
    ['data_path', false, ['s1', 's7', 's2', 's4', 's3', 's5', 's6', 's8']],
    ['data_path', true, ['s7', 's2', 's1', 's4', 's3', 's5', 's6', 's8']],
    ['data.state', false, ['s2', 's8', 's6', 's1', 's7', 's4', 's5', 's3']],
    ['data.state desc', false, ['s3', 's5', 's4', 's1', 's7', 's6', 's2', 's8']],
    ['data.state', true, ['s7', 's2', 's8', 's6', 's1', 's4', 's5', 's3']],
    ['data.state,client_port desc', false, ['s8', 's2', 's6', 's1', 's7', 's4', 's5', 's3']],
    ['data.state desc,client_port', false, ['s3', 's5', 's4', 's7', 's1', 's6', 's2', 's8']],
    ['data.reason,client_port desc', false, ['s1', 's7', 's5', 's8', 's3', 's6', 's4', 's2']],
    ['is_secure', false, ['s2', 's5', 's8', 's1', 's4', 's7', 's3', 's6']],
  ];
  for (const [raw, caseSensitive, expected] of table) {
    it(`order_by=${raw}${caseSensitive ? ' (case-sensitive)' : ''}`, () => expect(sorted(raw, caseSensitive)).toEqual(expected));
  }

  it('returns a new array and leaves the input alone', () => {
    const input = [...SESSIONS];
    const out = sortRecords(input, parseOrderBy('client_port desc', FIELDS), { caseSensitive: false, fields: FIELDS });
    expect(out).not.toBe(input);
    expect(input.map((r) => r.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']);
  });

  it('compares integers beyond 2^53 exactly', () => {
    const big: FieldInfo[] = [{ path: 'n', type: 'integer', array: false }];
    const rows = [{ n: '9007199254740993' }, { n: '9007199254740992' }, { n: 3 }];
    expect(sortRecords(rows, parseOrderBy('n', big), { caseSensitive: false, fields: big }).map((r) => r.n)).toEqual([3, '9007199254740992', '9007199254740993']);
  });
});

describe('isSorted', () => {
  const opts = { caseSensitive: false, fields: FIELDS };
  const keys = (raw: string) => parseOrderBy(raw, FIELDS);

  it('accepts an ordered answer and ties in either order', () => {
    expect(isSorted(byId('s2', 's8', 's6', 's1', 's7', 's4', 's5', 's3'), keys('data.state'), opts)).toBe(true);
    expect(isSorted(byId('s8', 's2', 's6', 's7', 's1', 's4', 's5', 's3'), keys('data.state'), opts)).toBe(true);
    expect(isSorted(byId('s7', 's1', 's6'), keys('client_port'), opts)).toBe(true);
    expect(isSorted(byId('s6', 's8', 's7'), keys('client_port desc'), opts)).toBe(true);
    expect(isSorted([], keys('client_port'), opts)).toBe(true);
  });

  it('refuses an answer out of order', () => {
    expect(isSorted(byId('s1', 's7'), keys('client_port'), opts)).toBe(false);
    expect(isSorted(byId('s7', 's1'), keys('client_port desc'), opts)).toBe(false);
    expect(isSorted(byId('s6', 's7'), keys('client_port'), opts), 'unset sorts last ascending').toBe(false);
    expect(isSorted(byId('s8', 's6'), keys('client_port desc'), opts), 'unset sorts first descending').toBe(false);
    expect(isSorted(byId('s1', 's2', 's7'), keys('data_path'), opts)).toBe(false);
    expect(isSorted(byId('s2', 's8', 's6', 's7', 's1'), keys('data.state,client_port desc'), opts)).toBe(false);
  });

  it('honours case sensitivity', () => {
    expect(isSorted(byId('s1', 's7'), keys('data.state'), { ...opts, caseSensitive: false })).toBe(true);
    expect(isSorted(byId('s1', 's7'), keys('data.state'), { ...opts, caseSensitive: true })).toBe(false);
  });
});

describe('paginate', () => {
  const five = [1, 2, 3, 4, 5];
  it('cuts pages and says whether more follow', () => {
    expect(paginate(five, 2)).toEqual({ page: [1, 2], more: true });
    expect(paginate(five, 2, 2)).toEqual({ page: [3, 4], more: true });
    expect(paginate(five, 2, 4)).toEqual({ page: [5], more: false });
    expect(paginate(five, 5)).toEqual({ page: [1, 2, 3, 4, 5], more: false });
    expect(paginate(five, 10)).toEqual({ page: [1, 2, 3, 4, 5], more: false });
    expect(paginate(five, undefined)).toEqual({ page: [1, 2, 3, 4, 5], more: false });
    expect(paginate(five, undefined, 3)).toEqual({ page: [4, 5], more: false });
  });

  it('edge cases: zero records, offset past the end, negative offset, empty input', () => {
    expect(paginate(five, 0)).toEqual({ page: [], more: true });
    expect(paginate(five, 2, 7)).toEqual({ page: [], more: false });
    expect(paginate(five, 2, -3)).toEqual({ page: [1, 2], more: true });
    expect(paginate([], 2)).toEqual({ page: [], more: false });
  });
});

describe('validateReservedParams', () => {
  const run = (q: string) => thrown(() => validateReservedParams(new URLSearchParams(q)));

  it('accepts valid values and ignores other parameters', () => {
    for (const q of ['', 'max_records=5&return_records=false&return_timeout=120', 'return_timeout=0', 'max_records=0', 'return_records=true', 'state=x&fields=*']) {
      expect(run(q), q).toBeUndefined();
    }
  });

  it('rejects return_timeout outside 0..120 with the documented message', () => {
    expect(run('return_timeout=600')).toMatchObject({ code: '262197', target: 'return_timeout', message: 'The value "600" is invalid for field "return_timeout" (<0..120>)' });
    for (const v of ['121', '-1', 'abc', '1.5', '']) {
      expect(run(`return_timeout=${v}`), v).toMatchObject({ code: '262197', target: 'return_timeout', message: `The value "${v}" is invalid for field "return_timeout" (<0..120>)` });
    }
  });

  it('rejects max_records that is not a non-negative integer', () => {
    for (const v of ['ten', '-1', '1.5', '']) {
      expect(run(`max_records=${v}`), v).toMatchObject({ code: '262197', target: 'max_records', message: `The value "${v}" is invalid for field "max_records"` });
    }
  });

  it('rejects return_records other than true or false', () => {
    for (const v of ['maybe', '1', 'TRUE', '']) {
      expect(run(`return_records=${v}`), v).toMatchObject({ code: '262197', target: 'return_records', message: `The value "${v}" is invalid for field "return_records"` });
    }
  });
});
