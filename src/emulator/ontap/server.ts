import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from '../tls.ts';
import { buildDescriptors } from './descriptors.ts';
import { errorBody, OntapHttpError, sendJson, sendStreamedJson } from './http.ts';
import { ROUTES, type RouteContext } from './routes.ts';
import { DEFAULT_ONTAP_CONFIG, OntapState, type OntapEmulatorConfig } from './state.ts';

export interface OntapEmulatorOptions extends Partial<OntapEmulatorConfig> {
  port?: number;
  host?: string;
  tls?: boolean;
}

export interface RunningOntapEmulator {
  url: string;
  state: OntapState;
  close(): Promise<void>;
}

/** Starts the ONTAP emulator on 127.0.0.1 (port 0 = any free port). */
export async function startOntapEmulator(options: OntapEmulatorOptions = {}): Promise<RunningOntapEmulator> {
  const { port = 0, host = '127.0.0.1', tls = false, ...rest } = options;
  // Options left undefined keep their defaults.
  const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  const state = new OntapState({ ...DEFAULT_ONTAP_CONFIG, ...given });
  const descriptors = await buildDescriptors(state);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    handle(state, descriptors, req, res).catch((error: unknown) => {
      // Bad input never yields a 500; reaching here means an emulator bug, reported as such.
      if (!res.headersSent) sendJson(req, res, 500, { error: { message: `emulator error: ${String(error)}`, code: '1' } });
      else res.destroy();
    });
  };
  const server: Server = tls ? createHttpsServer(await selfSignedCertificate(), handler) : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${address.port}`,
    state,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

type Descriptors = Awaited<ReturnType<typeof buildDescriptors>>;

async function handle(state: OntapState, descriptors: Descriptors, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    state.tick();
    const user = authenticate(state, req);
    const url = new URL(collapseSlashes(req.url ?? '/'), 'http://emulator');
    // Real clients send `/api//protocols/...`: repeated slashes count as one (ontap-rest.md · Real clients).
    const path = url.pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
    if (!path.startsWith('/api/')) throw new OntapHttpError(404, '4', 'API not found');
    const apiPath = path.slice('/api'.length);
    const route = ROUTES.find((candidate) => candidate.pattern.test(apiPath));
    if (!route || (route.introduced && !state.atLeast(route.introduced))) throw new OntapHttpError(404, '4', 'API not found');
    const method = (req.method ?? 'GET').toUpperCase();
    const handler = route.methods[method as keyof typeof route.methods];
    if (!handler) throw new OntapHttpError(405, '3', `The method ${method} is not supported on this resource.`);
    if (method !== 'GET' && user === 'readonly' && !state.has('auth-readonly-can-write')) {
      throw new OntapHttpError(403, '6', 'not authorized for that command');
    }
    checkScope(state, route.scope);
    const params = route.pattern.exec(apiPath)!.slice(1);
    for (const param of params) mustDecode(param);
    const ctx: RouteContext = { state, req, query: url.searchParams, params, ...descriptors };
    const reply = await handler(ctx);
    if (reply.stream) await sendStreamedJson(req, res, reply.status, reply.body, reply.stream.records, reply.stream.project, reply.headers);
    else sendJson(req, res, reply.status, reply.body, reply.headers);
  } catch (error) {
    if (!(error instanceof OntapHttpError)) throw error;
    sendJson(req, res, faultedStatus(state, error), errorBody(error, state.has('shape-error-code-number')), error.status === 401 ? { 'www-authenticate': 'Basic realm="ONTAP"' } : {});
  }
}

/**
 * Repeated slashes in the path of an origin-form request target collapse to one BEFORE the URL is parsed:
 * `new URL('//api//protocols', base)` would read `api` as a host. The query string is kept as sent.
 */
export function collapseSlashes(target: string): string {
  if (!target.startsWith('/')) return target;
  const query = target.search(/[?#]/);
  const path = query < 0 ? target : target.slice(0, query);
  const rest = query < 0 ? '' : target.slice(query);
  return path.replace(/\/{2,}/g, '/') + rest;
}

/**
 * Every path parameter must be valid percent-encoding, checked here once for all routes before any handler
 * decodes one (routes.ts decodes the passwords user and the session id; a malformed escape such as `%zz` or
 * `%E0%A4%A` would make `decodeURIComponent` throw, a 500). The answer is 400 / code 2 ("invalid field",
 * ontap-rest.md · Errors), not 404 / code 4: such a segment names nothing at all, it is malformed input, as an SVM
 * segment that is not a UUID is a 400 / code 2. A 404 "entry doesn't exist" would also read as an empty result to
 * clients (Ansible), hiding the encoding bug, and no fault turns this answer into a 500.
 */
function mustDecode(param: string): void {
  try {
    decodeURIComponent(param);
  } catch {
    throw new OntapHttpError(400, '2', `The path segment "${param}" is not valid percent-encoding.`);
  }
}

function faultedStatus(state: OntapState, error: OntapHttpError): number {
  if (state.has('error-not-found-500') && error.status === 404 && error.code === '4' && error.message !== 'API not found') return 500;
  if (state.has('error-bad-uuid-500') && (error.code === '68812802' || (error.code === '2' && error.target === 'svm.uuid'))) return 500;
  return error.status;
}

function checkScope(state: OntapState, scope: 'node' | 'svm' | undefined): void {
  if (scope === 'node' && state.mode === 'svm' && !state.has('scope-nodes-in-svm-mode')) {
    throw new OntapHttpError(400, '68812801', 'Node-scoped operations are not allowed in an SVM-scope.');
  }
  if (scope === 'svm' && state.mode === 'node') {
    throw new OntapHttpError(400, '65601536', 'The operation is not supported because NDMP SVM-aware mode is disabled.');
  }
}

/** Basic auth against the admin and readonly users: missing or wrong credentials are 401. */
function authenticate(state: OntapState, req: IncomingMessage): 'admin' | 'readonly' {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match) {
    if (state.has('auth-anonymous-allowed')) return 'admin';
    throw new OntapHttpError(401, '6', 'Authentication is required.');
  }
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const name = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const { admin, readonly } = state.config;
  if (colon > 0 && name === admin.name && password === admin.password) return 'admin';
  if (colon > 0 && name === readonly.name && password === readonly.password) return 'readonly';
  throw new OntapHttpError(401, '6', 'The user name or password is not valid.');
}
