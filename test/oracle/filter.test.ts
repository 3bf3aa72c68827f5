import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFilters, parseFilter, QueryError, type FieldInfo } from '../../src/oracle/index.ts';

// A small dataset whose answers are worked out by hand below (not by running the oracle).
const SESSIONS = [
  { id: 's1', client_port: 10, data_path: '/vs0/vol1', data: { state: 'halted', reason: 'aborted' }, tags: ['plaintext', 'challenge'] },
  { id: 's2', client_port: 20, data_path: '/vs0/Vol_Archive', data: { state: 'active' }, tags: ['challenge'] },
  { id: 's3', client_port: 30, data_path: '/vs1/home', data: { state: 'paused', reason: 'seek' }, tags: ['plaintext_sso'] },
  { id: 's4', client_port: 40, data_path: '/vs1/a|b', data: { state: 'idle' } },
  { id: 's5', client_port: 150, data_path: '/vs2/a*b', data: { state: 'listening', reason: 'end_of_file' }, tags: [] },
  { id: 's6', data_path: '/vs2/db_logs', data: { state: 'connected' } },
];

const field = (path: string, type: FieldInfo['type'], array = false): FieldInfo => ({ path, type, array });
const PORT = field('client_port', 'integer');
const PATH = field('data_path', 'string');
const STATE = field('data.state', 'enum');
const REASON = field('data.reason', 'enum');
const TAGS = field('tags', 'enum', true);

const ids = (f: FieldInfo, raw: string, caseSensitive = false) =>
  applyFilters(SESSIONS, [parseFilter(f, raw)], { caseSensitive }).map((r) => r.id);

describe('filter oracle, hand-computed answers', () => {
  const table: Array<[string, FieldInfo, string, string[]]> = [
    ['integer equality', PORT, '20', ['s2']],
    ['integer <', PORT, '<30', ['s1', 's2']],
    ['integer <=', PORT, '<=30', ['s1', 's2', 's3']],
    ['integer > compares numerically, not as text', PORT, '>100', ['s5']],
    ['integer >=', PORT, '>=40', ['s4', 's5']],
    ['integer range is inclusive', PORT, '20..40', ['s2', 's3', 's4']],
    ['negated range', PORT, '!20..40', ['s1', 's5']],
    ['negation skips unset values', PORT, '!10', ['s2', 's3', 's4', 's5']],
    ['OR of values and a comparison', PORT, '10|30|>100', ['s1', 's3', 's5']],
    ['null: field unset', PORT, 'null', ['s6']],
    ['!null: field set', PORT, '!null', ['s1', 's2', 's3', 's4', 's5']],
    ['comparison plus |null', PORT, '>35|null', ['s4', 's5', 's6']],
    ['string prefix wildcard', PATH, '/vs0/*', ['s1', 's2']],
    ['string suffix wildcard', PATH, '*logs', ['s6']],
    ['string infix wildcard', PATH, '/vs1/*e', ['s3']],
    ['negated wildcard', PATH, '!/vs0/*', ['s3', 's4', 's5', 's6']],
    ['string comparison is alphabetical', PATH, '</vs1', ['s1', 's2']],
    ['string range', PATH, '/vs1../vs2', ['s3', 's4']],
    ['quoted value is literal (no OR)', PATH, '"/vs1/a|b"', ['s4']],
    ['braced value is literal (no wildcard)', PATH, '{/vs2/a*b}', ['s5']],
    ['unquoted * in the data still works as a wildcard', PATH, '/vs2/a*', ['s5']],
    ['enum equality on a nested field', STATE, 'halted', ['s1']],
    ['enum OR', STATE, 'halted|paused', ['s1', 's3']],
    ['enum alphabetical comparison', STATE, '<halted', ['s2', 's6']],
    ['enum negation', STATE, '!halted', ['s2', 's3', 's4', 's5', 's6']],
    ['nested null', REASON, 'null', ['s2', 's4', 's6']],
    ['nested negation leaves unset out', REASON, '!aborted', ['s3', 's5']],
    ['array: any element matches', TAGS, 'challenge', ['s1', 's2']],
    ['array: wildcard over elements', TAGS, 'plaintext*', ['s1', 's3']],
    ['array: null is unset or empty', TAGS, 'null', ['s4', 's5', 's6']],
    ['array: OR', TAGS, 'plaintext_sso|plaintext', ['s1', 's3']],
  ];
  for (const [label, f, raw, expected] of table) {
    it(`${label}: ${f.path}=${raw}`, () => expect(ids(f, raw)).toEqual(expected));
  }

  it('matches strings case-insensitively or case-sensitively on request', () => {
    expect(ids(PATH, '/vs0/vol*')).toEqual(['s1', 's2']);
    expect(ids(PATH, '/vs0/vol*', true)).toEqual(['s1']);
    expect(ids(STATE, 'HALTED')).toEqual(['s1']);
    expect(ids(STATE, 'HALTED', true)).toEqual([]);
  });

  it('combines filters on different fields with AND', () => {
    const both = applyFilters(SESSIONS, [parseFilter(PORT, '<35'), parseFilter(PATH, '/vs0/*')], { caseSensitive: false });
    expect(both.map((r) => r.id)).toEqual(['s1', 's2']);
  });

  it('rejects values a typed field cannot hold with 262197 and the field as target', () => {
    for (const [f, raw] of [[PORT, 'abc'], [PORT, '1.5'], [PORT, '12abc'], [PORT, '<ten'], [field('enabled', 'boolean'), 'maybe']] as const) {
      const error = (() => {
        try {
          parseFilter(f, raw);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(QueryError);
      expect(error).toMatchObject({ code: '262197', target: f.path });
    }
  });

  it('accepts true/false for booleans', () => {
    const rows = [{ id: 'a', enabled: true }, { id: 'b', enabled: false }, { id: 'c' }];
    const enabled = field('enabled', 'boolean');
    expect(applyFilters(rows, [parseFilter(enabled, 'true')], { caseSensitive: false }).map((r) => r.id)).toEqual(['a']);
    expect(applyFilters(rows, [parseFilter(enabled, '!true')], { caseSensitive: false }).map((r) => r.id)).toEqual(['b']);
    expect(applyFilters(rows, [parseFilter(enabled, 'FALSE')], { caseSensitive: false }).map((r) => r.id)).toEqual(['b']);
  });
});

describe('filter oracle properties', () => {
  const ports = SESSIONS.map((s) => s.client_port).filter((p): p is number => p !== undefined);
  const value = fc.constantFrom(...ports.map(String), '0', '35', '1000');

  it('x|y selects the union of x and y', () => {
    fc.assert(fc.property(value, value, (x, y) => {
      const union = new Set([...ids(PORT, x), ...ids(PORT, y)]);
      expect(new Set(ids(PORT, `${x}|${y}`))).toEqual(union);
    }));
  });

  it('v and !v split the records where the field is set', () => {
    fc.assert(fc.property(value, (v) => {
      const positive = ids(PORT, v);
      const negative = ids(PORT, `!${v}`);
      expect(positive.filter((id) => negative.includes(id))).toEqual([]);
      expect([...positive, ...negative].sort()).toEqual(ids(PORT, '!null'));
    }));
  });

  it('a..b equals >=a AND <=b', () => {
    fc.assert(fc.property(value, value, (a, b) => {
      const both = applyFilters(SESSIONS, [parseFilter(PORT, `>=${a}`), parseFilter(PORT, `<=${b}`)], { caseSensitive: false });
      expect(ids(PORT, `${a}..${b}`)).toEqual(both.map((r) => r.id));
    }));
  });
});
