import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  matchesVeeamFilter, pageVeeamRecords, parseVeeamDateTime, parseVeeamFilter, sortVeeamRecords, VeeamQueryError,
  type VeeamFieldTable, type VeeamRecord,
} from '../../../src/oracle/veeam-query.ts';

const FIELDS: VeeamFieldTable = {
  Name: { kind: 'string' },
  State: { kind: 'enum', values: ['InProgress', 'Pending', 'Completed'] },
  TotalSize: { kind: 'long' },
  CreationTimeUTC: { kind: 'dateTime' },
  IsRetry: { kind: 'boolean' },
  Reason: { kind: 'string' },
};

/** Four records whose answers are computed by hand below. */
const RECORDS: Record<string, VeeamRecord> = {
  a: { Name: 'web-01@2021-02-12 00:00:10', State: 'InProgress', TotalSize: 100, CreationTimeUTC: '2021-02-12T00:00:10.000Z', IsRetry: false },
  b: { Name: 'db-01', State: 'Pending', TotalSize: 17179869184, CreationTimeUTC: '2021-02-13T00:00:00Z', IsRetry: true, Reason: 'RPO exceeded' },
  c: { Name: 'SQL & Reporting 01', State: 'Completed', TotalSize: 0, CreationTimeUTC: '2021-02-14T12:00:00.500Z', IsRetry: false, Reason: 'Failed to process disk 1' },
  d: { Name: 'DB-01', State: 'Completed', TotalSize: '9007199254740993', CreationTimeUTC: Date.UTC(2021, 1, 10), IsRetry: false, Reason: null },
};

function select(filter: string): string[] {
  const parsed = parseVeeamFilter(filter, FIELDS);
  return Object.entries(RECORDS).filter(([, record]) => matchesVeeamFilter(parsed, record, FIELDS)).map(([key]) => key);
}

