import type { OpenAPIV3 } from 'openapi-types';
import type { FieldInfo, FieldType } from '../oracle/types.ts';
import type { Spec } from './load.ts';
import { compareVersions } from './version.ts';

type Schema = OpenAPIV3.SchemaObject & Record<string, unknown>;
type Operation = OpenAPIV3.OperationObject & Record<string, unknown>;

/** A field as the catalog describes it: the oracle's FieldInfo plus the release that introduced it. */
export interface CatalogField extends FieldInfo {
  introduced: string;
  sortable: boolean;
}

export interface CatalogOperation {
  id: string;
  method: string;
  path: string;
  introduced: string;
  scope: 'svm' | 'node' | 'any';
  errorCodes: Array<{ code: string; message: string }>;
  parameters: string[];
  patchable: string[];
}

/** The key fields of a collection's records (x-ontap-keys). */
export interface CatalogKeys {
  /** Keys that default records and every record of an explicit fields= selection carry. */
  required: string[];
  /** Keys that may accompany any fields= selection besides the selected fields. */
  allowed: string[];
}

/** What the required keys depend on: the target's release and NDMP mode. */
export interface KeyTarget {
  version: string;
  mode: 'svm' | 'node';
}

export interface Catalog {
  operations: CatalogOperation[];
  /** Codes any operation may answer with (ontap-rest.md · Errors). */
  genericErrorCodes: Array<{ code: string; status: number; meaning: string }>;
  /** Whether the spec documents `code`, generically or for some operation. */
  documents(code: string): boolean;
  operation(id: string): CatalogOperation;
  /** Filter parameters of a collection GET, typed from the record schema. */
  filterableFields(operationId: string): CatalogField[];
  /** Every leaf field of the records an operation returns (without _links). */
  recordFields(operationId: string): CatalogField[];
  /**
   * The key fields of a collection's records.
   * @remarks With a target, `required` holds the keys that target must carry: the mode's scoped keys included,
   * keys whose field came after the target's release left out. Without one, only the keys every target carries.
   */
  keys(operationId: string, target?: KeyTarget): CatalogKeys;
  patchableFields(operationId: string): string[];
  writeOnlyFields(operationId: string): string[];
}

const METHODS = ['get', 'patch', 'delete', 'post', 'put'] as const;

/** The operation object with its method and path, or an error naming the unknown id. */
export function findOperation(spec: Spec, operationId: string): { method: string; path: string; operation: Operation; pathParameters: OpenAPIV3.ParameterObject[] } {
  for (const [path, item] of Object.entries(spec.document.paths)) {
    for (const method of METHODS) {
      const operation = item?.[method] as Operation | undefined;
      if (operation?.operationId === operationId) {
        return { method: method.toUpperCase(), path, operation, pathParameters: (item?.parameters ?? []) as OpenAPIV3.ParameterObject[] };
      }
    }
  }
  throw new Error(`the spec has no operation "${operationId}"`);
}

/** The schema of one record: the items of `records` for a collection, else the 200 body itself. */
function recordSchema(operation: Operation): Schema | undefined {
  const ok = operation.responses?.['200'] as OpenAPIV3.ResponseObject | undefined;
  const body = Object.values(ok?.content ?? {})[0]?.schema as Schema | undefined;
  const records = body?.properties?.records as Schema | undefined;
  return (records?.items as Schema | undefined) ?? body;
}

function typeOf(schema: Schema): { type: FieldType; array: boolean; enum?: string[] } {
  const array = schema.type === 'array';
  const item = (array ? schema.items : schema) as Schema;
  if (item.enum) return { type: 'enum', array, enum: item.enum as string[] };
  if (item.type === 'integer' || item.type === 'number') return { type: 'integer', array };
  if (item.type === 'boolean') return { type: 'boolean', array };
  return { type: 'string', array };
}

function leaves(schema: Schema, prefix: string, introduced: string, out: CatalogField[]): void {
  for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    if (name === '_links') continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const since = (child['x-ontap-introduced'] as string | undefined) ?? introduced;
    if (child.type === 'object' || child.properties) leaves(child, path, since, out);
    else {
      const info = typeOf(child);
      out.push({ path, ...info, introduced: since, sortable: !info.array && child['x-ontap-sortable'] !== false, ...(child.writeOnly ? { writeOnly: true } : {}) } as CatalogField);
    }
  }
}

