import type { OpenAPIV3 } from 'openapi-types';

export type SchemaView = 'response' | 'request';

export interface ConversionOptions {
  /** `response` drops writeOnly properties, `request` drops readOnly ones. */
  view: SchemaView;
  /** Forbid properties the spec does not list (so a writeOnly field in a response is an error). */
  strictProperties?: boolean;
}

type Schema = OpenAPIV3.SchemaObject & Record<string, unknown>;

/** Keywords of OpenAPI that JSON Schema does not have; vendor `x-` keys are registered with ajv instead. */
const OPENAPI_ONLY = new Set(['nullable', 'discriminator', 'xml', 'externalDocs', 'example']);

/** Converts a dereferenced OpenAPI 3.0 schema into a JSON Schema (draft-07) for ajv. */
export function toJsonSchema(schema: OpenAPIV3.SchemaObject, options: ConversionOptions): Record<string, unknown> {
  const source = schema as Schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (OPENAPI_ONLY.has(key)) continue;
    if (key === 'properties') {
      const properties: Record<string, unknown> = {};
      for (const [name, child] of Object.entries(value as Record<string, Schema>)) {
        if (options.view === 'response' && child.writeOnly) continue;
        if (options.view === 'request' && child.readOnly) continue;
        properties[name] = toJsonSchema(child, options);
      }
      out.properties = properties;
    } else if (key === 'items' || key === 'not' || key === 'additionalProperties') {
      out[key] = typeof value === 'object' ? toJsonSchema(value as Schema, options) : value;
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = (value as Schema[]).map((child) => toJsonSchema(child, options));
    } else if (key === 'required' && Array.isArray(value)) {
      out.required = value.filter((name) => name in (source.properties ?? {}));
    } else {
      out[key] = value;
    }
  }
  if (source.nullable && typeof source.type === 'string') out.type = [source.type, 'null'];
  if (options.strictProperties && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}