describe('Veeam query language: hand-computed answers', () => {
  const cases: Array<[string, string[]]> = [
    ['', ['a', 'b', 'c', 'd']],
    ['State==Pending', ['b']],
    ['State<Completed', ['a', 'b']], // declaration order: alphabetically nothing is below Completed
    ['State>=pending', ['b', 'c', 'd']],
    ['State!=Completed', ['a', 'b']],
    ['Name==db-01', ['b', 'd']],
    ['Name=="SQL & Reporting 01"', ['c']],
    ['Name<"e"', ['b', 'd']],
    ['TotalSize>17179869183', ['b', 'd']],
    ['TotalSize>9007199254740992', ['d']], // beyond 2^53: compared exactly
    ['TotalSize<=0', ['c']],
    ['CreationTimeUTC>="2021-02-13 00:00:00"', ['b', 'c']],
    ['CreationTimeUTC<2021-02-12T00:00:10.001Z', ['a', 'd']],
    ['CreationTimeUTC==2021-02-12T02:00:10+02:00', ['a']],
    ['CreationTimeUTC>2021-02-14', ['c']],
    ['IsRetry==TRUE', ['b']],
    ['Reason==null', ['a', 'd']],
    ['Reason!=null', ['b', 'c']],
    ['Reason!=x', ['a', 'b', 'c', 'd']], // absent values differ from every value
    ['Reason<z', ['b', 'c']], // ordering with an absent value is false
    ['State==Completed;TotalSize==0,IsRetry==true', ['b', 'c']], // ; binds tighter than ,
    ['State==Completed;(TotalSize==0,IsRetry==true)', ['c']],
    ['( State==Pending , Name==DB-01 )', ['b', 'd']],
    ['Name=="null"', []],
  ];
  for (const [filter, expected] of cases) {
    it(`${filter || '(no filter)'} → ${expected.join(',') || 'nothing'}`, () => {
      expect(select(filter)).toEqual(expected);
    });
  }

  it('reads escapes inside double quotes', () => {
    const filter = parseVeeamFilter('Name=="say \\"hi\\" \\\\ bye"', FIELDS);
    expect(filter).toEqual({ kind: 'cmp', field: 'Name', op: '==', literal: { kind: 'value', value: 'say "hi" \\ bye' } });
  });

  const malformed = [
    'Colour==red', 'State==Running', 'TotalSize==abc', 'TotalSize==1.5', 'Name==', 'Name=="abc', '(State==Pending', 'State=Pending',
    'Reason<null', 'CreationTimeUTC==2021-02-30', 'CreationTimeUTC==2021-02-12T25:00:00Z', 'State==Pending)', ';', 'State==Pending;',
    ',State==Pending', 'IsRetry==yes', '()', 'Name==a b', '==x',
  ];
  for (const filter of malformed) {
    it(`rejects ${JSON.stringify(filter)} with a VeeamQueryError`, () => {
      expect(() => parseVeeamFilter(filter, FIELDS)).toThrow(VeeamQueryError);
    });
  }

  it('parses ISO 8601 date-times with and without zone, fraction or time', () => {
    expect(parseVeeamDateTime('2021-02-12T00:00:10.457Z')).toBe(Date.UTC(2021, 1, 12, 0, 0, 10, 457));
    expect(parseVeeamDateTime('2021-02-12 00:00:10.57')).toBe(Date.UTC(2021, 1, 12, 0, 0, 10, 570));
    expect(parseVeeamDateTime('2021-02-12T01:00:00-01:30')).toBe(Date.UTC(2021, 1, 12, 2, 30));
    expect(parseVeeamDateTime('2021-02-12')).toBe(Date.UTC(2021, 1, 12));
    expect(parseVeeamDateTime('2021-13-01')).toBeUndefined();
  });

  it('sorts by declaration order, absent values first ascending and last descending, stably', () => {
    const list = Object.values(RECORDS);
    const names = (records: VeeamRecord[]) => records.map((record) => record.Name);
    expect(names(sortVeeamRecords(list, 'State', 'asc', FIELDS))).toEqual(['web-01@2021-02-12 00:00:10', 'db-01', 'SQL & Reporting 01', 'DB-01']);
    expect(names(sortVeeamRecords(list, 'State', 'desc', FIELDS))).toEqual(['SQL & Reporting 01', 'DB-01', 'db-01', 'web-01@2021-02-12 00:00:10']);
    expect(names(sortVeeamRecords(list, 'Reason', 'asc', FIELDS))).toEqual(['web-01@2021-02-12 00:00:10', 'DB-01', 'SQL & Reporting 01', 'db-01']);
    expect(names(sortVeeamRecords(list, 'Reason', 'desc', FIELDS))).toEqual(['db-01', 'SQL & Reporting 01', 'web-01@2021-02-12 00:00:10', 'DB-01']);
    expect(names(sortVeeamRecords(list, 'TotalSize', 'desc', FIELDS))).toEqual(['DB-01', 'db-01', 'web-01@2021-02-12 00:00:10', 'SQL & Reporting 01']);
  });

  it('pages from 1 with at least one page', () => {
    expect(pageVeeamRecords([1, 2, 3, 4, 5], 2, 3)).toEqual({ items: [5], pagesCount: 3 });
    expect(pageVeeamRecords([], 10, 1)).toEqual({ items: [], pagesCount: 1 });
    expect(pageVeeamRecords([1], 10, 4)).toEqual({ items: [], pagesCount: 1 });
    expect(() => pageVeeamRecords([1], 0, 1)).toThrow(VeeamQueryError);
  });
});

/** Filters over FIELDS built from literals of each kind (some taken from RECORDS, so they match sometimes). */
const quote = (text: string) => `"${text.replace(/[\\"]/g, '\\$&')}"`;
const literal: Record<string, fc.Arbitrary<string>> = {
  Name: fc.oneof(fc.constantFrom(...Object.values(RECORDS).map((r) => String(r.Name))), fc.string({ maxLength: 8 })).map(quote),
  State: fc.constantFrom('InProgress', 'pending', 'COMPLETED'),
  TotalSize: fc.oneof(fc.constantFrom('0', '100', '17179869184', '9007199254740993'), fc.bigInt({ min: -10n, max: 1n << 60n }).map(String)),
  CreationTimeUTC: fc.oneof(fc.constantFrom('2021-02-12T00:00:10Z', '"2021-02-13 00:00:00"'), fc.date({ min: new Date('2021-02-09'), max: new Date('2021-02-15'), noInvalidDate: true }).map((d) => d.toISOString())),
  IsRetry: fc.constantFrom('true', 'false'),
  Reason: fc.oneof(fc.constant('null'), fc.constantFrom('RPO exceeded', 'x').map(quote)),
};
const operator = fc.constantFrom('==', '!=', '<', '>', '<=', '>=');
const comparison = fc.constantFrom(...Object.keys(literal)).chain((field) =>
  fc.tuple(operator, literal[field]!).map(([op, value]) => (value === 'null' && !['==', '!='].includes(op) ? `${field}==null` : `${field}${op}${value}`)),
);
const { tree } = fc.letrec<{ tree: string }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => `(${a});(${b})`),
    fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => `(${a}),(${b})`),
  ),
}));
const matches = (filter: string) => (record: VeeamRecord) => matchesVeeamFilter(parseVeeamFilter(filter, FIELDS), record, FIELDS);
const record = fc.constantFrom(...Object.values(RECORDS));
const RUNS = { numRuns: 300, seed: 42 };

