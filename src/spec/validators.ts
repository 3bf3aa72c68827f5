import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { OpenAPIV3 } from 'openapi-types';
import { findOperation } from './catalog.ts';
import { toJsonSchema, type SchemaView } from './json-schema.ts';
import type { Spec } from './load.ts';

export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

export interface ValidatorOptions {
  status?: 200 | 'default';
  view?: SchemaView;
  strictProperties?: boolean;
}

/** Vendor keywords of specs/ontap/ndmp.yaml: annotations that ajv's strict mode must know about. */
export const VENDOR_KEYWORDS = ['x-ontap-generic-error-codes', 'x-ontap-introduced', 'x-ontap-sortable', 'x-ontap-filterable', 'x-ontap-keys', 'x-ontap-patchable', 'x-ontap-error-codes', 'x-ontap-ndmp-scope'];

/** One strict ajv instance per spec; each schema is compiled once and cached. */
export function createValidators(spec: Spec): (operationId: string, options?: ValidatorOptions) => (data: unknown) => ValidationResult {
  const ajv = new Ajv({ strict: true, allErrors: true });
  ajv.addVocabulary(VENDOR_KEYWORDS);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  const compiled = new Map<string, ValidateFunction>();
  return (operationId, options = {}) => {
    const status = options.status ?? 200;
    const view = options.view ?? 'response';
    const key = `${operationId}/${status}/${view}/${options.strictProperties ?? false}`;
    let validate = compiled.get(key);
    if (!validate) {
      const operation = findOperation(spec, operationId);
      const response = operation.operation.responses?.[String(status)] as OpenAPIV3.ResponseObject | undefined;
      const schema = Object.values(response?.content ?? {})[0]?.schema as OpenAPIV3.SchemaObject | undefined;
      if (!schema) throw new Error(`${operationId} documents no ${status} response body`);
      validate = ajv.compile(toJsonSchema(schema, { view, strictProperties: options.strictProperties }));
      compiled.set(key, validate);
    }
    const fn = validate;
    return (data) => (fn(data) ? { valid: true, errors: [] } : { valid: false, errors: (fn.errors ?? []).map(describe) });
  };
}

/** `/records/0/data/state must be equal to one of the allowed values (active, connected, …)`. */
function describe(error: ErrorObject): string {
  const where = error.instancePath || '/';
  if (error.keyword === 'enum') return `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  if (error.keyword === 'additionalProperties') return `${where} has the undocumented property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  return `${where} ${error.message ?? error.keyword}`;
}
