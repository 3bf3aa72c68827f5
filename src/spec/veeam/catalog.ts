import type { OpenAPIV3 } from 'openapi-types';
import { findOperation } from '../catalog.ts';
import type { VeeamSpec } from './load.ts';

/** The API versions the spec covers, oldest first; `latest` is the last. */
export const VEEAM_API_VERSIONS = ['v1_5', 'v1_6', 'v1_7'] as const;
export type VeeamApiVersion = (typeof VEEAM_API_VERSIONS)[number];

/** Compares two API versions (`latest` is the newest): negative, zero or positive. */
export function compareVeeamVersions(a: VeeamApiVersion | 'latest', b: VeeamApiVersion | 'latest'): number {
  const rank = (v: VeeamApiVersion | 'latest') => (v === 'latest' ? VEEAM_API_VERSIONS.length - 1 : VEEAM_API_VERSIONS.indexOf(v));
  return rank(a) - rank(b);
}

/** The two representations of a key resource (veeam-em.md · Representations). */
export type VeeamForm = 'reference' | 'entity';

/** A link a returned resource carries, and the operation it leads to (x-veeam-links). */
export interface VeeamLink {
  rel: string;
  type: string;
  operationId: string;
  /** `Entity` when the link asks for the entity form. */
  format?: 'Entity';
  /** Only this form carries the link; absent: every form (or the only one). */
  form?: VeeamForm;
}

export interface VeeamOperation {
  id: string;
  method: string;
  /** The path below /api, e.g. `/nas/jobs/{ID}/backupSessions`. */
  path: string;
  introduced: VeeamApiVersion;
  /** Only sessions created in the last N days are listed (x-veeam-window-days). */
  windowDays?: number;
  /** The Type attribute of the references the operation returns. */
  referenceType?: string;
  /** Component schema names of the reference and entity forms, when the resource has both. */
  forms?: Record<VeeamForm, string>;
  links: VeeamLink[];
  /** Statuses the operation documents, `default` excluded. */
  statuses: number[];
  /** Ids of the undocumented points (info.x-veeam-undocumented) that apply to the operation. */
  undocumented: string[];
}

/** A point the reference leaves open and what the suite accepts for it (a warning, never a failure). */
export interface VeeamUndocumented {
  id: string;
  topic: string;
  accepted: string;
}

export type VeeamQueryFieldType = 'uid' | 'string' | 'datetime' | 'enum' | 'long' | 'boolean';

/** Where a query field's value lives in a representation of the resource. */
export type VeeamFieldSource =
  | { attribute: string }
  | { element: string }
  /** A link of the given Type: its Name, or the UID built from the GUID at the end of its Href. */
  | { link: string; part: 'Name' | 'UID' };

export interface VeeamQueryField {
  name: string;
  type: VeeamQueryFieldType;
  /** Values in declaration order: the order the filter's <, >, <=, >= compare by. */
  enum?: string[];
  /** For `uid` fields, the <Type> of urn:veeam:<Type>:<guid>. */
  uidType?: string;
  /** Absent when no representation the suite judges carries the value: an oracle cannot evaluate the field. */
  source?: VeeamFieldSource;
}

export interface VeeamQueryType {
  /** The value of `type=` in GET /query. */
  type: string;
  introduced: VeeamApiVersion;
  /** Component schema of the entity form (what format=Entities lists). */
  entity: string;
  /** XML root element of one entity (the schema's xml name). */
  entityElement: string;
  /** Type attribute of the references a query without format=Entities lists. */
  referenceType: string;
  /** Name of the entity list under QueryResult/Entities. */
  entitiesList: string;
  fields: VeeamQueryField[];
}

type Extended<T> = T & Record<string, unknown>;
const METHODS = ['get', 'post', 'delete', 'put', 'patch'] as const;

function asList(value: unknown): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** Every operation of the Veeam spec with its vendor extensions read into typed fields. */
export function veeamOperations(spec: VeeamSpec): VeeamOperation[] {
  const out: VeeamOperation[] = [];
  for (const [path, item] of Object.entries(spec.document.paths)) {
    for (const method of METHODS) {
      const operation = item?.[method] as Extended<OpenAPIV3.OperationObject> | undefined;
      if (!operation?.operationId) continue;
      const parameters = [...((item?.parameters ?? []) as Array<Extended<OpenAPIV3.ParameterObject>>), ...((operation.parameters ?? []) as Array<Extended<OpenAPIV3.ParameterObject>>)];
      out.push({
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        introduced: (operation['x-veeam-introduced'] as VeeamApiVersion | undefined) ?? VEEAM_API_VERSIONS[0],
        ...(operation['x-veeam-window-days'] !== undefined ? { windowDays: Number(operation['x-veeam-window-days']) } : {}),
        ...(operation['x-veeam-reference-type'] ? { referenceType: String(operation['x-veeam-reference-type']) } : {}),
        ...(operation['x-veeam-forms'] ? { forms: operation['x-veeam-forms'] as Record<VeeamForm, string> } : {}),
        links: (operation['x-veeam-links'] as VeeamLink[] | undefined) ?? [],
        statuses: Object.keys(operation.responses ?? {}).filter((s) => s !== 'default').map(Number),
        undocumented: [...asList(operation['x-veeam-undocumented']), ...parameters.flatMap((p) => asList(p['x-veeam-undocumented']))],
      });
    }
  }
  return out;
}

