import { describe, expect, it } from 'vitest';
import { applyFilters, getPath, matchesFilter, parseFilter, QueryError, type FieldInfo } from '../../src/oracle/index.ts';
import { AUTH, PATH, PORT, REASON, SECURE, SESSIONS, STATE, thrown } from './sessions.ts';

const ids = (field: FieldInfo, raw: string, caseSensitive = false) =>
  applyFilters(SESSIONS, [parseFilter(field, raw)], { caseSensitive }).map((r) => r.id);

type Row = [label: string, raw: string, expected: string[]];

/** Runs a table of `[label, query, expected ids]` against one field; answers in the tables are computed by hand from sessions.ts. */
function table(title: string, field: FieldInfo, rows: Row[], caseSensitive = false): void {
  describe(`${title} (${field.path}, ${caseSensitive ? 'case-sensitive' : 'case-insensitive'})`, () => {
    for (const [label, raw, expected] of rows) {
      it(`${label}: ${field.path}=${raw}`, () => expect(ids(field, raw, caseSensitive)).toEqual(expected));
    }
  });
}

table('integers', PORT, [
  ['equality', '20', ['s2']],
  ['equality, quoted', '"20"', ['s2']],
  ['equality, negative number matches nothing', '-5', []],
  ['<', '<30', ['s1', 's2', 's7']],
  ['<=', '<=30', ['s1', 's2', 's3', 's7']],
  ['> is numeric (5 > 100 as text, not as a number)', '>100', ['s5', 's8']],
  ['>=', '>=40', ['s4', 's5', 's8']],
  ['range is inclusive at both ends', '20..40', ['s2', 's3', 's4']],
  ['range with a negative bound', '-5..5', ['s7']],
  ['inverted range selects nothing', '40..20', []],
  ['negated range', '!20..40', ['s1', 's5', 's7', 's8']],
  ['negated range !1..5', '!1..5', ['s1', 's2', 's3', 's4', 's5', 's8']],
  ['negation leaves the unset record out', '!10', ['s2', 's3', 's4', 's5', 's7', 's8']],
  ['OR of values and a comparison', '10|30|>100', ['s1', 's3', 's5', 's8']],
  ['comma is OR too', '10,20', ['s1', 's2']],
  ['null: field unset', 'null', ['s6']],
  ['NULL is null', 'NULL', ['s6']],
  ['!null: field set', '!null', ['s1', 's2', 's3', 's4', 's5', 's7', 's8']],
  ['comparison plus |null', '>35|null', ['s4', 's5', 's6', 's8']],
  ['>5|null', '>5|null', ['s1', 's2', 's3', 's4', 's5', 's6', 's8']],
  ['wildcard on the decimal text, prefix', '1*', ['s1', 's5', 's8']],
  ['wildcard on the decimal text, suffix', '*0', ['s1', 's2', 's3', 's4', 's5', 's8']],
  ['wildcard on the decimal text, infix', '1*0', ['s1', 's5', 's8']],
  ['negated wildcard', '!1*', ['s2', 's3', 's4', 's7']],
  ['* alone: every set value', '*', ['s1', 's2', 's3', 's4', 's5', 's7', 's8']],
]);