/** Builds the catalog of operations and fields the suites, generators and emulator share. */
export function buildCatalog(spec: Spec): Catalog {
  const operations: CatalogOperation[] = [];
  for (const [path, item] of Object.entries(spec.document.paths)) {
    for (const method of METHODS) {
      const operation = item?.[method] as Operation | undefined;
      if (!operation?.operationId) continue;
      operations.push({
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        introduced: String(operation['x-ontap-introduced'] ?? '9.7'),
        scope: (operation['x-ontap-ndmp-scope'] as CatalogOperation['scope'] | undefined) ?? 'any',
        errorCodes: (operation['x-ontap-error-codes'] as CatalogOperation['errorCodes'] | undefined) ?? [],
        parameters: [...((item?.parameters ?? []) as OpenAPIV3.ParameterObject[]), ...((operation.parameters ?? []) as OpenAPIV3.ParameterObject[])].map((p) => p.name),
        patchable: (operation['x-ontap-patchable'] as string[] | undefined) ?? [],
      });
    }
  }
  const byId = new Map(operations.map((op) => [op.id, op]));
  const cache = new Map<string, CatalogField[]>();
  const recordFields = (operationId: string): CatalogField[] => {
    let fields = cache.get(operationId);
    if (!fields) {
      const { operation } = findOperation(spec, operationId);
      fields = [];
      const schema = recordSchema(operation);
      if (schema) leaves(schema, '', String(operation['x-ontap-introduced'] ?? '9.7'), fields);
      cache.set(operationId, fields);
    }
    return fields;
  };
  const info = spec.document.info as OpenAPIV3.InfoObject & Record<string, unknown>;
  const genericErrorCodes = (info['x-ontap-generic-error-codes'] as Catalog['genericErrorCodes'] | undefined) ?? [];
  const documented = new Set([...genericErrorCodes.map((c) => c.code), ...operations.flatMap((op) => op.errorCodes.map((c) => c.code))]);
  return {
    operations,
    genericErrorCodes,
    documents: (code) => documented.has(code),
    operation(id) {
      const op = byId.get(id);
      if (!op) throw new Error(`the spec has no operation "${id}"`);
      return op;
    },
    filterableFields(operationId) {
      const { operation } = findOperation(spec, operationId);
      const fields = new Map(recordFields(operationId).map((field) => [field.path, field]));
      return ((operation.parameters ?? []) as Array<OpenAPIV3.ParameterObject & Record<string, unknown>>)
        .filter((p) => p.in === 'query' && p['x-ontap-filterable'] === true)
        .map((p) => {
          const field = fields.get(p.name);
          if (!field) throw new Error(`${operationId}: filter "${p.name}" names no field of the record schema`);
          const introduced = (p['x-ontap-introduced'] as string | undefined) ?? field.introduced;
          return { ...field, introduced };
        });
    },
    recordFields,
    keys(operationId, target) {
      const { operation } = findOperation(spec, operationId);
      const keys = operation['x-ontap-keys'] as { required?: string[]; scoped?: Partial<Record<KeyTarget['mode'], string[]>>; allowed?: string[] } | undefined;
      const introduced = new Map(recordFields(operationId).map((field) => [field.path, field.introduced]));
      const since = (path: string): string => {
        const release = introduced.get(path);
        if (!release) throw new Error(`${operationId}: key "${path}" names no field of the record schema`);
        return release;
      };
      const required = keys?.required ?? [];
      // Without a target, a key counts only if every target that has the operation carries it.
      const resolved = target
        ? [...required, ...(keys?.scoped?.[target.mode] ?? [])].filter((path) => compareVersions(target.version, since(path)) >= 0)
        : required.filter((path) => compareVersions(String(operation['x-ontap-introduced'] ?? '9.7'), since(path)) >= 0);
      return { required: resolved, allowed: keys?.allowed ?? [] };
    },
    patchableFields: (operationId) => byId.get(operationId)?.patchable ?? [],
    writeOnlyFields: (operationId) => recordFields(operationId).filter((f) => (f as { writeOnly?: boolean }).writeOnly).map((f) => f.path),
  };
}
