import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestAbortedError, RequestTimeoutError, ResponseTooLargeError, ThrottledError, TransportError } from '../../src/client/errors.ts';
import { Pacer, parseRetryAfter } from '../../src/client/limits.ts';
import { OntapClient } from '../../src/client/ontap-client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('every exchange is bounded', () => {
  let url = '';
  let handler: Handler = (_req, res) => res.end('{}');
  const server = createServer((req, res) => handler(req, res));
  beforeAll(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  });
  const client = (limits: ConstructorParameters<typeof OntapClient>[0]['limits'] = {}, signal?: AbortSignal) => new OntapClient({ baseUrl: url, limits, signal });

  it('the request timeout bounds the whole exchange, also a body that keeps dripping', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
    };
    const c = client({ requestTimeoutMs: 600 });
    const started = Date.now();
    const error = await c.get('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as TransportError).request).toMatchObject({ method: 'GET', url: `${url}/api/x` });
    expect(Date.now() - started).toBeLessThan(2000);
    await c.close();
  });

  it('a body above the cap is abandoned at once, whether its length is declared or not', async () => {
    for (const declared of [true, false]) {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': String(10 << 20) } : {}) });
        const chunk = Buffer.alloc(64 << 10, 'a');
        const timer = setInterval(() => res.write(chunk), 1);
        res.on('close', () => clearInterval(timer));
      };
      const c = client({ maxBodyBytes: 256 << 10 });
      const error = await c.get('/x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect((error as Error).message).toMatch(/larger than the 256 KB limit/);
      await c.close();
    }
  });

  it('429 and 503 with Retry-After are waited out, then given up with the reason', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls++;
      if (calls <= 2) {
        res.writeHead(calls === 1 ? 429 : 503, { 'retry-after': '0' });
        res.end();
      } else res.end('{"ok":true}');
    };
    const c = client();
    expect((await c.get('/x')).json).toEqual({ ok: true });
    expect(calls).toBe(3);
    handler = (_req, res) => {
      res.writeHead(429, { 'retry-after': '0' });
      res.end();
    };
    await expect(c.get('/x')).rejects.toThrow(ThrottledError);
    handler = (_req, res) => {
      res.writeHead(429, { 'retry-after': '3600' });
      res.end();
    };
    await expect(c.get('/x')).rejects.toThrow(/longer wait than the 30 s/);
    // A 503 without Retry-After is an answer like any other (the check judges it).
    handler = (_req, res) => {
      res.writeHead(503);
      res.end();
    };
    expect((await c.get('/x')).status).toBe(503);
    await c.close();
  });

  it("a check's signal abandons its requests; a client without it goes on", async () => {
    handler = (_req, res) => setTimeout(() => res.end('{}'), 300);
    const controller = new AbortController();
    const base = client();
    const bound = base.withSignal(controller.signal);
    setTimeout(() => controller.abort(new Error('stop now')), 50);
    await expect(bound.get('/x')).rejects.toThrow(RequestAbortedError);
    expect((await base.get('/x')).status).toBe(200);
    await base.close();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('5')).toBe(5000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('--max-rps spaces requests evenly', async () => {
    const pacer = new Pacer(20);
    const started = Date.now();
    for (let i = 0; i < 6; i++) await pacer.wait();
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });
});