table('strings', PATH, [
  ['equality', '/vs0/vol1', ['s1']],
  ['prefix wildcard', '/vs0/*', ['s1', 's2', 's7']],
  ['suffix wildcard', '*logs', ['s6']],
  ['infix wildcard', '/vs1/*e', ['s3']],
  ['two wildcards', '*vol*', ['s1', 's2', 's7']],
  ['* alone', '*', ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']],
  ['negated wildcard', '!/vs0/*', ['s3', 's4', 's5', 's6', 's8']],
  ['negated prefix !/vs2*', '!/vs2*', ['s1', 's2', 's3', 's4', 's7', 's8']],
  ['negated equality', '!/vs1/home', ['s1', 's2', 's4', 's5', 's6', 's7', 's8']],
  ['< is alphabetical', '</vs1', ['s1', 's2', 's7']],
  ['<=', '<=/vs1/home', ['s1', 's2', 's3', 's4', 's7']],
  ['>', '>/vs2/b', ['s6', 's8']],
  ['>=', '>=/vs2/db_logs', ['s6', 's8']],
  ['range', '/vs1../vs2', ['s3', 's4']],
  ['range to a longer bound', '/vs1../vs2/z', ['s3', 's4', 's5', 's6']],
  ['quoted alternative is literal: no OR', '"/vs1/a|b"', ['s4']],
  ['braced alternative is literal: no OR', '{/vs1/a|b}', ['s4']],
  ['quoted * is no wildcard', '"/vs2/a*b"', ['s5']],
  ['braced * is no wildcard', '{/vs*}', []],
  ['the same without braces is a wildcard', '/vs*', ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']],
  ['quoted .. is no range', '"/vs3/x..y"', ['s8']],
  ['quoted alternative OR a plain one', '"/vs1/a|b"|/vs0/vol1', ['s1', 's4']],
  ['negated quoted alternative', '!"/vs1/a|b"', ['s1', 's2', 's3', 's5', 's6', 's7', 's8']],
  ['quoted prefix before a bare *', '"/vs1/a|"*', ['s4']],
  ['quoted "null" is the text null', '"null"', []],
]);

table('strings', PATH, [
  ['prefix wildcard honours case', '/vs0/*', ['s1', 's2']],
  ['infix wildcard honours case', '*vol*', ['s1', 's7']],
  ['< in code-unit order (upper case first)', '</vs0/vol', ['s2', 's7']],
  ['equality honours case', '/vs0/vol_archive', []],
], true);

table('enums on a nested field', STATE, [
  ['equality', 'halted', ['s1', 's7']],
  ['equality, upper case operand', 'HALTED', ['s1', 's7']],
  ['OR', 'halted|paused', ['s1', 's3', 's7']],
  ['< is alphabetical', '<halted', ['s2', 's6', 's8']],
  ['range', 'idle..paused', ['s3', 's4', 's5']],
  ['negation', '!halted', ['s2', 's3', 's4', 's5', 's6', 's8']],
  ['prefix wildcard', 'a*', ['s2', 's8']],
  ['suffix wildcard', '*ing', ['s5']],
  ['values outside the enum are accepted and match nothing', 'sleeping', []],
]);

table('enums on a nested field', STATE, [
  ['equality honours case', 'halted', ['s1']],
  ['upper case operand', 'HALTED', []],
  ['< with upper case sorting first', '<halted', ['s2', 's6', 's7', 's8']],
], true);

table('a nested field unset on some records', REASON, [
  ['null', 'null', ['s2', 's4', 's6']],
  ['!null', '!null', ['s1', 's3', 's5', 's7', 's8']],
  ['negation leaves unset out', '!aborted', ['s3', 's5', 's8']],
  ['value OR null', 'seek|null', ['s2', 's3', 's4', 's6', 's8']],
  ['comparison excludes unset', '<f', ['s1', 's5', 's7']],
]);

table('arrays', AUTH, [
  ['any element equal', 'challenge', ['s1', 's2', 's8']],
  ['any element, case folded', 'plaintext', ['s1', 's7', 's8']],
  ['wildcard over elements', 'plaintext*', ['s1', 's3', 's7', 's8']],
  ['suffix wildcard', '*sso', ['s3']],
  ['null: absent or empty', 'null', ['s4', 's5', 's6']],
  ['!null: at least one element', '!null', ['s1', 's2', 's3', 's7', 's8']],
  ['negation: no element equal (unset left out)', '!challenge', ['s3', 's7']],
  ['negated wildcard: no element matches', '!plaintext*', ['s2']],
  ['OR', 'plaintext_sso|challenge', ['s1', 's2', 's3', 's8']],
]);

table('arrays', AUTH, [
  ['any element equal, case honoured', 'plaintext', ['s1', 's8']],
  ['negation, case honoured', '!plaintext', ['s2', 's3', 's7']],
], true);

table('booleans', SECURE, [
  ['true', 'true', ['s1', 's4', 's7']],
  ['FALSE (booleans ignore case)', 'FALSE', ['s2', 's5', 's8']],
  ['!true', '!true', ['s2', 's5', 's8']],
  ['null (absent or null)', 'null', ['s3', 's6']],
  ['!null', '!null', ['s1', 's2', 's4', 's5', 's7', 's8']],
  ['true|null', 'true|null', ['s1', 's3', 's4', 's6', 's7']],
  ['true|false', 'true|false', ['s1', 's2', 's4', 's5', 's7', 's8']],
]);

table('booleans', SECURE, [['True with case-sensitive strings (booleans always ignore case)', 'True', ['s1', 's4', 's7']]], true);

describe('several filters', () => {
  it('combine with AND', () => {
    const both = applyFilters(SESSIONS, [parseFilter(PORT, '<35'), parseFilter(PATH, '/vs0/*')], { caseSensitive: false });
    expect(both.map((r) => r.id)).toEqual(['s1', 's2', 's7']);
  });

  it('no filters: every record, in a new array', () => {
    const all = applyFilters(SESSIONS, [], { caseSensitive: false });
    expect(all.map((r) => r.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']);
    expect(all).not.toBe(SESSIONS);
  });

  it('matchesFilter judges one record', () => {
    expect(matchesFilter(SESSIONS[0]!, parseFilter(STATE, 'halted'), { caseSensitive: true })).toBe(true);
    expect(matchesFilter(SESSIONS[6]!, parseFilter(STATE, 'halted'), { caseSensitive: true })).toBe(false);
  });
});

describe('typed validation', () => {
  const rejects: Array<[FieldInfo, string]> = [
    [PORT, 'abc'], [PORT, '1.5'], [PORT, '12abc'], [PORT, '<ten'], [PORT, '>=1e3'], [PORT, '1..x'], [PORT, 'x..1'],
    [PORT, 'abc*'], [PORT, '{1*}'], [PORT, '10|abc'], [PORT, '!abc'], [PORT, '""'], [PORT, ''], [PORT, ' 10'],
    [SECURE, 'maybe'], [SECURE, '1'], [SECURE, 'yes'], [SECURE, '<true'], [SECURE, 't*'], [SECURE, 'false..true'], [SECURE, '"yes"'],
  ];
  for (const [field, raw] of rejects) {
    it(`${field.path}=${raw} → 262197, target ${field.path}`, () => {
      const error = thrown(() => parseFilter(field, raw));
      expect(error).toBeInstanceOf(QueryError);
      expect(error).toMatchObject({ code: '262197', target: field.path, message: `The value "${raw}" is invalid for field "${field.path}"` });
    });
  }

  it('gives the documented message for client_port=abc', () => {
    expect(thrown(() => parseFilter(PORT, 'abc'))).toMatchObject({ message: 'The value "abc" is invalid for field "client_port"', code: '262197', target: 'client_port' });
  });

  it('rejects unbalanced braces and an unterminated quote with 262197', () => {
    for (const raw of ['{/vs0', '/vs0}', '"/vs0', 'a|"b']) {
      expect(thrown(() => parseFilter(PATH, raw))).toMatchObject({ code: '262197', target: 'data_path' });
    }
  });

  it('accepts any string for strings and enums', () => {
    for (const raw of ['abc', '1.5', '', '!', '<', 'sleeping', '{a"b}', '"{"']) {
      expect(() => parseFilter(STATE, raw)).not.toThrow();
      expect(() => parseFilter(PATH, raw)).not.toThrow();
    }
  });
});

describe('parsed form', () => {
  it('breaks a value into its alternatives', () => {
    expect(parseFilter(PATH, '!"a|b"|<=x|a*"*"b|1..2|NULL|plain').alternatives).toEqual([
      { kind: 'equal', negated: true, value: 'a|b' },
      { kind: 'compare', negated: false, op: '<=', value: 'x' },
      { kind: 'wildcard', negated: false, parts: ['a', '*b'] },
      { kind: 'range', negated: false, low: '1', high: '2' },
      { kind: 'null', negated: false },
      { kind: 'equal', negated: false, value: 'plain' },
    ]);
  });
});

describe('getPath', () => {
  const record = { a: { b: { c: 1 }, n: null }, list: ['x'], zero: 0 };
  it('walks dotted paths and says undefined for anything absent', () => {
    expect(getPath(record, 'a.b.c')).toBe(1);
    expect(getPath(record, 'a.b')).toEqual({ c: 1 });
    expect(getPath(record, 'zero')).toBe(0);
    expect(getPath(record, 'a.n')).toBeNull();
    expect(getPath(record, 'a.n.x')).toBeUndefined();
    expect(getPath(record, 'a.x.c')).toBeUndefined();
    expect(getPath(record, 'list.0')).toBeUndefined();
    expect(getPath(record, 'constructor')).toBeUndefined();
    expect(getPath(record, 'a.b.c.d')).toBeUndefined();
  });
});