describe('Veeam query language: laws', () => {
  it('; is AND, , is OR, parentheses change nothing', () => {
    fc.assert(fc.property(tree, tree, record, (a, b, r) => {
      expect(matches(`(${a});(${b})`)(r)).toBe(matches(a)(r) && matches(b)(r));
      expect(matches(`(${a}),(${b})`)(r)).toBe(matches(a)(r) || matches(b)(r));
      expect(matches(`((${a}))`)(r)).toBe(matches(a)(r));
      expect(matches(`(${b});(${a})`)(r)).toBe(matches(`(${a});(${b})`)(r));
    }), RUNS);
  });

  it('AND distributes over OR and binds tighter', () => {
    fc.assert(fc.property(tree, tree, tree, record, (a, b, c, r) => {
      expect(matches(`(${a});((${b}),(${c}))`)(r)).toBe(matches(`((${a});(${b})),((${a});(${c}))`)(r));
      expect(matches(`(${a}),(${b});(${c})`)(r)).toBe(matches(`(${a}),((${b});(${c}))`)(r));
    }), RUNS);
  });

  it('== and != are complements; on present values so are < and >=, and <= is < or ==', () => {
    fc.assert(fc.property(fc.constantFrom(...Object.keys(literal).filter((f) => f !== 'Reason')), record, (field, r) => {
      fc.assert(fc.property(literal[field]!, (value) => {
        expect(matches(`${field}!=${value}`)(r)).toBe(!matches(`${field}==${value}`)(r));
        expect(matches(`${field}>=${value}`)(r)).toBe(!matches(`${field}<${value}`)(r));
        expect(matches(`${field}<=${value}`)(r)).toBe(matches(`${field}<${value}`)(r) || matches(`${field}==${value}`)(r));
      }), { numRuns: 20, seed: 42 });
    }), { numRuns: 30, seed: 42 });
  });

  it('a page walk yields every record once, in order', () => {
    fc.assert(fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 25 }), (items, size) => {
      const { pagesCount } = pageVeeamRecords(items, size, 1);
      const walked = Array.from({ length: pagesCount }, (_, i) => pageVeeamRecords(items, size, i + 1).items).flat();
      expect(walked).toEqual(items);
      expect(pageVeeamRecords(items, size, pagesCount + 1).items).toEqual([]);
    }), RUNS);
  });

  it('sorting is a permutation ordered by the field, and descending mirrors ascending on distinct keys', () => {
    fc.assert(fc.property(fc.constantFrom('State', 'TotalSize', 'CreationTimeUTC', 'Name', 'IsRetry'), fc.shuffledSubarray(Object.values(RECORDS)), (field, list) => {
      const asc = sortVeeamRecords(list, field, 'asc', FIELDS);
      expect(asc).toHaveLength(list.length);
      expect(new Set(asc)).toEqual(new Set(list));
      for (let i = 1; i < asc.length; i++) {
        const next = asc[i]!;
        const value = FIELDS[field]!.kind === 'string' ? quote(String(next[field])) : FIELDS[field]!.kind === 'dateTime' ? new Date(next[field] as string | number).toISOString() : String(next[field]);
        expect(matches(`${field}<=${value}`)(asc[i - 1]!)).toBe(true);
      }
    }), RUNS);
  });
});
