import { TransportError } from './errors.ts';
import { HttpTransport, shellQuote, type TlsOptions } from './http.ts';
import type { ExchangeLimits } from './limits.ts';
import { REDACTED, redactJson } from './redact.ts';

export { TransportError, type TlsOptions };

export interface Credentials {
  name: string;
  password: string;
}

export interface ClientOptions extends TlsOptions {
  /** https://cluster or http://127.0.0.1:8080 — without /api. */
  baseUrl: string;
  credentials?: Credentials;
  /** Deadlines, size cap, throttling and pacing (defaults: DEFAULT_LIMITS). */
  limits?: Partial<ExchangeLimits>;
  /** Aborts every request of this client (a check's deadline, an interruption). */
  signal?: AbortSignal;
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

/**
 * A thin client for the ONTAP REST API: Basic auth, JSON, HAL, over a transport that bounds every exchange.
 */
export class OntapClient {
  private readonly transport: HttpTransport;
  private readonly owner: boolean;

  constructor(readonly options: ClientOptions, transport?: HttpTransport) {
    this.owner = transport === undefined;
    this.transport = transport ?? new HttpTransport(options.baseUrl, options, options.limits);
  }

  get limits(): ExchangeLimits {
    return this.transport.limits;
  }

  /** The same server with other credentials (or none), sharing connections, limits and pace. */
  withCredentials(credentials: Credentials | undefined): OntapClient {
    return new OntapClient({ ...this.options, credentials }, this.transport);
  }

  /** The same client, with its requests abandoned when `signal` aborts. */
  withSignal(signal: AbortSignal | undefined): OntapClient {
    return new OntapClient({ ...this.options, signal }, this.transport);
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
    const answer = await this.transport.send({ method, url, headers, body: payload, curl: this.curl(method, url, body), signal: this.options.signal });
    let json: unknown;
    try {
      json = answer.text === '' ? undefined : JSON.parse(answer.text);
    } catch {
      json = undefined;
    }
    return { status: answer.status, headers: answer.headers, text: answer.text, json, method, url, curl: answer.curl };
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

  /** Closes the shared connections (only the client that created them does). */
  async close(): Promise<void> {
    if (this.owner) await this.transport.close();
  }
}
