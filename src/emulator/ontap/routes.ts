import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parseFields, projectRecord, unknownFields, validateReservedParams } from '../../oracle/index.ts';
import { guard, serveCollection, type CollectionAnswer, type CollectionDescriptor } from './collection.ts';
import { notFound, OntapHttpError, parseJsonObject, readBody } from './http.ts';
import { validatePatch } from './patch.ts';
import { renderNode, renderSession, renderSvm } from './render.ts';
import type { OntapState } from './state.ts';

type Json = Record<string, unknown>;

export interface Reply {
  status: number;
  body: Json;
  headers?: Record<string, string>;
  /** A large collection page, written in chunks after `body`'s members (see CollectionAnswer). */
  stream?: CollectionAnswer['stream'];
}

export interface RouteContext {
  state: OntapState;
  req: IncomingMessage;
  query: URLSearchParams;
  params: string[];
  collections: Record<'nodes' | 'svms' | 'sessions', CollectionDescriptor>;
  /** Known field paths of instance records, for fields= validation on instance GETs. */
  instancePaths: Record<'nodes' | 'svms' | 'sessions' | 'cluster' | 'ndmp' | 'password', string[]>;
}

type Handler = (ctx: RouteContext) => Promise<Reply> | Reply;

interface Route {
  pattern: RegExp;
  methods: Partial<Record<'GET' | 'PATCH' | 'DELETE', Handler>>;
  /** Which NDMP mode the path requires (ontap-ndmp.md · Node scope and SVM scope). */
  scope?: 'node' | 'svm';
  introduced?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ROUTES: Route[] = [
  { pattern: /^\/cluster$/, methods: { GET: getCluster } },
  { pattern: /^\/protocols\/ndmp$/, methods: { GET: getNdmp, PATCH: patchNdmp } },
  { pattern: /^\/protocols\/ndmp\/nodes$/, scope: 'node', methods: { GET: (ctx) => collection(ctx, 'nodes', ctx.state.data.nodes.map((n) => renderNode(ctx.state, n))) } },
  { pattern: /^\/protocols\/ndmp\/nodes\/([^/]+)$/, scope: 'node', methods: { GET: getNode, PATCH: patchNode } },
  { pattern: /^\/protocols\/ndmp\/svms$/, scope: 'svm', methods: { GET: (ctx) => collection(ctx, 'svms', ctx.state.data.svms.map(renderSvm)) } },
  { pattern: /^\/protocols\/ndmp\/svms\/([^/]+)$/, scope: 'svm', methods: { GET: getSvm, PATCH: patchSvm } },
  { pattern: /^\/protocols\/ndmp\/svms\/([^/]+)\/passwords\/([^/]+)$/, scope: 'svm', introduced: '9.9', methods: { GET: getPassword } },
  { pattern: /^\/protocols\/ndmp\/sessions$/, methods: { GET: (ctx) => collection(ctx, 'sessions', renderedSessions(ctx.state)) } },
  { pattern: /^\/protocols\/ndmp\/sessions\/([^/]+)\/([^/]+)$/, methods: { GET: getSession, DELETE: deleteSession } },
];

function collection(ctx: RouteContext, name: 'nodes' | 'svms' | 'sessions', records: Json[]): Reply {
  const answer = serveCollection(ctx.state, ctx.query, records, ctx.collections[name]);
  return { status: 200, body: answer.body, headers: answer.headers, ...(answer.stream ? { stream: answer.stream } : {}) };
}

const sessionCache = new WeakMap<OntapState, { key: string; records: Json[] }>();

/** Rendering 100,000 sessions per request is wasteful: cache per state revision and mode. */
function renderedSessions(state: OntapState): Json[] {
  const key = `${state.revision}:${state.mode}`;
  const cached = sessionCache.get(state);
  if (cached?.key === key) return cached.records;
  const records = state.data.sessions.map((session) => renderSession(state, session));
  sessionCache.set(state, { key, records });
  return records;
}

/** An instance GET: the whole record, or the fields= projection of it. Only `fields` is accepted. */
function instance(ctx: RouteContext, record: Json, known: string[], keyFields: string[], accepted: readonly string[] = ['fields', 'return_timeout', 'ignore_unknown_fields']): Reply {
  for (const name of ctx.query.keys()) {
    if (!accepted.includes(name) && !ctx.state.has('error-unknown-param-accepted')) {
      throw new OntapHttpError(400, '262179', `Unexpected argument "${name}".`, name);
    }
  }
  guard(() => validateReservedParams(ctx.query));
  const raw = ctx.query.get('fields');
  if (!raw) return { status: 200, body: record };
  const selection = guard(() => parseFields(raw));
  const unknown = ctx.query.get('ignore_unknown_fields') === 'true' ? [] : unknownFields(selection, known);
  if (unknown.length > 0) throw new OntapHttpError(400, '262197', `The value "${unknown[0]}" is invalid for field "fields".`, 'fields');
  return { status: 200, body: projectRecord(record, selection, { keyFields }) as Json };
}

function getCluster(ctx: RouteContext): Reply {
  const [generation, major, minor] = ctx.state.versionTuple;
  const record: Json = {
    _links: { self: { href: '/api/cluster' } },
    name: 'cluster1',
    uuid: '3a6f5e2c-8b1d-11ee-9c4e-005056bb0001',
    version: { full: `NetApp Release ${ctx.state.config.version}: Emulated`, generation, major, minor },
  };
  return instance(ctx, record, ctx.instancePaths.cluster, []);
}

function getNdmp(ctx: RouteContext): Reply {
  const mode = ctx.query.get('mode');
  if (mode !== null && !['svm', 'node'].some((m) => mode.replace(/^!/, '').split('|').includes(m))) {
    throw new OntapHttpError(400, '262197', `The value "${mode}" is invalid for field "mode".`, 'mode');
  }
  // The mode is a singleton, but its GET takes the collection parameters too (seed 002 · Retrieve current NDMP mode).
  const query = new URLSearchParams([...ctx.query].filter(([name]) => name !== 'mode'));
  const record = { _links: { self: { href: '/api/protocols/ndmp' } }, mode: ctx.state.mode };
  return instance({ ...ctx, query }, record, ctx.instancePaths.ndmp, [], ['fields', 'max_records', 'return_records', 'return_timeout', 'order_by', 'ignore_unknown_fields']);
}

async function patchNdmp(ctx: RouteContext): Promise<Reply> {
  const values = validatePatch(parseJsonObject(await readBody(ctx.req)), { mode: 'mode' });
  if (values.mode !== undefined && !ctx.state.has('patch-not-persisted')) {
    ctx.state.mode = values.mode as 'svm' | 'node';
    ctx.state.revision++;
  }
  return { status: 200, body: {} };
}

function mustUuid(value: string, target: string, code = '68812802'): void {
  if (UUID.test(value)) return;
  if (code === '2') throw new OntapHttpError(400, '2', `Invalid value for "${target}".`, target);
  throw new OntapHttpError(400, code, 'The UUID is not valid.', target);
}

function findNode(ctx: RouteContext) {
  const uuid = ctx.params[0]!;
  mustUuid(uuid, 'node.uuid');
  const node = ctx.state.node(uuid);
  if (!node) throw notFound('node.uuid');
  return node;
}

function findSvm(ctx: RouteContext) {
  const uuid = ctx.params[0]!;
  mustUuid(uuid, 'svm.uuid', '2');
  const svm = ctx.state.svm(uuid);
  if (!svm) throw notFound('svm.uuid');
  return svm;
}

function getNode(ctx: RouteContext): Reply {
  return instance(ctx, renderNode(ctx.state, findNode(ctx)), ctx.instancePaths.nodes, ctx.collections.nodes.keyFields);
}

async function patchNode(ctx: RouteContext): Promise<Reply> {
  const node = findNode(ctx);
  const values = validatePatch(parseJsonObject(await readBody(ctx.req)), {
    enabled: 'boolean', authentication_types: 'auth-types', user: 'string', password: 'string',
  });
  const next = { ...node.ndmp, ...values };
  if (next.enabled && !next.user) {
    throw new OntapHttpError(400, '68812800', 'The user is required to enable NDMP on a node.', 'user');
  }
  if (!ctx.state.has('patch-not-persisted')) node.ndmp = next as typeof node.ndmp;
  return { status: 200, body: {} };
}

function getSvm(ctx: RouteContext): Reply {
  return instance(ctx, renderSvm(findSvm(ctx)), ctx.instancePaths.svms, ctx.collections.svms.keyFields);
}

async function patchSvm(ctx: RouteContext): Promise<Reply> {
  const svm = findSvm(ctx);
  const values = validatePatch(parseJsonObject(await readBody(ctx.req)), { enabled: 'boolean', authentication_types: 'auth-types' });
  const types = values.authentication_types as string[] | undefined;
  if (types && types.includes('plaintext_sso') && types.length > 1 && !ctx.state.has('patch-sso-combination-accepted')) {
    throw new OntapHttpError(400, '65601551', '"plaintext_sso" cannot be combined with other authentication types.', 'authentication_types');
  }
  if (!ctx.state.has('patch-not-persisted')) svm.ndmp = { ...svm.ndmp, ...values } as typeof svm.ndmp;
  return { status: 200, body: {} };
}

function getPassword(ctx: RouteContext): Reply {
  const svm = findSvm(ctx);
  const user = decodeURIComponent(ctx.params[1]!);
  // The generated password is stable for (seed, SVM, user), as a cluster's generate-password is.
  const digest = createHash('sha256').update(`${ctx.state.config.seed}/${svm.uuid}/${user}`).digest('base64url');
  const record: Json = {
    _links: { self: { href: `/api/protocols/ndmp/svms/${svm.uuid}/passwords/${encodeURIComponent(user)}` } },
    password: digest.slice(0, 16),
    svm: { _links: { self: { href: `/api/svm/svms/${svm.uuid}` } }, name: svm.name, uuid: svm.uuid },
    user,
  };
  return instance(ctx, record, ctx.instancePaths.password, ['user']);
}

function findSession(ctx: RouteContext) {
  const owner = ctx.params[0]!;
  const id = decodeURIComponent(ctx.params[1]!);
  if (!owner || !id) throw new OntapHttpError(400, '68812806', 'UUID and Session ID are required.');
  mustUuid(owner, 'owner.uuid');
  const session = ctx.state.findSession(owner, id);
  if (!session) throw notFound('session.id');
  return session;
}

function getSession(ctx: RouteContext): Reply {
  return instance(ctx, renderSession(ctx.state, findSession(ctx)), ctx.instancePaths.sessions, ctx.collections.sessions.keyFields);
}

function deleteSession(ctx: RouteContext): Reply {
  const session = findSession(ctx);
  if (!ctx.state.has('delete-not-removing')) ctx.state.removeSession(session);
  return { status: 200, body: {} };
}
