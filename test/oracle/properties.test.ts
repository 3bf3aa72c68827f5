import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFilters, isSorted, paginate, parseFilter, parseOrderBy, sortRecords, type FieldInfo } from '../../src/oracle/index.ts';
import { PATH, PORT, SESSIONS } from './sessions.ts';

const ids = (field: FieldInfo, raw: string, caseSensitive = false, records = SESSIONS) =>
  applyFilters(records, [parseFilter(field, raw)], { caseSensitive }).map((r) => r.id);

// Terms built from values the dataset holds and values it does not, for every operator family.
const portValue = fc.oneof(fc.constantFrom('5', '10', '20', '30', '40', '150', '1000'), fc.integer({ min: -50, max: 2000 }).map(String));
const portTerm = fc.oneof(
  portValue,
  fc.tuple(fc.constantFrom('<', '>', '<=', '>='), portValue).map(([op, v]) => op + v),
  fc.tuple(portValue, portValue).map(([a, b]) => `${a}..${b}`),
  fc.constantFrom('1*', '*0', '1*0', '*', 'null'),
);
const pathValue = fc.constantFrom('/vs0/vol1', '/VS0/vol2', '/vs1', '/vs2/a*b', '/vs1/a|b', 'zz', '/vs0/Vol_Archive');
const quoted = (v: string) => (/[*|,.!<>"{}]/.test(v) ? `{${v}}` : v);
const pathTerm = fc.oneof(
  pathValue.map(quoted),
  fc.tuple(fc.constantFrom('<', '>', '<=', '>='), pathValue).map(([op, v]) => op + quoted(v)),
  fc.constantFrom('/vs0/*', '*logs', '/vs1/*e', '*vol*', 'null'),
);
const fieldAndTerm = fc.oneof(portTerm.map((t) => [PORT, t] as const), pathTerm.map((t) => [PATH, t] as const));
const fieldAndTwoTerms = fc.oneof(
  fc.tuple(portTerm, portTerm).map(([x, y]) => [PORT, x, y] as const),
  fc.tuple(pathTerm, pathTerm).map(([x, y]) => [PATH, x, y] as const),
);
const setIds = (field: FieldInfo) => SESSIONS.filter((s) => s[field.path] !== undefined).map((s) => s.id);

describe('filter properties', () => {
  it('x|y selects exactly the union of x and y, in record order', () => {
    fc.assert(fc.property(fieldAndTwoTerms, fc.boolean(), ([field, x, y], cs) => {
      const union = new Set([...ids(field, x, cs), ...ids(field, y, cs)]);
      expect(ids(field, `${x}|${y}`, cs)).toEqual(SESSIONS.map((s) => s.id).filter((id) => union.has(id)));
    }));
  });

  it('v and !v are disjoint and together cover exactly the records where the field is set', () => {
    fc.assert(fc.property(fieldAndTerm.filter(([, t]) => t !== 'null'), fc.boolean(), ([field, v], cs) => {
      const positive = ids(field, v, cs);
      const negative = ids(field, `!${v}`, cs);
      expect(positive.filter((id) => negative.includes(id))).toEqual([]);
      expect([...positive, ...negative].sort()).toEqual(setIds(field));
    }));
  });

  it('a..b selects the same records as >=a AND <=b', () => {
    fc.assert(fc.property(portValue, portValue, (a, b) => {
      const both = applyFilters(SESSIONS, [parseFilter(PORT, `>=${a}`), parseFilter(PORT, `<=${b}`)], { caseSensitive: false });
      expect(ids(PORT, `${a}..${b}`)).toEqual(both.map((r) => r.id));
    }));
  });

  it('integer comparisons agree with JavaScript number comparisons', () => {
    const ops: Record<string, (x: number, y: number) => boolean> = { '<': (x, y) => x < y, '>': (x, y) => x > y, '<=': (x, y) => x <= y, '>=': (x, y) => x >= y };
    fc.assert(fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { maxLength: 12 }), fc.constantFrom('<', '>', '<=', '>='), fc.integer({ min: -1e6, max: 1e6 }), (values, op, n) => {
      const records = values.map((v, i) => ({ id: String(i), client_port: v }));
      const expected = records.filter((r) => ops[op]!(r.client_port, n)).map((r) => r.id);
      expect(ids(PORT, `${op}${n}`, false, records)).toEqual(expected);
    }));
  });

  it('p* and *s and p*s agree with startsWith/endsWith (case-sensitive)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '/', '_'), maxLength: 8 });
    fc.assert(fc.property(fc.array(text, { maxLength: 10 }), text, text, (values, p, s) => {
      const records = values.map((v, i) => ({ id: String(i), data_path: v }));
      const pick = (ok: (v: string) => boolean) => records.filter((r) => ok(r.data_path)).map((r) => r.id);
      expect(ids(PATH, `${p}*`, true, records)).toEqual(pick((v) => v.startsWith(p)));
      expect(ids(PATH, `*${s}`, true, records)).toEqual(pick((v) => v.endsWith(s)));
      expect(ids(PATH, `${p}*${s}`, true, records)).toEqual(pick((v) => v.length >= p.length + s.length && v.startsWith(p) && v.endsWith(s)));
      expect(ids(PATH, `*${p}*`, true, records)).toEqual(pick((v) => v.includes(p)));
    }));
  });

  it('a quoted or braced value matches exactly the records equal to it, whatever it contains', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '*', '|', ',', '!', '<', '.', 'n'), minLength: 1, maxLength: 6 });
    fc.assert(fc.property(fc.array(text, { maxLength: 8 }), text, fc.constantFrom('"', '{'), (values, v, wrap) => {
      const records = values.map((value, i) => ({ id: String(i), data_path: value }));
      const raw = wrap === '"' ? `"${v}"` : `{${v}}`;
      expect(ids(PATH, raw, true, records)).toEqual(records.filter((r) => r.data_path === v).map((r) => r.id));
    }));
  });
});

