import type { VeeamCapability, VeeamCheckContext } from '../../../src/checks/veeam-model.ts';
import { veeamFieldTable } from '../../../src/generate/veeam-filters.ts';
import type { VeeamFieldTable } from '../../../src/oracle/veeam-query.ts';
import type { VeeamQueryField, VeeamQueryType } from '../../../src/spec/veeam/index.ts';

/** A query type the suite compares with the oracle, and the collection that lists the same sessions. */
export interface QuerySubject {
  /** `type=` of GET /query. */
  type: string;
  /** The resource part of check ids. */
  slug: string;
  /** Plural noun for titles. */
  what: string;
  /** The windowed collection of the same sessions (veeam-em.md: "The same sessions appear in /backupSessions"). */
  collection: string;
  needs: VeeamCapability[];
}

/** CDP came with v1_6 (veeam-em.md · Base, versions); both need sessions to test with. */
export const QUERY_SUBJECTS: readonly QuerySubject[] = [
  { type: 'CdpReplicaTaskSession', slug: 'cdp-task-sessions', what: 'CDP replica task sessions', collection: '/api/cdpReplicaTaskSessions', needs: ['api>=v1_6', 'data:cdpTaskSessions'] },
  { type: 'BackupJobSession', slug: 'backup-sessions', what: 'backup job sessions', collection: '/api/backupSessions', needs: ['data:backupSessions'] },
];

/** What the checks know of one query type: the fields a representation carries, their oracle table, open orders. */
export interface QueryModel {
  type: VeeamQueryType;
  /** The filterable fields whose value the entity form carries (catalog `source`): the only ones the oracle can judge. */
  fields: VeeamQueryField[];
  table: VeeamFieldTable;
  /** Per enum field, the values (lower case) whose place in the declaration order is not documented. */
  unordered: Map<string, Set<string>>;
  /** The field of the creation time (its source is the CreationTimeUTC element). */
  creation: VeeamQueryField;
  /** The fields whose value an entity shows against the representation's rules (see openFields). */
  openFields(entity: Record<string, unknown>): string[];
}

/** States of a session that has not finished (seed 003 · State; veeam-em.md · BackupJobSession). */
const RUNNING: Record<string, (state: string) => boolean> = {
  CdpReplicaTaskSession: (state) => state === 'InProgress' || state === 'Pending',
  BackupJobSession: (state) => state !== 'Stopped',
};

/**
 * An end time while the session runs (seed 003: absent while running; for a job session the reference does not
 * say what it would mean) or a Reason with Result Success (seed 003: only for Warning or Failed): the
 * representation checks judge such values; the query checks leave records showing them open for that field
 * rather than blame the query service for a value it need not hold.
 */
function openFieldsOf(typeName: string, fields: readonly VeeamQueryField[]): (entity: Record<string, unknown>) => string[] {
  const sourcedFrom = (element: string) => fields.filter((field) => field.source && 'element' in field.source && field.source.element === element).map((field) => field.name);
  const [end, reason] = [sourcedFrom('EndTimeUTC'), sourcedFrom('Reason')];
  const running = RUNNING[typeName] ?? (() => false);
  return (entity) => [
    ...(entity.EndTimeUTC !== undefined && entity.State !== undefined && running(String(entity.State)) ? end : []),
    ...(entity.Reason !== undefined && entity.Result === 'Success' ? reason : []),
  ];
}

/**
 * The enum values the spec marks as observed but not documented (x-veeam-observed-values on the schema that
 * declares the same values): `None` of a backup job session's Result. Where they sit in the declaration order,
 * which `<` and sorting follow, is unknown.
 */
function observedValues(ctx: VeeamCheckContext, field: VeeamQueryField): Set<string> {
  const schemas = Object.values(ctx.spec.document.components?.schemas ?? {}) as Array<Record<string, unknown>>;
  const same = schemas.find((schema) => Array.isArray(schema.enum) && JSON.stringify(schema.enum) === JSON.stringify(field.enum));
  const observed = (same?.['x-veeam-observed-values'] as string[] | undefined) ?? [];
  return new Set(observed.map((value) => value.toLowerCase()));
}

export function queryModel(ctx: VeeamCheckContext, typeName: string): QueryModel {
  const type = ctx.queryTypes.find((candidate) => candidate.type === typeName);
  if (!type) throw new Error(`the Veeam spec has no query type "${typeName}"`);
  const fields = type.fields.filter((field) => field.source !== undefined);
  const creation = fields.find((field) => field.type === 'datetime' && field.source && 'element' in field.source && field.source.element === 'CreationTimeUTC');
  if (!creation) throw new Error(`query type ${typeName} has no field sourced from CreationTimeUTC`);
  const unordered = new Map(fields.filter((field) => field.type === 'enum').map((field) => [field.name, observedValues(ctx, field)]));
  return { type, fields, table: veeamFieldTable(fields), unordered, creation, openFields: openFieldsOf(typeName, fields) };
}
