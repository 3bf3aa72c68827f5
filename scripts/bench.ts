// Measures the emulator at scale: start-up, full and filtered collection reads, a paged walk and memory,
// with 100,000 sessions by default (`npm run bench -- 200000` for another size).
import { OntapClient } from '../src/client/ontap-client.ts';
import { startOntapEmulator } from '../src/emulator/ontap/server.ts';
import { DEFAULT_ONTAP_CONFIG } from '../src/emulator/ontap/state.ts';

const sessions = Number(process.argv[2] ?? 100_000);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await fn();
  console.log(`${label.padEnd(58)} ${(performance.now() - started).toFixed(0).padStart(7)} ms`);
  return result;
};

const emulator = await time(`start emulator with ${sessions} sessions`, () => startOntapEmulator({ sessions }));
const client = new OntapClient({ baseUrl: emulator.url, credentials: DEFAULT_ONTAP_CONFIG.admin });
try {
  await time('GET sessions?return_records=false (count)', () => client.get('/protocols/ndmp/sessions', { return_records: 'false' }));
  const all = await time('GET sessions (default fields, every record)', () => client.get('/protocols/ndmp/sessions'));
  console.log(`${'  response size'.padEnd(58)} ${mib(all.text.length).padStart(10)}`);
  await time('GET sessions?fields=* (every record)', () => client.get('/protocols/ndmp/sessions', { fields: '*' }));
  await time('GET sessions?data.state=halted|paused&client_port=>30000', () => client.get('/protocols/ndmp/sessions', { 'data.state': 'halted|paused', client_port: '>30000' }));
  await time('GET sessions?order_by=data.bytes_processed desc&max_records=100', () => client.get('/protocols/ndmp/sessions', { order_by: 'data.bytes_processed desc', max_records: 100 }));
  await time('walk every page of max_records=10000 via _links.next', async () => {
    let res = await client.get('/protocols/ndmp/sessions', { max_records: 10_000 });
    let pages = 1;
    for (let next = (res.json as any)._links.next?.href; next; next = (res.json as any)._links.next?.href) {
      res = await client.get(next);
      pages++;
    }
    return pages;
  });
  const memory = process.memoryUsage();
  console.log(`${'process memory (rss / heap used)'.padEnd(58)} ${mib(memory.rss)} / ${mib(memory.heapUsed)}`);
} finally {
  await client.close();
  await emulator.close();
}
