import fc from 'fast-check';
import { excerpt, fail, mustStatus, parseXml } from '../../src/checks/veeam-expect.ts';
import type { VeeamCapability, VeeamCheck, VeeamCheckContext } from '../../src/checks/veeam-model.ts';
import type { VeeamResponse } from '../../src/client/veeam-client.ts';
import { parseVeeamDateTime } from '../../src/oracle/veeam-query.ts';
import { check } from './query/define.ts';
import { queryModel, type QueryModel } from './query/model.ts';
import { apiPath, EDGE_MARGIN_MS, guidOf, linkOf, QueryServiceAbsent, readAllRecords, readReferences, WINDOW_MS, type Item } from './query/read.ts';

/**
 * What each session list may hold: only sessions created in the last 30 days, all of them, and only those of
 * the job or CDP policy session it belongs to. The sessions' creation times and parents come from the query
 * service's entities, or from a session's own entity form when the query service does not find it.
 */

const WINDOW = 'seed 004 (only sessions created in the last 30 days); veeam-em.md · CdpReplicaTaskSession, BackupJobSession and NAS jobs';
/** Parents (NAS jobs, CDP policy sessions) whose lists are read, at most; more are sampled with the run's seed. */
const MAX_PARENTS = 50;
/** Sessions of one list whose own entity is read for its creation time, at most (the query service gives the rest). */
const MAX_ENTITY_READS = 200;

/** A seeded sample of at most `max` of `items`. */
const sampled = <T>(ctx: VeeamCheckContext, items: T[], max: number): T[] =>
  items.length <= max ? items : fc.sample(fc.shuffledSubarray(items, { minLength: max, maxLength: max }), { seed: ctx.seed, numRuns: 1 })[0]!;

/**
 * The query service's records of the type; none when the server does not offer that optional service
 * (veeam-em.md · Query service): the lists are then judged by their sessions' own entities and links only.
 */
async function recordsIfOffered(ctx: VeeamCheckContext, model: QueryModel): Promise<Item[]> {
  try {
    return await readAllRecords(ctx, model, {}, true);
  } catch (error) {
    if (error instanceof QueryServiceAbsent) return [];
    throw error;
  }
}

/** One list of sessions under test, read before and after the query service, and the sessions it should hold. */
interface SessionList {
  path: string;
  res: VeeamResponse;
  /** Everything either read listed. */
  items: Item[];
  /** The query service's sessions that belong in this list (all of the type, or those of one parent). */
  expected: Item[];
}

/** The entity form of a listed session: its Alternate link to the entity, else its Href with format=Entity. */
async function entityOf(ctx: VeeamCheckContext, item: Item): Promise<{ res: VeeamResponse; doc: Record<string, unknown> }> {
  const alternate = item.links.find((link) => link.Rel === 'Alternate' && /format=entity/i.test(link.Href ?? ''));
  const res = await ctx.veeam.get(apiPath(alternate?.Href ?? `${item.href}${item.href.includes('?') ? '&' : '?'}format=Entity`), { accept: 'xml' });
  mustStatus(res, 200);
  return { res, ...parseXml(res) };
}

/** Creation time of a listed session: from the query service's records, else from its entity form. */
async function creationOf(ctx: VeeamCheckContext, model: QueryModel, item: Item, records: ReadonlyMap<string, Item>): Promise<number> {
  const known = records.get(item.id)?.values[model.creation.name];
  if (known !== undefined && parseVeeamDateTime(known) !== undefined) return parseVeeamDateTime(known)!;
  const { res, doc } = await entityOf(ctx, item);
  const time = parseVeeamDateTime(String(doc.CreationTimeUTC ?? ''));
  if (time === undefined) fail(res, `the entity of ${item.id} with a CreationTimeUTC (the query service does not find it)`, excerpt(res.text, 300));
  return time;
}

/**
 * Reads a list now and returns the second read, to be made after the caller has read the query service: a
 * session that starts in between is then in one of the two reads.
 */
