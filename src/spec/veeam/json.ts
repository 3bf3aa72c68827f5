import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { toJsonSchema } from '../json-schema.ts';
import type { ValidationResult } from '../validators.ts';
import { veeamResponseSchema, type VeeamForm } from './catalog.ts';
import { loadVeeamSpec, type VeeamSpec } from './load.ts';

export type { ValidationResult } from '../validators.ts';

/** Validates one JSON answer; `errors` are readable lines (`/Refs/0/UID must match pattern ...`). */
export type VeeamJsonValidator = (data: unknown) => ValidationResult;

export interface VeeamJsonValidatorOptions {
  /** The representation asked for, for a resource with two forms (default `reference`). */
  form?: VeeamForm;
  /** The documented status whose body to validate (default: the operation's success status). */
  status?: number | 'default';
}

/** Vendor keywords that appear inside the Veeam schemas: annotations ajv's strict mode must know about. */
export const VEEAM_SCHEMA_KEYWORDS = [
  'x-veeam-xsd-type', 'x-veeam-json-mapping', 'x-veeam-undocumented', 'x-veeam-observed-values',
  'x-veeam-minimal-view', 'x-veeam-xml-aliases', 'x-veeam-introduced',
];

/** ISO-8601 date and time as RFC 3339 writes it; the schemas add their own UTC-only pattern. */
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

function createAjv(): Ajv {
  // Nullable properties become ["string", "null"]: union types are how JSON Schema says "absent in XML, null in JSON".
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  ajv.addVocabulary(VEEAM_SCHEMA_KEYWORDS);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 63 });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv;
}

/**
 * Compiles validators of the Veeam answers' JSON form, each schema once.
 * @remarks One strict ajv instance per spec; the OpenAPI schemas go through the same conversion as ONTAP's.
 */
export function createVeeamJsonValidators(spec: VeeamSpec): (operationId: string, options?: VeeamJsonValidatorOptions) => VeeamJsonValidator {
  const ajv = createAjv();
  const compiled = new Map<string, ValidateFunction>();
  return (operationId, options = {}) => {
    const key = `${operationId}/${options.status ?? 'ok'}/${options.form ?? 'default'}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(toJsonSchema(veeamResponseSchema(spec, operationId, options), { view: 'response' }));
      compiled.set(key, validate);
    }
    const fn = validate;
    return (data) => (fn(data) ? { valid: true, errors: [] } : { valid: false, errors: (fn.errors ?? []).map(describe) });
  };
}

let shared: Promise<ReturnType<typeof createVeeamJsonValidators>> | undefined;

/**
 * The JSON validator of one operation's answer, from the spec that ships with the suite.
 * @example `(await veeamJsonValidator('cdp_replica_task_session_get', { form: 'entity' }))(body)`
 */
export async function veeamJsonValidator(operationId: string, options?: VeeamJsonValidatorOptions): Promise<VeeamJsonValidator> {
  shared ??= loadVeeamSpec().then(createVeeamJsonValidators);
  return (await shared)(operationId, options);
}

/** `/Refs/0/Links/1 must have required property 'Href'`, `/State must be one of InProgress, Pending, Completed`. */
function describe(error: ErrorObject): string {
  const where = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'enum') return `${where} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
  if (error.keyword === 'additionalProperties') return `${where} has the undocumented property "${String(params.additionalProperty)}"`;
  if (error.keyword === 'format') return `${where} must be a valid ${String(params.format)}`;
  return `${where} ${error.message ?? error.keyword}`;
}
