import fc from 'fast-check';
import { forAll } from '../../../src/checks/property.ts';
import { excerpt, fail, mustMediaType, mustStatus } from '../../../src/checks/veeam-expect.ts';
import type { VeeamCheckContext } from '../../../src/checks/veeam-model.ts';
import type { VeeamResponse } from '../../../src/client/veeam-client.ts';
import { guidOf } from './documents.ts';

type Json = Record<string, unknown>;

/** IDs of one kind of resource that share a trait a rule depends on (running, finished with a warning, …). */
export interface Stratum {
  name: string;
  ids: string[];
}

/** The IDs discovery found, grouped so that every sample holds one ID of each group. */
export interface Discovered {
  /** `CDP replication task session`: for messages. */
  what: string;
  ids: string[];
  strata: Stratum[];
}

interface Source {
  what: string;
  /** The documented collection that lists the resources (JSON form, `Refs`). */
  collection: string;
  /** The query service's type and entity list (veeam-em.md · Query service). */
  queryType: string;
  entitiesList: string;
  /** The stratum of an entity the query service lists. */
  classify(entity: Json): string;
}

/** A query service that answers this is not offered (it is optional): discovery goes on without it. */
const QUERY_NOT_OFFERED = [400, 404, 501];
const QUERY_PAGE_SIZE = 100;
/** Pages of the query service read at most: samples need variety, not every session of a busy server. */
const QUERY_PAGES = 5;

const CDP_RUNNING = ['InProgress', 'Pending'];
const byResult = (entity: Json) => (entity.Result === 'Success' ? 'succeeded' : 'finished otherwise');

export const CDP_TASK_SESSIONS: Source = {
  what: 'CDP replication task session', collection: '/api/cdpReplicaTaskSessions', queryType: 'CdpReplicaTaskSession', entitiesList: 'CdpReplicaTaskSessions',
  classify: (entity) => (CDP_RUNNING.includes(String(entity.State)) ? 'running' : byResult(entity)),
};
export const BACKUP_SESSIONS: Source = {
  what: 'backup job session', collection: '/api/backupSessions', queryType: 'BackupJobSession', entitiesList: 'BackupJobSessions',
  classify: (entity) => (entity.State !== 'Stopped' ? 'running' : byResult(entity)),
};
export const NAS_JOBS: Source = {
  what: 'file share backup job', collection: '/api/nas/jobs', queryType: 'NasJob', entitiesList: 'NasJobs',
  classify: () => 'listed',
};

function mustJsonObject(res: VeeamResponse, what: string): Json {
  mustStatus(res, 200);
  mustMediaType(res, 'json');
  const body = res.json;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) fail(res, what, excerpt(res.text, 200));
  return body as Json;
}

function mustGuidHref(res: VeeamResponse, item: unknown, what: string): string {
  const href = (item as Json | null)?.Href;
  const guid = typeof href === 'string' ? guidOf(href) : undefined;
  if (!guid) fail(res, `every ${what} with an Href ending in its GUID`, excerpt(item, 200));
  return guid;
}

/** The GUIDs of a documented collection (`{"Refs": [...]}`, null when empty). */
async function collectionIds(ctx: VeeamCheckContext, source: Source): Promise<string[]> {
  const res = await ctx.veeam.get(source.collection, { accept: 'json' });
  const refs = mustJsonObject(res, 'an EntityReferences answer {"Refs": [...]}').Refs;
  if (refs !== null && !Array.isArray(refs)) fail(res, 'Refs as an array (or null when empty)', excerpt(refs, 200));
  return (refs ?? []).map((ref) => mustGuidHref(res, ref, `reference of GET ${source.collection}`));
}

/** The entities the query service lists (first pages), or undefined when the service is not offered. */
async function queryEntities(ctx: VeeamCheckContext, source: Source): Promise<Array<{ id: string; stratum: string }> | undefined> {
  const out: Array<{ id: string; stratum: string }> = [];
  for (let page = 1; page <= QUERY_PAGES; page++) {
    const query = { type: source.queryType, format: 'Entities', pageSize: String(QUERY_PAGE_SIZE), page: String(page) };
    const res = await ctx.veeam.get('/api/query', { accept: 'json', query });
    if (page === 1 && QUERY_NOT_OFFERED.includes(res.status)) return undefined;
    const body = mustJsonObject(res, 'a QueryResult');
    const list = ((body.Entities as Json | null | undefined)?.[source.entitiesList] as Json | null | undefined)?.[source.entitiesList];
    if (list !== null && list !== undefined && !Array.isArray(list)) fail(res, `Entities.${source.entitiesList}.${source.entitiesList} as an array`, excerpt(body.Entities, 200));
    for (const entity of (list ?? []) as Json[]) out.push({ id: mustGuidHref(res, entity, `${source.queryType} entity of the query service`), stratum: source.classify(entity) });
    const pages = Number((body.PagingInfo as Json | undefined)?.PagesCount);
    if (!(page < pages) || !Array.isArray(list) || list.length === 0) break;
  }
  return out;
}

/**
 * The IDs of one kind of resource, from its documented collection and from the query service (which also lists
 * what is older than the collections' 30 days). The query's entities give the strata (running, succeeded, finished
 * otherwise); IDs only the collection lists form a stratum of their own.
 */
export async function discover(ctx: VeeamCheckContext, source: Source): Promise<Discovered> {
  const listed = await collectionIds(ctx, source);
  const queried = await queryEntities(ctx, source);
  const seen = new Set<string>();
  const strata = new Map<string, string[]>();
  const add = (id: string, stratum: string) => {
    if (seen.has(id.toLowerCase())) return;
    seen.add(id.toLowerCase());
    strata.set(stratum, [...(strata.get(stratum) ?? []), id]);
  };
  for (const { id, stratum } of queried ?? []) add(id, stratum);
  for (const id of listed) add(id, queried ? 'listed by the collection only' : 'listed');
  return { what: source.what, ids: [...strata.values()].flat(), strata: [...strata].map(([name, ids]) => ({ name, ids })) };
}

/** A stable number per check id: different checks examine different samples of the same run. */
export function saltOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return Math.abs(hash) % 100_000;
}

/**
 * Runs `body` on a seeded sample of the discovered IDs: each of the run's cases draws one ID from every stratum
 * (so running sessions are never left out by chance), and each ID is judged once per check.
 */
export async function forSampledIds(ctx: VeeamCheckContext, discovered: Discovered, salt: number, body: (id: string) => Promise<void>): Promise<void> {
  const strata = discovered.strata.filter((stratum) => stratum.ids.length > 0);
  if (strata.length === 0) fail(undefined, `at least one ${discovered.what} to test with (the inventory counted some)`, 'none in the collection or the query service');
  const passed = new Set<string>();
  const sample = fc.tuple(...strata.map((stratum) => fc.constantFrom(...stratum.ids)));
  await forAll(ctx, sample, async (ids) => {
    for (const id of ids) {
      if (passed.has(id)) continue;
      await body(id);
      passed.add(id);
    }
  }, salt);
}
