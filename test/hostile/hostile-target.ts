import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startOntapEmulator, type OntapEmulatorOptions, type RunningOntapEmulator } from '../../src/emulator/ontap/server.ts';

/** How the hostile target answers a request it takes over; `undefined` lets the healthy emulator answer. */
export type Misbehaviour =
  | 'hang' // reads the request, never answers
  | 'drip' // headers, then one byte a second for ever
  | 'reset' // headers and half a body, then a TCP reset
  | 'garbage' // 200 with bytes that are not JSON
  | 'huge' // 200 with an endless body
  | 'html' // the emulator's answer, declared as text/html
  | 'status-500'
  | 'redirect'
  | 'throttle' // 429 with Retry-After: 1, every time
  | 'next-loop' // the emulator's answer, with a next link to itself
  | 'next-grow' // the emulator's answer, with a next link that never repeats
  | 'slow' // the emulator's answer, three seconds late
  | { rewrite(json: Record<string, unknown>): unknown }; // the emulator's JSON answer, rewritten

export interface HostileTarget {
  url: string;
  emulator: RunningOntapEmulator;
  /** Requests the hostile target took over, by misbehaviour. */
  taken: Map<Misbehaviour | 'rewrite', number>;
  close(): Promise<void>;
}

/**
 * A misbehaving ONTAP target: a healthy emulator behind a proxy that takes over the requests `choose` picks.
 * The point is the suite's side: whatever the target does, a run ends in bounded time and never passes.
 */
export async function startHostileTarget(choose: (req: IncomingMessage, n: number) => Misbehaviour | undefined, emulatorOptions: OntapEmulatorOptions = {}): Promise<HostileTarget> {
  const emulator = await startOntapEmulator(emulatorOptions);
  const proxy = await startHostileProxy(emulator.url, choose);
  return { ...proxy, emulator, close: async () => { await proxy.close(); await emulator.close(); } };
}

/** The same proxy before any HTTP server (the Veeam emulator, say). */
export async function startHostileProxy(upstreamUrl: string, choose: (req: IncomingMessage, n: number) => Misbehaviour | undefined): Promise<{ url: string; taken: HostileTarget['taken']; close(): Promise<void> }> {
  const upstream = new URL(upstreamUrl);
  const taken = new Map<Misbehaviour | 'rewrite', number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let n = 0;
  const server: Server = createServer((req, res) => {
    const behaviour = choose(req, n++);
    const name = typeof behaviour === 'object' ? 'rewrite' : behaviour;
    if (name) taken.set(name, (taken.get(name) ?? 0) + 1);
    misbehave(behaviour, req, res, upstream, timers);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    taken,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function misbehave(behaviour: Misbehaviour | undefined, req: IncomingMessage, res: ServerResponse, upstream: URL, timers: Set<NodeJS.Timeout>): void {
  const every = (ms: number, fn: () => void) => {
    const timer = setInterval(fn, ms);
    timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  };
  switch (behaviour) {
    case 'hang':
      return req.resume() as unknown as void;
    case 'drip':
      res.writeHead(200, { 'content-type': 'application/hal+json' });
      every(1000, () => res.write('{'));
      return;
    case 'reset':
      res.writeHead(200, { 'content-type': 'application/hal+json', 'content-length': '4000' });
      res.write('{"records":[{"id":"1"');
      setTimeout(() => res.socket?.resetAndDestroy(), 50);
      return;
    case 'garbage':
      res.writeHead(200, { 'content-type': 'application/hal+json' });
      return res.end('\u0000\u00ff<html>not json</html>\u0001') as unknown as void;
    case 'huge': {
      res.writeHead(200, { 'content-type': 'application/hal+json' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 1 << 30 && res.write(chunk)) sent += chunk.length;
        if (sent >= 1 << 30) res.end();
      };
      res.on('drain', pump);
      res.write('{"records":["');
      return pump();
    }
    case 'status-500':
      res.writeHead(500, { 'content-type': 'application/hal+json' });
      return res.end('{"error":{"message":"internal error","code":"1"}}') as unknown as void;
    case 'redirect':
      res.writeHead(302, { location: '/login.html', 'content-type': 'text/html' });
      return res.end('<a href="/login.html">moved</a>') as unknown as void;
    case 'throttle':
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/hal+json' });
      return res.end('{"error":{"message":"too many requests","code":"262160"}}') as unknown as void;
    default:
      return proxy(behaviour, req, res, upstream);
  }
}

/** Forwards to the emulator, then spoils the answer as `behaviour` says (or not at all). */
function proxy(behaviour: Misbehaviour | undefined, req: IncomingMessage, res: ServerResponse, upstream: URL): void {
  // The page counter of growing next links is ours: the emulator never sees it.
  const path = (req.url ?? '/').replace(/([?&])hostile_page=\d+&?/, '$1').replace(/[?&]$/, '');
  const upstreamReq = forward({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers }, (answer) => {
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('end', () => {
      let body = Buffer.concat(chunks).toString('utf8');
      const headers = { ...answer.headers };
      if (behaviour === 'html') headers['content-type'] = 'text/html; charset=utf-8';
      if (typeof behaviour === 'object') body = JSON.stringify(behaviour.rewrite(JSON.parse(body) as Record<string, unknown>));
      if ((behaviour === 'next-loop' || behaviour === 'next-grow') && answer.statusCode === 200) {
        const json = JSON.parse(body) as Record<string, unknown>;
        if (Array.isArray(json.records) && json.records.length > 0) {
          const self = (req.url ?? '').replace(/[?&]hostile_page=\d+/, '');
          const page = Number(/hostile_page=(\d+)/.exec(req.url ?? '')?.[1] ?? 0) + 1;
          const href = behaviour === 'next-loop' ? req.url : `${self}${self.includes('?') ? '&' : '?'}hostile_page=${page}`;
          json._links = { ...(json._links as object), next: { href } };
          body = JSON.stringify(json);
        }
      }
      headers['content-length'] = String(Buffer.byteLength(body));
      const send = () => {
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(body);
      };
      if (behaviour === 'slow') setTimeout(send, 3000);
      else send();
    });
  });
  upstreamReq.on('error', () => res.destroy());
  req.pipe(upstreamReq);
}
