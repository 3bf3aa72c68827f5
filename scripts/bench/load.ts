import autocannon from 'autocannon';
import { SeededRandom } from '../../src/emulator/random.ts';
import { BASIC_AUTH } from './credentials.ts';
import { startEmulatorChild } from './emulator-child.ts';

const SESSIONS_PATH = '/api/protocols/ndmp/sessions';

export interface LoadResult {
  sessions: number;
  requests: number;
  connections: number;
  mix: Record<string, number>;
  durationS: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  megabytes: number;
  peakRss: number;
}

type Json = Record<string, any>;

async function getJson(url: string): Promise<Json> {
  const res = await fetch(url, { headers: { authorization: BASIC_AUTH } });
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as Json;
}

const FILTERS = [
  'data.state=active', 'mover.state=halted|paused', 'mover.state=!idle', 'client_port=>60000', 'data.bytes_processed=<1000000',
  'tape_device=null', 'svm.name=vs0', 'node.name=cluster1-02', 'data_path=*proj*', 'id=1005*', 'data.reason=!successful',
  'data.operation=restore&mover.mode=raw', 'client_port=20000..30000', 'backup_engine=smtape&data.connection.type=tcp',
];
const ORDERS = ['data.bytes_processed desc', 'client_port', 'mover.bytes_moved desc,client_port', 'tape_device'];

/**
 * The request schedule: paged reads (first pages and next links deep in the collection), filters, instance GETs,
 * order_by reads, and every thousandth request an unpaged `fields=*` read of the whole collection. Seeded: every
 * run sends the same requests in the same order.
 */
async function schedule(url: string, total: number): Promise<{ paths: string[]; mix: Record<string, number> }> {
  const random = new SeededRandom(9);
  const instances: string[] = [];
  const nextLinks: string[] = [];
  for (const offset of [0, 20_000, 40_000, 60_000, 80_000, 99_000]) {
    const page = await getJson(`${url}${SESSIONS_PATH}?max_records=200&offset=${offset}`);
    for (const record of page.records as Json[]) instances.push(record._links.self.href as string);
    if (page._links.next) nextLinks.push(page._links.next.href as string);
  }
  const mix: Record<string, number> = { paged: 0, 'next page': 0, filter: 0, instance: 0, 'order_by': 0, 'unpaged fields=*': 0 };
  const paths: string[] = [];
  for (let i = 0; i < total; i++) {
    const roll = random.next();
    let kind: string;
    let path: string;
    if (i % 1000 === 500) {
      kind = 'unpaged fields=*';
      path = `${SESSIONS_PATH}?fields=*`;
    } else if (roll < 0.25) {
      kind = 'paged';
      path = `${SESSIONS_PATH}?max_records=${random.pick([20, 100, 1000])}${random.next() < 0.5 ? '&fields=*' : ''}`;
    } else if (roll < 0.35) {
      kind = 'next page';
      path = random.pick(nextLinks);
    } else if (roll < 0.65) {
      kind = 'filter';
      path = `${SESSIONS_PATH}?${random.pick(FILTERS)}&max_records=50&fields=${random.pick(['*', 'data,mover', 'id'])}`;
    } else if (roll < 0.95) {
      kind = 'instance';
      path = `${random.pick(instances)}${random.next() < 0.3 ? '?fields=data' : ''}`;
    } else {
      kind = 'order_by';
      path = `${SESSIONS_PATH}?order_by=${encodeURIComponent(random.pick(ORDERS))}&max_records=100`;
    }
    mix[kind]!++;
    paths.push(path);
  }
  return { paths, mix };
}

/** (e) 10,000 requests from 100 connections at once against an emulator with 100,000 sessions in its own process. */
export async function measureLoad(sessions = 100_000, total = 10_000, connections = 100): Promise<LoadResult> {
  const emulator = await startEmulatorChild({ sessions });
  try {
    const { paths, mix } = await schedule(emulator.url, total);
    let next = 0;
    const result = await autocannon({
      url: emulator.url, connections, amount: total, timeout: 120, headers: { authorization: BASIC_AUTH },
      requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
    });
    const stats = await emulator.stats();
    return {
      sessions, requests: result.requests.total, connections, mix, durationS: result.duration,
      errors: result.errors + result.non2xx, non2xx: result.non2xx, timeouts: result.timeouts,
      p50Ms: result.latency.p50, p99Ms: result.latency.p99, maxMs: result.latency.max,
      megabytes: result.throughput.total / 2 ** 20, peakRss: stats.maxRss,
    };
  } finally {
    await emulator.close();
  }
}
