import type { IncomingMessage } from 'node:http';
import { VeeamHttpError, type Reply } from './http.ts';
import { BACKUP_SESSION, BACKUP_TASK, CDP_SESSION, CDP_TASK, JOB, NAS_JOB, SERVER, type Kind, type RenderContext } from './kinds.ts';
import { logoff, logon } from './logon.ts';
import { serveQuery } from './query-service.ts';
import { enterpriseManagerNode, entityNode, logonReferenceNode, logonSessionNode, referenceNode, referencesNode } from './render.ts';
import { VEEAM_API_VERSIONS, type LogonSessionRecord, type VeeamApiVersion } from './state.ts';

export interface RouteContext extends RenderContext {
  req: IncomingMessage;
  query: URLSearchParams;
  params: string[];
  /** The caller's logon session; undefined only on public routes or with the token-not-required fault. */
  logon: LogonSessionRecord | undefined;
}

type Handler = (ctx: RouteContext) => Reply;
export type Method = 'GET' | 'POST' | 'DELETE';

export interface Route {
  /** Matched against the path after `/api`, without trailing slash. */
  pattern: RegExp;
  methods: Partial<Record<Method, Handler>>;
  /** Served without a logon session: the entry point and the logon itself. */
  public?: boolean;
  /** The first API version that has the resource (CDP came with v1_6; veeam-em.md · Base, versions). */
  since?: VeeamApiVersion;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Raised for an ID that names nothing. A malformed (non-GUID) ID is not documented: the emulator answers 404
 * as for an unknown GUID ("resource not in the collection", veeam-em.md · Errors), never 400 or 500.
 */
export class NotFoundError extends VeeamHttpError {
  constructor(readonly wellFormed: boolean, message: string) {
    super(404, message);
  }
}

function find<T>(ctx: RouteContext, what: string, lookup: (id: string) => T | undefined, accept: (item: T) => boolean = () => true): T {
  const id = ctx.params[0]!;
  if (!GUID.test(id)) throw new NotFoundError(false, `"${id}" is not the ID of any ${what}.`);
  const item = lookup(id);
  if (item === undefined || !accept(item)) throw new NotFoundError(true, `The ${what} with ID ${id.toLowerCase()} was not found.`);
  return item;
}

/** `?format=Entity` asks for the entity form; no format (or `Ref`) the reference form; anything else is a 400. */
function instance<T>(kind: Kind<T>, what: string, lookup: (ctx: RouteContext) => (id: string) => T | undefined, accept?: (item: T) => boolean): Handler {
  return (ctx) => {
    const item = find(ctx, what, lookup(ctx), accept);
    const format = ctx.query.get('format');
    if (format !== null && !/^(entity|ref|reference)$/i.test(format)) throw new VeeamHttpError(400, `Unknown format "${format}": use Entity.`);
    const entity = format !== null && /^entity$/i.test(format) && !ctx.state.has('veeam-format-entity-ignored');
    return { status: 200, body: entity ? entityNode(kind, item, ctx) : referenceNode(kind, item, ctx, 'EntityRef') };
  };
}

function list<T>(kind: Kind<T>, items: readonly T[], ctx: RenderContext): Reply {
  return { status: 200, body: referencesNode(items.map((item) => referenceNode(kind, item, ctx, 'Ref'))) };
}

/** The 30-day window of the session collections (seed 004; veeam-em.md): instance GETs never apply it. */
const recent = <T extends { creation: number }>(ctx: RouteContext, items: readonly T[]) => items.filter((item) => ctx.state.inWindow(item.creation));

const nasJobSessions: Handler = (ctx) => {
  const job = find(ctx, 'file share backup job', ctx.state.job, (candidate) => candidate.nas);
  const foreign = ctx.state.has('veeam-nas-sessions-foreign');
  const sessions = ctx.state.data.backupSessions.filter((session) => session.jobId === job.id || (foreign && ctx.state.job(session.jobId)!.nas));
  return list(BACKUP_SESSION, recent(ctx, sessions), ctx);
};

const liveLogons = (ctx: RouteContext) => [...ctx.state.logons.values()].filter((record) => !ctx.state.expired(record));

export const ROUTES: Route[] = [
  { pattern: /^$/, public: true, methods: { GET: (ctx) => ({ status: 200, body: enterpriseManagerNode(ctx) }) } },
  { pattern: /^\/sessionMngr$/, public: true, methods: { POST: (ctx) => logon(ctx, ctx.req, ctx.query) } },
  { pattern: /^\/logonSessions$/, methods: { GET: (ctx) => ({ status: 200, body: referencesNode(liveLogons(ctx).map((record) => logonReferenceNode(record, ctx))) }) } },
  {
    pattern: /^\/logonSessions\/([^/]+)$/,
    methods: {
      GET: (ctx) => ({ status: 200, body: logonSessionNode(find(ctx, 'logon session', (id) => ctx.state.logonById(id)), ctx) }),
      DELETE: (ctx) => logoff(ctx.state, find(ctx, 'logon session', (id) => ctx.state.logonById(id)).id),
    },
  },
  { pattern: /^\/backupServers$/, methods: { GET: (ctx) => list(SERVER, ctx.state.data.servers, ctx) } },
  { pattern: /^\/backupServers\/([^/]+)$/, methods: { GET: instance(SERVER, 'backup server', (ctx) => ctx.state.server) } },
  { pattern: /^\/jobs$/, methods: { GET: (ctx) => list(JOB, ctx.state.data.jobs, ctx) } },
  { pattern: /^\/jobs\/([^/]+)$/, methods: { GET: instance(JOB, 'job', (ctx) => ctx.state.job) } },
  { pattern: /^\/nas\/jobs$/, methods: { GET: (ctx) => list(NAS_JOB, ctx.state.data.jobs.filter((job) => job.nas), ctx) } },
  { pattern: /^\/nas\/jobs\/([^/]+)$/, methods: { GET: instance(NAS_JOB, 'file share backup job', (ctx) => ctx.state.job, (job) => job.nas) } },
  { pattern: /^\/nas\/jobs\/([^/]+)\/backupSessions$/, methods: { GET: nasJobSessions } },
  { pattern: /^\/backupSessions$/, methods: { GET: (ctx) => list(BACKUP_SESSION, recent(ctx, ctx.state.data.backupSessions), ctx) } },
  { pattern: /^\/backupSessions\/([^/]+)$/, methods: { GET: instance(BACKUP_SESSION, 'backup job session', (ctx) => ctx.state.backupSession) } },
  {
    // Task sessions of one job session, the window not applied: the reference documents it for job session lists only.
    pattern: /^\/backupSessions\/([^/]+)\/taskSessions$/,
    methods: { GET: (ctx) => list(BACKUP_TASK, ctx.state.tasksOf.get(find(ctx, 'backup job session', ctx.state.backupSession).id) ?? [], ctx) },
  },
  { pattern: /^\/backupTaskSessions\/([^/]+)$/, methods: { GET: instance(BACKUP_TASK, 'backup task session', (ctx) => ctx.state.backupTaskSession) } },
  // Policy sessions are not task sessions: the reference documents no window for them, so all are listed.
  { pattern: /^\/cdpReplicaSessions$/, since: 'v1_6', methods: { GET: (ctx) => list(CDP_SESSION, ctx.state.data.cdpSessions, ctx) } },
  { pattern: /^\/cdpReplicaSessions\/([^/]+)$/, since: 'v1_6', methods: { GET: instance(CDP_SESSION, 'CDP replica session', (ctx) => ctx.state.cdpSession) } },
  {
    pattern: /^\/cdpReplicaSessions\/([^/]+)\/cdpReplicaTaskSessions$/,
    since: 'v1_6',
    methods: { GET: (ctx) => list(CDP_TASK, recent(ctx, ctx.state.tasksOf.get(find(ctx, 'CDP replica session', ctx.state.cdpSession).id) ?? []), ctx) },
  },
  { pattern: /^\/cdpReplicaTaskSessions$/, since: 'v1_6', methods: { GET: (ctx) => list(CDP_TASK, recent(ctx, ctx.state.data.cdpTaskSessions), ctx) } },
  { pattern: /^\/cdpReplicaTaskSessions\/([^/]+)$/, since: 'v1_6', methods: { GET: instance(CDP_TASK, 'CDP replica task session', (ctx) => ctx.state.cdpTaskSession) } },
  { pattern: /^\/query$/, methods: { GET: (ctx) => serveQuery(ctx, ctx.query, ctx.logon?.version ?? 'v1_7') } },
];

/** True when a logon session of `version` may see a route introduced in `since`. */
export function versionAllows(version: VeeamApiVersion, since: VeeamApiVersion | undefined): boolean {
  return since === undefined || VEEAM_API_VERSIONS.indexOf(version) >= VEEAM_API_VERSIONS.indexOf(since);
}
