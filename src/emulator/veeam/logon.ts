import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { VeeamHttpError, type Reply } from './http.ts';
import type { RenderContext } from './kinds.ts';
import { logonSessionNode } from './render.ts';
import { VEEAM_API_VERSIONS, type LogonSessionRecord, type VeeamApiVersion, type VeeamState } from './state.ts';

export const TOKEN_HEADER = 'X-RestSvcSessionId';

/**
 * The API version a logon asks for: `?v=latest`, `v1_7`, `v1_6` or `v1_5`. Real monitoring clients log on
 * without `?v=` (veeam-em.md · Logon): that, and an empty `v=`, mean latest. Anything else is a 400.
 */
export function logonVersion(v: string | null): VeeamApiVersion {
  if (v === null || v === '' || v === 'latest') return 'v1_7';
  if ((VEEAM_API_VERSIONS as readonly string[]).includes(v)) return v as VeeamApiVersion;
  throw new VeeamHttpError(400, `Unsupported API version "${v}": use latest, ${VEEAM_API_VERSIONS.join(', ')}.`);
}

/**
 * `POST /api/sessionMngr/?v=…` with HTTP Basic: 201, the token in `X-RestSvcSessionId` and in a cookie, and the
 * `LogonSession` document. The body (none, empty or a dummy) is ignored. The token is a random GUID in base64,
 * as EM's are, and is not the SessionId. Bad credentials: 401 with the Basic challenge of EM's realm.
 */
export function logon(ctx: RenderContext, req: IncomingMessage, query: URLSearchParams): Reply {
  const version = logonVersion(query.get('v'));
  const { user } = ctx.state.config;
  const given = basicCredentials(req.headers.authorization);
  if (!given || given.name.toLowerCase() !== user.name.toLowerCase() || given.password !== user.password) {
    const challenge: Record<string, string> = ctx.state.has('veeam-logon-no-challenge') ? {} : { 'www-authenticate': 'Basic Realm=RestSvc' };
    throw new VeeamHttpError(401, 'Authentication failed: the user name or password is not valid.', challenge);
  }
  const token = Buffer.from(randomUUID()).toString('base64');
  const record = ctx.state.openLogon(user.name, version, token);
  return {
    status: ctx.state.has('veeam-logon-status-200') ? 200 : 201,
    body: logonSessionNode(record, ctx),
    headers: { [TOKEN_HEADER]: token, 'set-cookie': `${TOKEN_HEADER}=${token}; Path=/api` },
  };
}

function basicCredentials(header: string | undefined): { name: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : undefined;
}

/** The token a request carries: the cookie when there is one (it wins over the header), else the header. */
export function requestToken(state: VeeamState, req: IncomingMessage): string | undefined {
  if (!state.has('veeam-cookie-ignored')) {
    for (const pair of (req.headers.cookie ?? '').split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && pair.slice(0, eq).trim() === TOKEN_HEADER) return pair.slice(eq + 1).trim();
    }
  }
  // Node lower-cases header names: any spelling of X-RestSvcSessionId arrives here.
  const header = req.headers[TOKEN_HEADER.toLowerCase()];
  return typeof header === 'string' && header !== '' ? header : undefined;
}

/**
 * The logon session of a request, or 401: no token, an unknown one, a logged-off one, or one idle for the
 * whole timeout. Each authenticated request restarts the idle time (sliding expiry). Only the logon answers
 * 401 with a Basic challenge: the token is not Basic auth.
 */
export function authenticate(state: VeeamState, req: IncomingMessage): LogonSessionRecord | undefined {
  const token = requestToken(state, req);
  if (token === undefined) {
    if (state.has('veeam-token-not-required')) return undefined;
    throw new VeeamHttpError(401, `Authorization required: send the ${TOKEN_HEADER} of a logon session.`);
  }
  const record = state.logons.get(token);
  if (!record) throw new VeeamHttpError(401, 'The logon session does not exist or has been closed.');
  if (state.expired(record)) {
    state.logons.delete(token);
    throw new VeeamHttpError(401, 'The logon session has expired.');
  }
  record.lastSeen = state.now();
  return record;
}

/** `DELETE /api/logonSessions/{ID}`: 204 and the token is dead (unless the fault keeps it alive). */
export function logoff(state: VeeamState, id: string): Reply {
  const record = state.logonById(id);
  if (!record) throw new VeeamHttpError(404, `Logon session ${id} was not found.`);
  if (!state.has('veeam-logoff-ineffective')) state.logons.delete(record.token);
  return { status: 204 };
}