/** One operation by id, or an error naming the unknown id. */
export function veeamOperation(spec: VeeamSpec, operationId: string): VeeamOperation {
  const found = veeamOperations(spec).find((op) => op.id === operationId);
  if (!found) throw new Error(`the Veeam spec has no operation "${operationId}"`);
  return found;
}

/** The points the reference leaves open (info.x-veeam-undocumented). */
export function veeamUndocumented(spec: VeeamSpec): VeeamUndocumented[] {
  const info = spec.document.info as Extended<OpenAPIV3.InfoObject>;
  return (info['x-veeam-undocumented'] as VeeamUndocumented[] | undefined) ?? [];
}

/** A component schema by name (dereferenced), or an error naming it. */
export function veeamSchema(spec: VeeamSpec, name: string): OpenAPIV3.SchemaObject {
  const schema = spec.document.components?.schemas?.[name] as OpenAPIV3.SchemaObject | undefined;
  if (!schema) throw new Error(`the Veeam spec has no schema "${name}"`);
  return schema;
}

/**
 * The schema of an operation's answer body.
 * @remarks For a resource with two forms, `form` picks one (default: the reference form, what a request without
 * `format=Entity` gets); otherwise the schema of `status`'s JSON content.
 */
export function veeamResponseSchema(spec: VeeamSpec, operationId: string, options: { form?: VeeamForm; status?: number | 'default' } = {}): OpenAPIV3.SchemaObject {
  const status = options.status ?? okStatus(spec, operationId);
  const forms = veeamOperation(spec, operationId).forms;
  if (forms && (status === 200 || status === 201)) return veeamSchema(spec, forms[options.form ?? 'reference']);
  if (options.form && options.form !== 'reference') throw new Error(`${operationId} has no ${options.form} form`);
  const { operation } = findOperation(spec, operationId);
  const response = operation.responses?.[String(status)] as OpenAPIV3.ResponseObject | undefined;
  const schema = response?.content?.['application/json']?.schema as OpenAPIV3.SchemaObject | undefined;
  if (!schema) throw new Error(`${operationId} documents no ${status} response body`);
  return schema;
}

function okStatus(spec: VeeamSpec, operationId: string): number {
  const statuses = veeamOperation(spec, operationId).statuses;
  return statuses.find((s) => s >= 200 && s < 300 && s !== 204) ?? 200;
}

/**
 * The XML root element an answer must have: the xml name of its schema.
 * @remarks An EntityRef where a CdpReplicaTaskSession was asked for is valid against the XSD (both are global
 * elements), so the checks pass this name to the XML validator.
 */
export function veeamXmlRoot(spec: VeeamSpec, operationId: string, options: { form?: VeeamForm; status?: number | 'default' } = {}): string {
  const schema = veeamResponseSchema(spec, operationId, options);
  const name = schema.xml?.name;
  if (!name) throw new Error(`${operationId}: the answer schema names no XML root element`);
  return name;
}

/** The root element names an answer may have: the schema's xml name, then the aliases the XSD also accepts. */
export function veeamXmlRoots(spec: VeeamSpec, operationId: string, options: { form?: VeeamForm; status?: number | 'default' } = {}): string[] {
  const schema = veeamResponseSchema(spec, operationId, options) as OpenAPIV3.SchemaObject & Record<string, unknown>;
  return [veeamXmlRoot(spec, operationId, options), ...((schema['x-veeam-xml-aliases'] as string[] | undefined) ?? [])];
}

/** The query types of GET /query with their filter and sort fields (x-veeam-query-fields). */
export function veeamQueryCatalog(spec: VeeamSpec): VeeamQueryType[] {
  const { operation } = findOperation(spec, 'query_get');
  const declared = operation['x-veeam-query-fields'] as Record<string, Omit<VeeamQueryType, 'type' | 'entityElement' | 'introduced'> & { introduced?: VeeamApiVersion }> | undefined;
  if (!declared) throw new Error('query_get declares no x-veeam-query-fields');
  return Object.entries(declared).map(([type, entry]) => ({
    type,
    introduced: entry.introduced ?? VEEAM_API_VERSIONS[0],
    entity: entry.entity,
    entityElement: veeamSchema(spec, entry.entity).xml?.name ?? entry.entity,
    referenceType: entry.referenceType,
    entitiesList: entry.entitiesList,
    fields: entry.fields.map((field) => ({ ...field })),
  }));
}

/** One query type by its `type=` value, or an error naming it. */
export function veeamQueryType(spec: VeeamSpec, type: string): VeeamQueryType {
  const found = veeamQueryCatalog(spec).find((entry) => entry.type === type);
  if (!found) throw new Error(`the Veeam spec has no query type "${type}"`);
  return found;
}
