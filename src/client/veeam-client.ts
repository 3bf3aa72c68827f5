import { TransportError } from './errors.ts';
import { HttpTransport, shellQuote, type HttpAnswer, type TlsOptions } from './http.ts';
import type { ExchangeLimits } from './limits.ts';
import { REDACTED, registerSecrets } from './redact.ts';
import type { Credentials } from './ontap-client.ts';

export { TransportError };

/** The header that carries an EM logon session's token (veeam-em.md · Logon and sessions). */
export const TOKEN_HEADER = 'X-RestSvcSessionId';

/** What a request asks for: XML (the default), JSON, `*\/*`, or no Accept header at all. */
export type Accept = 'xml' | 'json' | 'any' | 'none';

const ACCEPT: Record<Accept, string | undefined> = { xml: 'application/xml', json: 'application/json', any: '*/*', none: undefined };

export interface VeeamResponse extends HttpAnswer {
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

export interface VeeamClientOptions extends TlsOptions {
  /** https://em:9398 — without /api. */
  baseUrl: string;
  credentials?: Credentials;
  limits?: Partial<ExchangeLimits>;
  signal?: AbortSignal;
}

/** A logon session: the token every request sends, and the SessionId that logs it off. */
export interface LogonState {
  token?: string;
  sessionId?: string;
}

export interface VeeamRequestOptions {
  accept?: Accept;
  /** `/api/...` query parameters. */
  query?: Record<string, string>;
  /** Override the session: a made-up token, or `null` for none. */
  token?: string | null;
  /** Send the token as the cookie instead of the header. */
  byCookie?: boolean;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A client for Veeam Backup Enterprise Manager's REST API: logon with Basic auth, then the session token in
 * `X-RestSvcSessionId` on every request; XML or JSON. The token is a secret: it is registered for redaction the
 * moment it arrives and never appears in a curl line.
 */
export class VeeamClient {
  private readonly transport: HttpTransport;
  private readonly owner: boolean;

  constructor(readonly options: VeeamClientOptions, transport?: HttpTransport, readonly session: LogonState = {}) {
    this.owner = transport === undefined;
    this.transport = transport ?? new HttpTransport(options.baseUrl, options, options.limits);
  }

  /** The same session, with requests abandoned when `signal` aborts. */
  withSignal(signal: AbortSignal | undefined): VeeamClient {
    return new VeeamClient({ ...this.options, signal }, this.transport, this.session);
  }

  /** A client of the same server with no session yet (and these credentials), sharing connections and limits. */
  fresh(credentials: Credentials | undefined = this.options.credentials): VeeamClient {
    return new VeeamClient({ ...this.options, credentials }, this.transport, {});
  }

  /** POST /api/sessionMngr/?v=…: keeps the token and SessionId of a 2xx answer. */
  async logon(version: string | undefined = 'latest', options: VeeamRequestOptions = {}): Promise<VeeamResponse> {
    const { credentials } = this.options;
    const headers: Record<string, string> = { ...options.headers };
    if (credentials) headers.authorization = `Basic ${Buffer.from(`${credentials.name}:${credentials.password}`).toString('base64')}`;
    const res = await this.send('POST', '/api/sessionMngr/', { ...options, query: version === undefined ? {} : { v: version }, token: null, headers });
    const token = res.headers[TOKEN_HEADER.toLowerCase()];
    if (res.status >= 200 && res.status < 300 && token) {
      registerSecrets([token]);
      this.session.token = token;
      this.session.sessionId = sessionIdOf(res);
    }
    return res;
  }

  /** DELETE /api/logonSessions/{SessionId}; the session is forgotten whatever the answer. */
  async logoff(): Promise<VeeamResponse | undefined> {
    if (!this.session.token || !this.session.sessionId) return undefined;
    try {
      return await this.send('DELETE', `/api/logonSessions/${this.session.sessionId}`);
    } finally {
      this.session.token = undefined;
      this.session.sessionId = undefined;
    }
  }

  get(path: string, options: VeeamRequestOptions = {}): Promise<VeeamResponse> {
    return this.send('GET', path, options);
  }

  /** `path` is `/api/...`, or a full Href from a Link (same server). */
  async send(method: string, path: string, options: VeeamRequestOptions = {}): Promise<VeeamResponse> {
    const url = this.url(path, options.query);
    const accept = ACCEPT[options.accept ?? 'xml'];
    const headers: Record<string, string> = { ...(accept ? { accept } : {}), ...options.headers };
    const token = options.token === null ? undefined : options.token ?? this.session.token;
    if (token !== undefined) {
      if (options.byCookie) headers.cookie = `${TOKEN_HEADER}=${token}`;
      else headers[TOKEN_HEADER] = token;
    }
    const answer = await this.transport.send({ method, url, headers, body: options.body, curl: curlLine(method, url, headers, this.options), signal: this.options.signal });
    let json: unknown;
    if (/json/i.test(answer.headers['content-type'] ?? '')) {
      try {
        json = JSON.parse(answer.text);
      } catch {
        json = undefined;
      }
    }
    return { ...answer, json };
  }

  url(path: string, query?: Record<string, string>): string {
    const base = this.options.baseUrl.replace(/\/+$/, '');
    const full = /^https?:\/\//.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`;
    const search = query && Object.keys(query).length > 0 ? new URLSearchParams(query).toString() : '';
    return search ? `${full}${full.includes('?') ? '&' : '?'}${search}` : full;
  }

  async close(): Promise<void> {
    if (this.owner) await this.transport.close();
  }
}

/** The SessionId of a LogonSession answer, from its Delete link or SessionId element (XML or JSON). */
function sessionIdOf(res: HttpAnswer & { json: unknown }): string | undefined {
  const fromJson = (res.json as { SessionId?: unknown } | undefined)?.SessionId;
  if (typeof fromJson === 'string') return fromJson;
  return /<SessionId>\s*([^<\s]+)\s*<\/SessionId>/.exec(res.text)?.[1] ?? /logonSessions\/([0-9a-fA-F-]{36})/.exec(res.text)?.[1];
}

function curlLine(method: string, url: string, headers: Record<string, string>, options: VeeamClientOptions): string {
  const parts = ['curl', '-sS'];
  if (url.startsWith('https:') && options.insecure) parts.push('-k');
  if (options.caFile) parts.push('--cacert', shellQuote(options.caFile));
  if (method !== 'GET') parts.push('-X', method);
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'authorization') parts.push('-u', shellQuote(`${options.credentials?.name ?? ''}:${REDACTED}`));
    else if (name === TOKEN_HEADER || name === 'cookie') parts.push('-H', shellQuote(`${name === 'cookie' ? 'Cookie' : name}: ${name === 'cookie' ? `${TOKEN_HEADER}=${REDACTED}` : REDACTED}`));
    else parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  parts.push(shellQuote(url));
  return parts.join(' ');
}