async function readTwice(ctx: VeeamCheckContext, path: string): Promise<() => Promise<Omit<SessionList, 'expected'>>> {
  const first = await readReferences(ctx, path);
  return async () => {
    const second = await readReferences(ctx, path);
    return { path, res: second.res, items: [...new Map([...first.items, ...second.items].map((item) => [item.id, item])).values()] };
  };
}

/** Nothing created before the window (less the margin) is listed; everything created inside it (beyond the margin) is. */
async function mustKeepWindow(ctx: VeeamCheckContext, model: QueryModel, list: SessionList, records: ReadonlyMap<string, Item>): Promise<void> {
  const edge = Date.now() - WINDOW_MS;
  const at = (time: number) => new Date(time).toISOString();
  const old: string[] = [];
  const unknown = list.items.filter((item) => !records.has(item.id));
  const judged = [...list.items.filter((item) => records.has(item.id)), ...sampled(ctx, unknown, MAX_ENTITY_READS)];
  for (const item of judged) {
    const created = await creationOf(ctx, model, item, records);
    if (created < edge - EDGE_MARGIN_MS) old.push(`${item.id} (created ${at(created)})`);
  }
  if (old.length) fail(list.res, `only sessions created in the last 30 days (after ${at(edge)}, give or take 5 minutes)`, `${old.length} older: ${old.slice(0, 5).join(', ')}`);
  const listed = new Set(list.items.map((item) => item.id));
  const absent = list.expected.filter((item) => (parseVeeamDateTime(item.values[model.creation.name] ?? '') ?? -Infinity) > edge + EDGE_MARGIN_MS && !listed.has(item.id));
  if (absent.length) {
    fail(list.res, `every session created in the last 30 days (after ${at(edge)}, give or take 5 minutes) that the query service finds for ${list.path}`, `not listed: ${absent.slice(0, 5).map((item) => `${item.id} (created ${item.values[model.creation.name]})`).join(', ')}`);
  }
}

/** A parent of session lists: a NAS job (its sessions name the job) or a CDP policy session (its tasks name it). */
interface Parent {
  kind: 'nas-job' | 'cdp-policy';
  queryType: string;
  parents: string;
  sessions: (id: string) => string;
  /** The link of a listed session that names its parent, and the query field that holds the parent's UID. */
  link: string;
  field: string;
  needs: VeeamCapability[];
}

const NAS_JOB: Parent = {
  kind: 'nas-job', queryType: 'BackupJobSession', parents: '/api/nas/jobs', sessions: (id) => `/api/nas/jobs/${id}/backupSessions`,
  link: 'JobReference', field: 'JobUid', needs: ['data:nasJobs'],
};
const CDP_POLICY: Parent = {
  kind: 'cdp-policy', queryType: 'CdpReplicaTaskSession', parents: '/api/cdpReplicaSessions', sessions: (id) => `/api/cdpReplicaSessions/${id}/cdpReplicaTaskSessions`,
  link: 'CdpReplicaSessionReference', field: 'PolicySessionUid', needs: ['api>=v1_6', 'data:cdpPolicySessions'],
};

/** The parents' session lists (every parent up to MAX_PARENTS, else a seeded sample) and the query's records. */
async function readParentLists(ctx: VeeamCheckContext, parent: Parent): Promise<{ model: QueryModel; records: Map<string, Item>; lists: Array<SessionList & { parentId: string }> }> {
  const model = queryModel(ctx, parent.queryType);
  const { items } = await readReferences(ctx, parent.parents);
  const ids = items.map((item) => item.id);
  const pending = [];
  for (const id of sampled(ctx, ids, MAX_PARENTS)) pending.push({ id, finish: await readTwice(ctx, parent.sessions(id)) });
  const all = await recordsIfOffered(ctx, model);
  const lists = [];
  for (const { id, finish } of pending) {
    const expected = all.filter((item) => guidOf(item.values[parent.field]) === id);
    lists.push({ ...(await finish()), expected, parentId: id });
  }
  return { model, records: new Map(all.map((item) => [item.id, item])), lists };
}

