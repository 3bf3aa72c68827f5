import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { REDACTED, redactJson } from './redact.ts';

export interface Credentials {
  name: string;
  password: string;
}

export interface TlsOptions {
  /** Accept any certificate (clusters usually carry self-signed ones). */
  insecure?: boolean;
  /** PEM file of the CA that signed the server certificate. */
  caFile?: string;
}

export interface ClientOptions extends TlsOptions {
  /** https://cluster or http://127.0.0.1:8080 — without /api. */
  baseUrl: string;
  credentials?: Credentials;
  timeoutMs?: number;
}

export type Query = string | URLSearchParams | Record<string, string | number | boolean>;

export interface OntapResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
  method: string;
  /** The full URL that was requested. */
  url: string;
  /** What a person can paste to reproduce the request; credentials redacted. */
  curl: string;
}

/** Raised when the target cannot be reached or answers with something that is not HTTP. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/** A thin undici client for the ONTAP REST API: Basic auth, JSON, HAL. */
export class OntapClient {
  private readonly dispatcher: Agent;

  constructor(readonly options: ClientOptions) {
    const ca = options.caFile ? readFileSync(options.caFile, 'utf8') : undefined;
    this.dispatcher = new Agent({
      connect: { rejectUnauthorized: !options.insecure, ...(ca ? { ca } : {}) },
      headersTimeout: options.timeoutMs ?? 30_000,
      bodyTimeout: options.timeoutMs ?? 30_000,
      connections: 8,
    });
  }

  /** The same server with other credentials (or none), sharing TLS settings. */
  withCredentials(credentials: Credentials | undefined): OntapClient {
    return new OntapClient({ ...this.options, credentials });
  }

  get(path: string, query?: Query): Promise<OntapResponse> {
    return this.send('GET', path, query);
  }

  patch(path: string, body: unknown, query?: Query): Promise<OntapResponse> {
    return this.send('PATCH', path, query, body);
  }

  delete(path: string): Promise<OntapResponse> {
    return this.send('DELETE', path);
  }

  /** `path` is relative to /api (`/protocols/ndmp/sessions`) or a full `/api/...` href from a `_links` object. */
  async send(method: string, path: string, query?: Query, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<OntapResponse> {
    const url = this.url(path, query);
    const headers: Record<string, string> = { accept: 'application/hal+json, application/json', ...extraHeaders };
    const { credentials } = this.options;
    if (credentials) headers.authorization = `Basic ${Buffer.from(`${credentials.name}:${credentials.password}`).toString('base64')}`;
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string;
    let responseHeaders: Record<string, string>;
    try {
      const res = await request(url, { method: method as 'GET', headers, body: payload, dispatcher: this.dispatcher });
      status = res.statusCode;
      text = await res.body.text();
      responseHeaders = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
    } catch (error) {
      throw describeTransportError(error, this.options.baseUrl);
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status, headers: responseHeaders, text, json, method, url, curl: this.curl(method, url, body) };
  }

  url(path: string, query?: Query): string {
    const rel = path.startsWith('/api/') ? path : `/api${path.startsWith('/') ? '' : '/'}${path}`;
    const base = this.options.baseUrl.replace(/\/+$/, '');
    const search = query === undefined ? '' : typeof query === 'string' ? query : new URLSearchParams(
      query instanceof URLSearchParams ? query : Object.entries(query).map(([k, v]) => [k, String(v)]),
    ).toString();
    if (!search) return `${base}${rel}`;
    return `${base}${rel}${rel.includes('?') ? '&' : '?'}${search.replace(/^\?/, '')}`;
  }

  private curl(method: string, url: string, body: unknown): string {
    const parts = ['curl', '-sS'];
    if (url.startsWith('https:') && this.options.insecure) parts.push('-k');
    if (this.options.caFile) parts.push('--cacert', shellQuote(this.options.caFile));
    if (this.options.credentials) parts.push('-u', shellQuote(`${this.options.credentials.name}:${REDACTED}`));
    if (method !== 'GET') parts.push('-X', method);
    parts.push(shellQuote(url));
    if (body !== undefined) {
      const shown = typeof body === 'string' ? body : JSON.stringify(redactJson(body));
      parts.push('-H', "'content-type: application/json'", '-d', shellQuote(shown));
    }
    return parts.join(' ');
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function describeTransportError(error: unknown, baseUrl: string): TransportError {
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code ?? 'UNKNOWN';
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name could not be resolved',
    ETIMEDOUT: 'connection timed out',
    ECONNRESET: 'connection reset by the server',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_HEADERS_TIMEOUT: 'no answer within the timeout',
    UND_ERR_BODY_TIMEOUT: 'the answer stalled',
    UND_ERR_SOCKET: 'the connection broke',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed (use --insecure or --ca FILE)',
    SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate is not trusted (use --insecure or --ca FILE)',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is not trusted (use --insecure or --ca FILE)',
    ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS (try http://)',
    EPROTO: 'TLS handshake failed (is the URL http:// or https://?)',
  };
  const reason = reasons[code] ?? (err.cause?.message ?? err.message ?? String(error));
  return new TransportError(`cannot reach ${baseUrl}: ${reason}`, code);
}
