import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  liveVeeamValues, malformedVeeamFilter, veeamCombination, veeamComparison, veeamComparisonOf, veeamFieldTable, veeamLiteral,
  VEEAM_EQUALITY_OPERATORS, VEEAM_ORDERING_OPERATORS,
} from '../../src/generate/veeam-filters.ts';
import { matchesVeeamFilter, parseVeeamFilter, VeeamQueryError, type VeeamFilter } from '../../src/oracle/veeam-query.ts';
import { loadVeeamSpec, veeamQueryType, type VeeamQueryField } from '../../src/spec/veeam/index.ts';

const spec = await loadVeeamSpec();
const TYPES = ['CdpReplicaTaskSession', 'BackupJobSession'].map((name) => veeamQueryType(spec, name));
const fieldOf = (type: string, name: string) => veeamQueryType(spec, type).fields.find((field) => field.name === name)!;
const NAME = fieldOf('BackupJobSession', 'Name');
const STATE = fieldOf('CdpReplicaTaskSession', 'State');
const ALL_OPS = [...VEEAM_EQUALITY_OPERATORS, ...VEEAM_ORDERING_OPERATORS];

describe('veeamLiteral', () => {
  it('writes bare what can be bare and double-quotes values with blanks, filter characters or the word null', () => {
    expect(veeamLiteral(NAME, 'web-01')).toBe('web-01');
    expect(veeamLiteral(NAME, 'NFS Share Backup@2020-01-30 20:31:10')).toBe('"NFS Share Backup@2020-01-30 20:31:10"');
    expect(veeamLiteral(NAME, 'a;b')).toBe('"a;b"');
    expect(veeamLiteral(NAME, 'x<y')).toBe('"x<y"');
    expect(veeamLiteral(NAME, 'null')).toBe('"null"');
    expect(veeamLiteral(fieldOf('BackupJobSession', 'IsRetry'), 'True')).toBe('true');
    expect(veeamLiteral(fieldOf('CdpReplicaTaskSession', 'TotalSize'), '17179869184')).toBe('17179869184');
  });

  it('refuses what the reference gives no way to write: quotes, backslashes, the empty string, malformed typed values', () => {
    expect(veeamLiteral(NAME, 'say "hi"')).toBeUndefined();
    expect(veeamLiteral(NAME, '\\\\fs01\\projects')).toBeUndefined();
    expect(veeamLiteral(NAME, '')).toBeUndefined();
    expect(veeamLiteral(fieldOf('CdpReplicaTaskSession', 'TotalSize'), '1e3')).toBeUndefined();
    expect(veeamLiteral(fieldOf('BackupJobSession', 'CreationTime'), 'yesterday')).toBeUndefined();
  });

  it('keeps a UTC date-time as written and turns an offset into the same instant in UTC', () => {
    const created = fieldOf('BackupJobSession', 'CreationTime');
    expect(veeamLiteral(created, '2021-02-12T00:00:10.4571234Z')).toBe('2021-02-12T00:00:10.4571234Z');
    expect(veeamLiteral(created, '2021-02-12T02:00:10.457+02:00')).toBe('2021-02-12T00:00:10.457Z');
  });

  it('round-trips through the oracle: a written string parses back to itself', () => {
    const writable = fc.string({ minLength: 1, maxLength: 30 }).filter((text) => text.trim() === text && veeamLiteral(NAME, text) !== undefined);
    fc.assert(fc.property(writable, fc.constantFrom(...ALL_OPS), (text, op) => {
      const filter = parseVeeamFilter(veeamComparisonOf(NAME, op, text).text, veeamFieldTable(TYPES[1]!.fields));
      expect(filter).toEqual({ kind: 'cmp', field: 'Name', op, literal: { kind: 'value', value: text } });
    }), { numRuns: 300 });
  });
});

describe('liveVeeamValues', () => {
  it('gives the declared enum values in declaration order, less the excluded ones, whatever the records hold', () => {
    expect(liveVeeamValues([], STATE)).toEqual(['InProgress', 'Pending', 'Completed']);
    const result = fieldOf('BackupJobSession', 'Result');
    expect(liveVeeamValues([{ Result: 'None' }], result, new Set(['none']))).toEqual(['Success', 'Warning', 'Failed']);
  });

  it('gives the distinct writable values of other fields in first-seen order', () => {
    const records = [{ Name: 'b' }, { Name: 'a' }, { Name: 'b' }, { Name: 'say "x"' }, {}];
    expect(liveVeeamValues(records, NAME)).toEqual(['b', 'a']);
  });
});

describe('veeamComparison and veeamCombination', () => {
  it('write comparisons of every field of both query types that the oracle parses', () => {
    for (const type of TYPES) {
      const table = veeamFieldTable(type.fields);
      for (const field of type.fields) {
        const values = field.type === 'enum' ? field.enum! : [sample(field)];
        fc.assert(fc.property(veeamComparison(field, values, ALL_OPS), (c) => {
          expect(parseVeeamFilter(c.text, table)).toMatchObject({ kind: 'cmp', field: field.name, op: c.op });
        }), { numRuns: 20 });
      }
    }
  });

  it('never mix ; and , at one level without parentheses, and AND/OR answer as the oracle evaluates the parts', () => {
    const table = veeamFieldTable(TYPES[0]!.fields);
    const atom = veeamComparison(STATE, STATE.enum!, ALL_OPS).map((c) => c.text);
    const records = STATE.enum!.map((State) => ({ State }));
    fc.assert(fc.property(veeamCombination(atom), (text) => {
      expect(mixesAtSomeLevel(text)).toBe(false);
      const filter = parseVeeamFilter(text, table)!;
      for (const record of records) expect(matchesVeeamFilter(filter, record, table)).toBe(evaluate(filter, record, table));
    }), { numRuns: 200 });
  });
});

describe('malformedVeeamFilter', () => {
  it('writes only filters the oracle rejects, for the fields of both query types', () => {
    for (const type of TYPES) {
      const table = veeamFieldTable(type.fields);
      fc.assert(fc.property(malformedVeeamFilter(type.fields), (text) => {
        expect(() => parseVeeamFilter(text, table), text).toThrow(VeeamQueryError);
      }), { numRuns: 200 });
    }
  });
});

function sample(field: VeeamQueryField): string {
  switch (field.type) {
    case 'datetime':
      return '2021-02-12T00:00:10.457Z';
    case 'long':
      return '17179869184';
    case 'boolean':
      return 'false';
    case 'uid':
      return `urn:veeam:${field.uidType}:ad86fed0-4288-47ba-a7ab-0fca64d3ba5a`;
    default:
      return 'SQL & Reporting 01';
  }
}

/** True when some parenthesis level holds both ; and , directly. */
function mixesAtSomeLevel(text: string): boolean {
  const levels: Array<Set<string>> = [new Set()];
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '(') levels.push(new Set());
    else if (char === ')') {
      if (levels.pop()!.size > 1) return true;
    } else if (char === ';' || char === ',') levels.at(-1)!.add(char);
  }
  return levels.some((level) => level.size > 1);
}

/** AND and OR over the parts, each part judged by the oracle alone. */
function evaluate(filter: VeeamFilter, record: Record<string, string>, table: ReturnType<typeof veeamFieldTable>): boolean {
  if (filter.kind === 'cmp') return matchesVeeamFilter(filter, record, table);
  const parts = filter.items.map((item) => evaluate(item, record, table));
  return filter.kind === 'and' ? parts.every(Boolean) : parts.some(Boolean);
}
