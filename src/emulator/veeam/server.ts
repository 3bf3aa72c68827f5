import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from '../tls.ts';
import { drainBody, sendError, send, VeeamHttpError, type SendContext } from './http.ts';
import { authenticate } from './logon.ts';
import { NotFoundError, ROUTES, versionAllows, type Method, type RouteContext } from './routes.ts';
import { DEFAULT_VEEAM_CONFIG, VeeamState, type VeeamEmulatorConfig } from './state.ts';

/** EM's own HTTPS port (veeam-em.md · Base): the port the CLI should default to. */
export const VEEAM_DEFAULT_PORT = 9398;

/** Every option may be left out; dataset size knobs come from VeeamEmulatorConfig (DEFAULT_VEEAM_DATASET). */
export interface VeeamEmulatorOptions extends Partial<VeeamEmulatorConfig> {
  /** 0 = any free port. The CLI's default is EM's own, 9398. */
  port?: number;
  host?: string;
  /** HTTPS with the emulator's self-signed certificate (EM itself serves HTTPS on 9398). */
  tls?: boolean;
}

export interface RunningVeeamEmulator {
  /** Origin of the server, `http(s)://host:port`; the API root is `${url}/api/`. */
  url: string;
  state: VeeamState;
  close(): Promise<void>;
}

/** Starts the Veeam Enterprise Manager emulator (default credentials veeam / veeam1!, see DEFAULT_VEEAM_CONFIG). */
export async function startVeeamEmulator(options: VeeamEmulatorOptions = {}): Promise<RunningVeeamEmulator> {
  const { port = 0, host = '127.0.0.1', tls = false, ...rest } = options;
  // Options left undefined keep their defaults.
  const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  const state = new VeeamState({ ...DEFAULT_VEEAM_CONFIG, ...given });
  const scheme = tls ? 'https' : 'http';
  let origin = '';
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const ctx: SendContext = { faults: state, now: state.now() };
    handle(state, `${scheme}://${hostOf(req) ?? origin}`, req, res).catch((error: unknown) => {
      // Bad input never yields a 500; reaching here means an emulator bug, reported as such.
      if (!res.headersSent) sendError(req, res, new VeeamHttpError(500, `emulator error: ${String(error)}`), 500, ctx);
      else res.destroy();
    });
  };
  const server: Server = tls ? createHttpsServer(await selfSignedCertificate(), handler) : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `${host}:${address.port}`;
  return {
    url: `${scheme}://${origin}`,
    state,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** The Host header when it is a plain host[:port]: Hrefs are absolute and point where the client connected. */
function hostOf(req: IncomingMessage): string | undefined {
  const host = req.headers.host;
  return host && /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(host) ? host : undefined;
}

async function handle(state: VeeamState, origin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  state.tick();
  const sendCtx: SendContext = { faults: state, now: state.now() };
  try {
    await drainBody(req);
    const url = new URL(collapseSlashes(req.url ?? '/'), 'http://emulator');
    const path = url.pathname.replace(/\/{2,}/g, '/');
    if (!/^\/api(\/|$)/.test(path)) throw new VeeamHttpError(404, `No resource at ${path}.`);
    // Real clients write `/api//backupSessions` and `/api/sessionMngr/`: repeated and trailing slashes do not count.
    const apiPath = path.slice('/api'.length).replace(/\/+$/, '');
    const route = ROUTES.find((candidate) => candidate.pattern.test(apiPath));
    // HEAD is GET without a body (Node drops the body). Resource names are matched as documented, case-sensitively.
    const method = (req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET').toUpperCase()) as Method;
    const logon = route?.public ? undefined : authenticate(state, req);
    if (!route || !versionAllows(logon?.version ?? 'v1_7', route.since)) throw new VeeamHttpError(404, `No resource at ${path}.`);
    const routeHandler = route.methods[method];
    if (!routeHandler) {
      if (state.has('veeam-method-not-allowed-404')) throw new VeeamHttpError(404, `No resource at ${path} for ${method}.`);
      throw new VeeamHttpError(405, `The method ${method} is not allowed on ${path}.`, { allow: Object.keys(route.methods).join(', ') });
    }
    const ctx: RouteContext = { state, base: `${origin}/api`, req, query: url.searchParams, params: route.pattern.exec(apiPath)!.slice(1), logon };
    send(req, res, routeHandler(ctx), sendCtx);
  } catch (error) {
    if (!(error instanceof VeeamHttpError)) throw error;
    const status = error instanceof NotFoundError && error.wellFormed && state.has('veeam-unknown-id-500') ? 500 : error.status;
    sendError(req, res, error, status, sendCtx);
  }
}

/**
 * Repeated slashes in the path of an origin-form request target collapse to one BEFORE the URL is parsed:
 * `new URL('//api//backupSessions', base)` would read `api` as a host. The query string is kept as sent.
 */
function collapseSlashes(target: string): string {
  if (!target.startsWith('/')) return target;
  const query = target.search(/[?#]/);
  const path = query < 0 ? target : target.slice(0, query);
  return path.replace(/\/{2,}/g, '/') + (query < 0 ? '' : target.slice(query));
}
