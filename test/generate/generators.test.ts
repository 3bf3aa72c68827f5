import fc from 'fast-check';
import type { OpenAPIV3 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import {
  expressible, familiesFor, filterExpression, invalidTypedValue, invalidValueFor, liveValues, literal, malformedUuid, patchBodyArbitrary,
  recordArbitrary, wellFormedUuid, type OperatorFamily,
} from '../../src/generate/index.ts';
import { applyFilters, parseFields, parseFilter, QueryError } from '../../src/oracle/index.ts';
import { buildCatalog, createValidators, findOperation, loadSpec } from '../../src/spec/index.ts';

const spec = await loadSpec();
const catalog = buildCatalog(spec);
const validatorFor = createValidators(spec);
const COLLECTIONS = ['ndmp_session_collection_get', 'ndmp_node_collection_get', 'ndmp_svm_collection_get'];

describe('record generators', () => {
  for (const op of COLLECTIONS) {
    it(`${op}: generated records validate against the spec`, () => {
      const validate = validatorFor(op);
      fc.assert(fc.property(fc.array(recordArbitrary(spec, op), { maxLength: 3 }), (records) => {
        expect(validate({ num_records: records.length, records }).errors).toEqual([]);
      }), { numRuns: 50 });
    });
  }

  it('never puts the write-only password into a node record', () => {
    fc.assert(fc.property(recordArbitrary(spec, 'ndmp_node_collection_get'), (record) => {
      expect(record).not.toHaveProperty('password');
    }), { numRuns: 50 });
  });

  it('makes records invalid with a wrong-typed value for any leaf', () => {
    const record = fc.sample(recordArbitrary(spec, 'ndmp_session_get'), { numRuns: 1, seed: 3 })[0]!;
    const schema = findOperation(spec, 'ndmp_session_get').operation.responses['200'] as OpenAPIV3.ResponseObject;
    const sessionSchema = Object.values(schema.content!)[0]!.schema as OpenAPIV3.SchemaObject;
    const validate = validatorFor('ndmp_session_get');
    for (const [name, child] of Object.entries(sessionSchema.properties ?? {}) as Array<[string, OpenAPIV3.SchemaObject]>) {
      if (name === '_links') continue;
      fc.assert(fc.property(invalidValueFor(child), (bad) => {
        expect(validate({ ...record, [name]: bad }).valid, `${name} = ${JSON.stringify(bad)}`).toBe(false);
      }), { numRuns: 10 });
    }
  });

  it('builds PATCH bodies from the patchable fields only, valid for the request schema', () => {
    fc.assert(fc.property(patchBodyArbitrary(spec, 'ndmp_svm_modify'), (body) => {
      expect(Object.keys(body).every((key) => ['enabled', 'authentication_types'].includes(key))).toBe(true);
    }), { numRuns: 50 });
    fc.assert(fc.property(patchBodyArbitrary(spec, 'ndmp_node_modify'), (body) => {
      expect(Object.keys(body).every((key) => ['enabled', 'authentication_types', 'user', 'password'].includes(key))).toBe(true);
    }), { numRuns: 50 });
  });
});

describe('filter generators', () => {
  const records = fc.sample(recordArbitrary(spec, 'ndmp_session_collection_get'), { numRuns: 30, seed: 11 });
  const fields = catalog.filterableFields('ndmp_session_collection_get');

  it('produce, for every field and family, expressions the oracle parses (no invalid values)', () => {
    for (const field of fields) {
      const values = liveValues(records, field);
      for (const family of familiesFor(field)) {
        for (const raw of fc.sample(filterExpression(field, values, family), { numRuns: 5, seed: 1 })) {
          expect(() => parseFilter(field, raw), `${field.path}=${raw}`).not.toThrow();
        }
      }
    }
  });

  it('use each operator family as named', () => {
    const port = fields.find((f) => f.path === 'client_port')!;
    const shapes: Record<string, RegExp> = { comparison: /^(<=|>=|<|>)-?\d+$/, range: /^-?\d+\.\.-?\d+$/, negation: /^!-?\d+$/, or: /\|/, null: /^!?null$/ };
    for (const [family, shape] of Object.entries(shapes)) {
      for (const raw of fc.sample(filterExpression(port, [1, 2, 3], family as OperatorFamily), { numRuns: 10, seed: 2 })) expect(raw).toMatch(shape);
    }
    const path = fields.find((f) => f.path === 'data_path')!;
    for (const raw of fc.sample(filterExpression(path, ['/vs0/vol1'], 'wildcard'), { numRuns: 10, seed: 2 })) expect(raw).toContain('*');
  });

  it('equality on a drawn value selects at least the records holding it', () => {
    const path = fields.find((f) => f.path === 'data_path')!;
    const values = liveValues(records, path);
    fc.assert(fc.property(filterExpression(path, values, 'equality'), (raw) => {
      expect(applyFilters(records, [parseFilter(path, raw)], { caseSensitive: true }).length).toBeGreaterThan(0);
    }), { numRuns: 20 });
  });

  it('quote values holding query characters so they stay literal', () => {
    expect(literal('a|b')).toBe('"a|b"');
    expect(literal('x*"y')).toBe('{x*"y}');
    expect(literal('null')).toBe('"null"');
    expect(literal('plain')).toBe('plain');
    expect(expressible('{"both"}')).toBe(false);
  });

  it('produce typed values the oracle rejects with 262197', () => {
    for (const field of fields.filter((f) => f.type === 'integer')) {
      for (const raw of fc.sample(invalidTypedValue(field), { numRuns: 5 })) expect(() => parseFilter(field, raw)).toThrow(QueryError);
    }
  });

  it('produce well-formed and malformed uuids', () => {
    for (const uuid of fc.sample(wellFormedUuid, 20)) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const bad of fc.sample(malformedUuid, 20)) expect(bad).not.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('produce field selections the oracle parses', () => {
    const paths = catalog.recordFields('ndmp_session_collection_get').map((f) => f.path);
    expect(() => parseFields(paths.slice(0, 3).join(','))).not.toThrow();
  });
});
