import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { RequestAbortedError, RequestTimeoutError, ResponseTooLargeError, ThrottledError, TransportError } from './errors.ts';
import { DEFAULT_LIMITS, Pacer, parseRetryAfter, sleep, type ExchangeLimits } from './limits.ts';
import { REDACTED, redactJson } from './redact.ts';

export { TransportError };

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

/** What the clients of one target share: connections, limits and the pace of the run. */
interface Shared {
  dispatcher: Agent;
  limits: ExchangeLimits;
  pacer: Pacer;
}

/**
 * A thin undici client for the ONTAP REST API: Basic auth, JSON, HAL. Every exchange is bounded in time and
 * size; 429 (and 503 with Retry-After) are waited out a bounded number of times.
 */
export class OntapClient {
  private readonly shared: Shared;
  private readonly owner: boolean;

  constructor(readonly options: ClientOptions, shared?: Shared) {
    this.owner = shared === undefined;
    if (shared) {
      this.shared = shared;
    } else {
      const limits = { ...DEFAULT_LIMITS, ...options.limits };
      const ca = options.caFile ? readFileSync(options.caFile, 'utf8') : undefined;
      const dispatcher = new Agent({
        connect: { rejectUnauthorized: !options.insecure, ...(ca ? { ca } : {}), timeout: Math.min(limits.requestTimeoutMs, 30_000) },
        headersTimeout: limits.requestTimeoutMs,
        bodyTimeout: limits.requestTimeoutMs,
        connections: 8,
      });
      this.shared = { dispatcher, limits, pacer: new Pacer(limits.maxRps) };
    }
  }

  get limits(): ExchangeLimits {
    return this.shared.limits;
  }

  /** The same server with other credentials (or none), sharing connections, limits and pace. */
  withCredentials(credentials: Credentials | undefined): OntapClient {
    return new OntapClient({ ...this.options, credentials }, this.shared);
  }

  /** The same client, with its requests abandoned when `signal` aborts. */
  withSignal(signal: AbortSignal | undefined): OntapClient {
    return new OntapClient({ ...this.options, signal }, this.shared);
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
    const curl = this.curl(method, url, body);
    const { limits, pacer } = this.shared;
    try {
      for (let attempt = 0; ; attempt++) {
        await pacer.wait(this.options.signal);
        const res = await this.exchange(method, url, curl, body, extraHeaders);
        const retryAfter = parseRetryAfter(res.headers['retry-after']);
        const throttled = res.status === 429 || (res.status === 503 && retryAfter !== undefined);
        if (!throttled) return res;
        const wait = retryAfter ?? 1000 * 2 ** attempt;
        const said = `HTTP ${res.status}${res.headers['retry-after'] ? ` with Retry-After ${res.headers['retry-after']}` : ''}`;
        if (attempt >= limits.maxRetries) throw new ThrottledError(`the target kept throttling: ${said} after ${limits.maxRetries} retries`);
        if (wait > limits.maxRetryWaitMs) throw new ThrottledError(`the target throttled (${said}), a longer wait than the ${limits.maxRetryWaitMs / 1000} s the suite waits out`);
        await sleep(wait, this.options.signal);
      }
    } catch (error) {
      const failure = error instanceof TransportError ? error : describeTransportError(error, this.options.baseUrl, this.options.signal);
      failure.request ??= { method, url, curl };
      throw failure;
    }
  }

  /** One request and its whole answer, within the request deadline and the body cap. */
  private async exchange(method: string, url: string, curl: string, body: unknown, extraHeaders: Record<string, string>): Promise<OntapResponse> {
    const { limits, dispatcher } = this.shared;
    const headers: Record<string, string> = { accept: 'application/hal+json, application/json', ...extraHeaders };
    const { credentials } = this.options;
    if (credentials) headers.authorization = `Basic ${Buffer.from(`${credentials.name}:${credentials.password}`).toString('base64')}`;
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new RequestTimeoutError(limits.requestTimeoutMs / 1000)), limits.requestTimeoutMs);
    const signal = this.options.signal ? AbortSignal.any([deadline.signal, this.options.signal]) : deadline.signal;
    try {
      const res = await request(url, { method: method as 'GET', headers, body: payload, dispatcher, signal });
      const responseHeaders = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
      const text = await readCapped(res.body, limits.maxBodyBytes, Number(responseHeaders['content-length'] ?? NaN));
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, headers: responseHeaders, text, json, method, url, curl };
    } catch (error) {
      if (deadline.signal.aborted) throw deadline.signal.reason as RequestTimeoutError;
      throw error;
    } finally {
      clearTimeout(timer);
    }
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
    if (this.owner && !this.shared.dispatcher.closed) await this.shared.dispatcher.close();
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Reads a body up to `max` bytes; a larger one is abandoned at once, before it fills memory. */
async function readCapped(body: AsyncIterable<Buffer> & { destroy(error?: Error): unknown }, max: number, declared: number): Promise<string> {
  if (declared > max) {
    body.destroy();
    throw new ResponseTooLargeError(max, declared, true);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      body.destroy();
      throw new ResponseTooLargeError(max, size, false);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeTransportError(error: unknown, baseUrl: string, signal: AbortSignal | undefined): TransportError {
  if (signal?.aborted) return new RequestAbortedError(signal.reason instanceof Error ? signal.reason.message : String(signal.reason));
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
    UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'the body did not match its Content-Length',
    UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the body did not match its Content-Length',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed (use --insecure or --ca FILE)',
    SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate is not trusted (use --insecure or --ca FILE)',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is not trusted (use --insecure or --ca FILE)',
    ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS (try http://)',
    EPROTO: 'TLS handshake failed (is the URL http:// or https://?)',
  };
  const reason = reasons[code] ?? (code.startsWith('HPE_') ? 'the answer is not valid HTTP' : (err.cause?.message ?? err.message ?? String(error)));
  // Failures before a connection exists mean the target is unreachable; later ones, that the exchange broke.
  const beforeConnect = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|EHOSTUNREACH|ENETUNREACH)$/.test(code) || /CERT|SSL|EPROTO|TLS/.test(code);
  return new TransportError(beforeConnect ? `cannot reach ${baseUrl}: ${reason}` : `the exchange with ${baseUrl} failed: ${reason}`, code);
}
