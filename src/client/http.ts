import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { RequestAbortedError, RequestTimeoutError, ResponseTooLargeError, ThrottledError, TransportError } from './errors.ts';
import { DEFAULT_LIMITS, Pacer, parseRetryAfter, sleep, type ExchangeLimits } from './limits.ts';

export interface TlsOptions {
  /** Accept any certificate (clusters and EM servers usually carry self-signed ones). */
  insecure?: boolean;
  /** PEM file of the CA that signed the server certificate. */
  caFile?: string;
}

/** One request as the transport sends it. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** What a person can paste to reproduce it, secrets redacted. */
  curl: string;
  /** Abandons the request (a check's deadline, an interruption). */
  signal?: AbortSignal;
}

/** A whole answer: status, headers (lower-case names, repeated ones joined) and body text. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  /** Each Set-Cookie header on its own. */
  setCookies: string[];
  text: string;
  method: string;
  url: string;
  curl: string;
}

/**
 * One exchange as the transport saw it: the request, and the answer or why there was none. Bodies and headers
 * are as received, not redacted: an observer redacts what it keeps.
 */
export interface ExchangeRecord {
  method: string;
  url: string;
  /** The request's curl line (secrets already redacted by the client). */
  curl: string;
  /** Epoch milliseconds when the request was sent. */
  start: number;
  durationMs: number;
  /** The answer, when one came whole. */
  answer?: { status: number; headers: Record<string, string>; text: string };
  /** Why no whole answer came (a timeout, a reset, an oversized body, an abort). */
  error?: string;
}

/** Told of every exchange made in the asynchronous context it observes (a check). */
export type ExchangeObserver = (exchange: ExchangeRecord) => void;

const observers = new AsyncLocalStorage<ExchangeObserver>();

/**
 * Runs `body` with `observer` told of every exchange any transport makes within it, throttled attempts included.
 * An observer that throws is ignored: observing never changes an exchange or its outcome.
 */
export function observeExchanges<T>(observer: ExchangeObserver, body: () => T): T {
  return observers.run(observer, body);
}

/**
 * The connections, limits and pace that the clients of one target share. Every exchange is bounded in time
 * (headers and body) and size; 429, and 503 with Retry-After, are waited out a bounded number of times.
 */
export class HttpTransport {
  readonly limits: ExchangeLimits;
  private readonly dispatcher: Agent;
  private readonly pacer: Pacer;

  constructor(readonly baseUrl: string, tls: TlsOptions, limits?: Partial<ExchangeLimits>) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    const ca = tls.caFile ? readFileSync(tls.caFile, 'utf8') : undefined;
    this.dispatcher = new Agent({
      connect: { rejectUnauthorized: !tls.insecure, ...(ca ? { ca } : {}), timeout: Math.min(this.limits.requestTimeoutMs, 30_000) },
      headersTimeout: this.limits.requestTimeoutMs,
      bodyTimeout: this.limits.requestTimeoutMs,
      // Enough keep-alive connections for the concurrent checks of a run.
      connections: 16,
    });
    this.pacer = new Pacer(this.limits.maxRps);
  }

  /** Sends a request, waiting out throttling; transport failures are TransportErrors naming the request. */
  async send(req: HttpRequest): Promise<HttpAnswer> {
    const { limits, pacer } = this;
    try {
      for (let attempt = 0; ; attempt++) {
        await pacer.wait(req.signal);
        const res = await this.observed(req);
        const retryAfter = parseRetryAfter(res.headers['retry-after']);
        const throttled = res.status === 429 || (res.status === 503 && retryAfter !== undefined);
        if (!throttled) return res;
        const wait = retryAfter ?? 1000 * 2 ** attempt;
        const said = `HTTP ${res.status}${res.headers['retry-after'] ? ` with Retry-After ${res.headers['retry-after']}` : ''}`;
        if (attempt >= limits.maxRetries) throw new ThrottledError(`the target kept throttling: ${said} after ${limits.maxRetries} retries`);
        if (wait > limits.maxRetryWaitMs) throw new ThrottledError(`the target throttled (${said}), a longer wait than the ${limits.maxRetryWaitMs / 1000} s the suite waits out`);
        await sleep(wait, req.signal);
      }
    } catch (error) {
      const failure = error instanceof TransportError ? error : describeTransportError(error, this.baseUrl, req.signal);
      failure.request ??= { method: req.method, url: req.url, curl: req.curl };
      throw failure;
    }
  }

  /** One exchange, told to the observer of the calling context, if any. */
  private async observed(req: HttpRequest): Promise<HttpAnswer> {
    const observer = observers.getStore();
    if (!observer) return this.exchange(req);
    const start = Date.now();
    const began = performance.now();
    const tell = (outcome: Pick<ExchangeRecord, 'answer' | 'error'>) => {
      try {
        observer({ method: req.method, url: req.url, curl: req.curl, start, durationMs: Math.round(performance.now() - began), ...outcome });
      } catch {
        // Observing is best effort: it never changes an exchange or its outcome.
      }
    };
    try {
      const res = await this.exchange(req);
      tell({ answer: { status: res.status, headers: res.headers, text: res.text } });
      return res;
    } catch (error) {
      tell({ error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  /** One request and its whole answer, within the request deadline and the body cap. */
  private async exchange(req: HttpRequest): Promise<HttpAnswer> {
    const { limits, dispatcher } = this;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new RequestTimeoutError(limits.requestTimeoutMs / 1000)), limits.requestTimeoutMs);
    const signal = req.signal ? AbortSignal.any([deadline.signal, req.signal]) : deadline.signal;
    try {
      const res = await request(req.url, { method: req.method as 'GET', headers: req.headers, body: req.body, dispatcher, signal });
      const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
      const cookies = res.headers['set-cookie'];
      const setCookies = cookies === undefined ? [] : Array.isArray(cookies) ? cookies : [cookies];
      const text = await readCapped(res.body, limits.maxBodyBytes, Number(headers['content-length'] ?? NaN));
      return { status: res.statusCode, headers, setCookies, text, method: req.method, url: req.url, curl: req.curl };
    } catch (error) {
      if (deadline.signal.aborted) throw deadline.signal.reason as RequestTimeoutError;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (!this.dispatcher.closed) await this.dispatcher.close();
  }
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

/** Quotes a value for a POSIX shell (curl lines). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