describe('order properties', () => {
  const fields: FieldInfo[] = [{ path: 'n', type: 'integer', array: false }, { path: 's', type: 'string', array: false }];
  const opts = { caseSensitive: true, fields };

  it('with unique keys, descending is ascending reversed', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer(), { maxLength: 20 }), fc.uniqueArray(fc.string(), { maxLength: 20 }), (ns, ss) => {
      const byN = ns.map((n) => ({ n }));
      expect(sortRecords(byN, parseOrderBy('n desc', fields), opts)).toEqual([...sortRecords(byN, parseOrderBy('n', fields), opts)].reverse());
      const byS = ss.map((s) => ({ s }));
      expect(sortRecords(byS, parseOrderBy('s desc', fields), opts)).toEqual([...sortRecords(byS, parseOrderBy('s', fields), opts)].reverse());
    }));
  });

  it('integers sort like numbers, and the result passes isSorted', () => {
    fc.assert(fc.property(fc.array(fc.option(fc.integer(), { nil: undefined }), { maxLength: 20 }), (ns) => {
      const records = ns.map((n) => (n === undefined ? {} : { n }));
      const out = sortRecords(records, parseOrderBy('n', fields), opts);
      const set = ns.filter((n): n is number => n !== undefined).sort((a, b) => a - b);
      expect(out.map((r) => (r as { n?: number }).n)).toEqual([...set, ...ns.filter((n) => n === undefined)]);
      expect(isSorted(out, parseOrderBy('n', fields), opts)).toBe(true);
    }));
  });
});

describe('paging properties', () => {
  it('pages of any size concatenate back to the whole list; only the last says no more', () => {
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 30 }), fc.integer({ min: 1, max: 7 }), (items, size) => {
      const pages: number[][] = [];
      let offset = 0;
      for (;;) {
        const { page, more } = paginate(items, size, offset);
        pages.push(page);
        offset += page.length;
        if (!more) break;
      }
      expect(pages.flat()).toEqual(items);
      expect(pages.every((page) => page.length <= size)).toBe(true);
    }));
  });
});