/** The parent a listed session names: its link, and its entity's UID field; both must name `parentId` where present. */
async function mustBelong(ctx: VeeamCheckContext, parent: Parent, list: SessionList & { parentId: string }, item: Item, records: ReadonlyMap<string, Item>): Promise<void> {
  const link = linkOf(item, parent.link);
  let uid = records.get(item.id)?.values[parent.field];
  if (uid === undefined && !link) uid = String((await entityOf(ctx, item)).doc[parent.field] ?? '') || undefined;
  const named = [link ? `${parent.link} link ${link.Href}` : '', uid ? `${parent.field} ${uid}` : ''].filter(Boolean);
  if (named.length === 0) fail(list.res, `each session under ${list.path} to name its parent (${parent.link} link or ${parent.field})`, `${item.id} names none`);
  const wrong = (link && guidOf(link.Href) !== list.parentId) || (uid !== undefined && guidOf(uid) !== list.parentId);
  if (wrong) fail(list.res, `only sessions of ${list.parentId} under ${list.path}`, `${item.id} names ${named.join(' and ')}`);
}

function parentChecks(parent: Parent): VeeamCheck[] {
  const [noun, lists, owner] = parent.kind === 'nas-job'
    ? ['nas-job-sessions', '/nas/jobs/{ID}/backupSessions', 'the job (JobReference link, JobUid)']
    : ['cdp-policy-task-sessions', '/cdpReplicaSessions/{ID}/cdpReplicaTaskSessions', 'the policy session (CdpReplicaSessionReference link, PolicySessionUid)'];
  const operation = `GET /api${lists}`;
  return [
    check({
      id: `veeam.scope.${noun}.window`, title: `${lists} lists every session of its parent created in the last 30 days and none older`,
      operation, requirement: WINDOW, needs: parent.needs,
      async run(ctx) {
        const { model, records, lists: read } = await readParentLists(ctx, parent);
        for (const list of read) await mustKeepWindow(ctx, model, list, records);
      },
    }),
    check({
      id: `veeam.scope.${noun}.${parent.kind === 'nas-job' ? 'belong-to-job' : 'belong-to-policy'}`, title: `Every session ${lists} lists names ${owner}`,
      operation, requirement: parent.kind === 'nas-job' ? 'seed 004 (sessions performed for the job with the specified ID; Up JobReference link)' : 'seed 003 (PolicySessionUid: the parent CDP policy session; Up CdpReplicaSessionReference link)',
      needs: parent.needs,
      async run(ctx) {
        const { records, lists: read } = await readParentLists(ctx, parent);
        for (const list of read) for (const item of list.items) await mustBelong(ctx, parent, list, item, records);
      },
    }),
  ];
}

function collectionWindowCheck(noun: string, queryType: string, path: string, needs: VeeamCapability[]): VeeamCheck {
  return check({
    id: `veeam.scope.${noun}.window`, title: `${path.replace('/api', '')} lists every session created in the last 30 days and none older`,
    operation: `GET ${path}`, requirement: WINDOW, needs,
    async run(ctx) {
      const model = queryModel(ctx, queryType);
      const finish = await readTwice(ctx, path);
      const all = await recordsIfOffered(ctx, model);
      await mustKeepWindow(ctx, model, { ...(await finish()), expected: all }, new Map(all.map((item) => [item.id, item])));
    },
  });
}

export const scopeChecks: VeeamCheck[] = [
  collectionWindowCheck('backup-sessions', 'BackupJobSession', '/api/backupSessions', ['data:backupSessions']),
  collectionWindowCheck('cdp-task-sessions', 'CdpReplicaTaskSession', '/api/cdpReplicaTaskSessions', ['api>=v1_6', 'data:cdpTaskSessions']),
  ...parentChecks(NAS_JOB),
  ...parentChecks(CDP_POLICY),
];
