import { describe, expect, it } from 'vitest';
import { isSorted, paginate, parseFields, parseOrderBy, projectRecord, sortRecords, unknownFields, validateReservedParams, type FieldInfo } from '../../src/oracle/index.ts';

const SESSION = {
  _links: { self: { href: '/api/protocols/ndmp/sessions/u1/1:2' } },
  backup_engine: 'dump',
  data: { bytes_processed: 5, connection: { address: '10.0.0.1', port: 18600, type: 'tcp' }, state: 'halted' },
  id: '1:2',
  svm: { _links: { self: { href: '/api/svm/svms/u1' } }, name: 'vs0', uuid: 'u1' },
  tape_mode: 'read',
};
const KEYS = { keyFields: ['id', 'svm.uuid', 'svm.name'] };
const project = (raw: string) => projectRecord(SESSION, parseFields(raw), KEYS);

describe('fields= projection, hand-written expectations', () => {
  it('default: key fields and _links only', () => {
    expect(project('')).toEqual({ _links: SESSION._links, id: '1:2', svm: { name: 'vs0', uuid: 'u1' } });
  });

  it('* and **: everything', () => {
    expect(project('*')).toEqual(SESSION);
    expect(project('**')).toEqual(SESSION);
  });

  it('a leaf, nested in its parent', () => {
    expect(project('data.state')).toEqual({ _links: SESSION._links, data: { state: 'halted' }, id: '1:2', svm: { name: 'vs0', uuid: 'u1' } });
  });

  it('an object brings its subtree; ! removes a part of it', () => {
    expect(project('data,!data.connection')).toEqual({ _links: SESSION._links, data: { bytes_processed: 5, state: 'halted' }, id: '1:2', svm: { name: 'vs0', uuid: 'u1' } });
  });

  it('braces group siblings, also nested and with exclusions', () => {
    expect(project('data.{state,connection.port}')).toEqual(project('data.state,data.connection.port'));
    expect(project('data.{connection,!connection.address}').data).toEqual({ connection: { port: 18600, type: 'tcp' } });
  });

  it('never excludes key fields', () => {
    expect(project('tape_mode,!svm.uuid,!id')).toEqual({ _links: SESSION._links, id: '1:2', svm: { name: 'vs0', uuid: 'u1' }, tape_mode: 'read' });
  });

  it('rejects mismatched braces with 262286', () => {
    for (const raw of ['data.{state', 'data.state}', 'a.{b,{c}']) expect(() => parseFields(raw)).toThrow(expect.objectContaining({ code: '262286', target: 'fields' }));
  });

  it('names the requested paths that are unknown', () => {
    const known = ['data', 'data.state', 'id', 'svm', 'svm.uuid'];
    expect(unknownFields(parseFields('data.state,colour,!svm.uuid,!nope,*'), known)).toEqual(['colour', 'nope']);
  });
});

const FIELDS: FieldInfo[] = [
  { path: 'port', type: 'integer', array: false },
  { path: 'name', type: 'string', array: false },
  { path: 'state', type: 'enum', array: false, enum: ['active', 'halted', 'idle'] },
  { path: 'types', type: 'enum', array: true },
];
const ROWS = [
  { id: 'a', port: 100, name: 'beta', state: 'idle' },
  { id: 'b', port: 9, name: 'Alpha', state: 'active' },
  { id: 'c', port: 20, name: 'gamma', state: 'active' },
  { id: 'd', name: 'delta', state: 'halted' },
];
const sorted = (raw: string, caseSensitive = false) => sortRecords(ROWS, parseOrderBy(raw, FIELDS), { caseSensitive, fields: FIELDS }).map((r) => r.id);

describe('order_by', () => {
  it('sorts integers numerically, unset values last ascending and first descending', () => {
    expect(sorted('port')).toEqual(['b', 'c', 'a', 'd']);
    expect(sorted('port asc')).toEqual(['b', 'c', 'a', 'd']);
    expect(sorted('port desc')).toEqual(['d', 'a', 'c', 'b']);
  });

  it('sorts strings alphabetically with or without case folding', () => {
    expect(sorted('name')).toEqual(['b', 'a', 'd', 'c']);
    expect(sorted('name', true)).toEqual(['b', 'a', 'd', 'c']);
    expect(sortRecords([{ n: 'b' }, { n: 'B' }, { n: 'a' }], parseOrderBy('n', [{ path: 'n', type: 'string', array: false }]), { caseSensitive: true, fields: [] }).map((r) => r.n)).toEqual(['B', 'a', 'b']);
  });

  it('sorts on nested fields', () => {
    const nested = [{ id: 'x', data: { port: 3 } }, { id: 'y', data: { port: 1 } }, { id: 'z', data: {} }, { id: 'w', data: { port: 2 } }];
    const fields: FieldInfo[] = [{ path: 'data.port', type: 'integer', array: false }];
    expect(sortRecords(nested, parseOrderBy('data.port', fields), { caseSensitive: false, fields }).map((r) => r.id)).toEqual(['y', 'w', 'x', 'z']);
    expect(sortRecords(nested, parseOrderBy('data.port desc', fields), { caseSensitive: false, fields }).map((r) => r.id)).toEqual(['z', 'x', 'w', 'y']);
  });

  it('sorts by several keys, stable on ties', () => {
    expect(sorted('state,port desc')).toEqual(['c', 'b', 'd', 'a']);
  });

  it('rejects unknown fields, array fields and bad directions with 262268', () => {
    for (const raw of ['colour', 'types', 'port sideways', 'port asc desc']) {
      expect(() => parseOrderBy(raw, FIELDS)).toThrow(expect.objectContaining({ code: '262268', target: 'order_by' }));
    }
  });

  it('tells sorted from unsorted answers, ties in any order', () => {
    const keys = parseOrderBy('state', FIELDS);
    expect(isSorted([ROWS[1], ROWS[2], ROWS[3], ROWS[0]], keys, { caseSensitive: false, fields: FIELDS })).toBe(true);
    expect(isSorted([ROWS[2], ROWS[1], ROWS[3], ROWS[0]], keys, { caseSensitive: false, fields: FIELDS })).toBe(true);
    expect(isSorted([ROWS[0], ROWS[1]], keys, { caseSensitive: false, fields: FIELDS })).toBe(false);
  });
});

describe('paging and reserved parameters', () => {
  it('cuts pages and says whether more follow', () => {
    expect(paginate([1, 2, 3, 4, 5], 2)).toEqual({ page: [1, 2], more: true });
    expect(paginate([1, 2, 3, 4, 5], 2, 4)).toEqual({ page: [5], more: false });
    expect(paginate([1, 2, 3], undefined)).toEqual({ page: [1, 2, 3], more: false });
  });

  it('validates max_records, return_records and return_timeout (0..120)', () => {
    const ok = (q: string) => () => validateReservedParams(new URLSearchParams(q));
    expect(ok('max_records=5&return_records=false&return_timeout=120')).not.toThrow();
    expect(ok('return_timeout=0')).not.toThrow();
    expect(ok('return_timeout=600')).toThrow(expect.objectContaining({ code: '262197', target: 'return_timeout', message: 'The value "600" is invalid for field "return_timeout" (<0..120>)' }));
    expect(ok('return_timeout=-1')).toThrow(expect.objectContaining({ code: '262197' }));
    expect(ok('max_records=ten')).toThrow(expect.objectContaining({ target: 'max_records' }));
    expect(ok('return_records=maybe')).toThrow(expect.objectContaining({ target: 'return_records' }));
  });
});
