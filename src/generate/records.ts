import fc from 'fast-check';
import type { OpenAPIV3 } from 'openapi-types';
import { findOperation, type Spec } from '../spec/index.ts';

type Schema = OpenAPIV3.SchemaObject;

/**
 * Records that satisfy a schema of the spec (response view: writeOnly properties left out), built from the
 * dereferenced schema itself, so a change to the spec changes what is generated.
 */
export function arbitraryFromSchema(schema: Schema, view: 'response' | 'request' = 'response'): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? Number.MAX_SAFE_INTEGER });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return fc.string({ maxLength: 24 });
    case 'array': {
      const items = schema.items as Schema;
      // Enumerated lists (authentication_types) hold each value at most once.
      return items.enum
        ? fc.uniqueArray(fc.constantFrom(...items.enum), { minLength: 1, maxLength: items.enum.length })
        : fc.array(arbitraryFromSchema(items, view), { maxLength: 3 });
    }
    default: {
      const entries = Object.entries((schema.properties ?? {}) as Record<string, Schema>)
        .filter(([, child]) => !(view === 'response' && child.writeOnly) && !(view === 'request' && child.readOnly));
      return fc.record(Object.fromEntries(entries.map(([name, child]) => [name, arbitraryFromSchema(child, view)])), { requiredKeys: schema.required ?? [] });
    }
  }
}

/** A record one operation may answer with (the items of `records` for a collection GET). */
export function recordArbitrary(spec: Spec, operationId: string): fc.Arbitrary<Record<string, unknown>> {
  const { operation } = findOperation(spec, operationId);
  const ok = operation.responses?.['200'] as OpenAPIV3.ResponseObject | undefined;
  const body = Object.values(ok?.content ?? {})[0]?.schema as Schema | undefined;
  if (!body) throw new Error(`${operationId} documents no 200 body`);
  const records = body.properties?.records as OpenAPIV3.ArraySchemaObject | undefined;
  return arbitraryFromSchema((records?.items as Schema | undefined) ?? body) as fc.Arbitrary<Record<string, unknown>>;
}

/** A valid PATCH body for an operation: only its `x-ontap-patchable` fields, typed by the request schema. */
export function patchBodyArbitrary(spec: Spec, operationId: string): fc.Arbitrary<Record<string, unknown>> {
  const { operation } = findOperation(spec, operationId);
  const patchable = ((operation as Record<string, unknown>)['x-ontap-patchable'] as string[] | undefined) ?? [];
  const schema = ((operation.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content?.['application/json']?.schema ?? {}) as Schema;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const fields = Object.fromEntries(patchable.filter((name) => properties[name]).map((name) => [name, arbitraryFromSchema(properties[name]!, 'request')]));
  return fc.record(fields, { requiredKeys: [] }).filter((body) => Object.keys(body).length > 0);
}

/** Values of the wrong type for a JSON Schema type: what a server must never answer with. */
export function invalidValueFor(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom('zz_not_in_enum', 'RUNNING', '');
  switch (schema.type) {
    case 'integer':
      return fc.oneof(fc.integer().map(String), fc.constantFrom(1.5, -0.25, true, null));
    case 'boolean':
      return fc.constantFrom(1, 0, 'true', 'false', null);
    case 'string':
      return fc.oneof(fc.integer(), fc.boolean(), fc.constant(null));
    case 'array':
      return fc.oneof(fc.string().map((s) => ({ s })), fc.constant('plaintext'));
    default:
      return fc.oneof(fc.string(), fc.integer(), fc.array(fc.string(), { maxLength: 2 }));
  }
}
