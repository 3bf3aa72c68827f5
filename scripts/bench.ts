// `npm run bench`: the emulator's raw rate, the suite's rate against it, the embedded run, scaling to 100,000
// sessions and the emulator under load — every figure measured in this run on this machine, printed beside its
// target and written to reports/bench.json. A benchmark, not a test: it fails only when it cannot measure.
// `npm run bench -- --only a,b` measures some figures (a, b, c, d, e).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startEmulatorChild } from './bench/emulator-child.ts';
import { measureLoad, type LoadResult } from './bench/load.ts';
import { measureRawRate, type RawRate } from './bench/raw-rate.ts';
import { measureScaling, type ScalingPoint } from './bench/scaling.ts';
import { measureEmbeddedRun, measureSuiteRate, type EmbeddedRun, type SuiteRate } from './bench/suite-rate.ts';
import { formatTable, type Row } from './bench/table.ts';

const REPORT = fileURLToPath(new URL('../reports/bench.json', import.meta.url));
const SIZES = [1_000, 10_000, 100_000];
const MB = 2 ** 20;

const onlyIndex = process.argv.indexOf('--only');
const only = new Set(onlyIndex >= 0 ? (process.argv[onlyIndex + 1] ?? '').split(',') : ['a', 'b', 'c', 'd', 'e']);
const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

const figures: { rawRate?: RawRate; suiteRate?: SuiteRate; embedded?: EmbeddedRun; scaling?: ScalingPoint[]; load?: LoadResult } = {};
const startedAt = new Date();
const loadAverageAtStart = loadavg();

if (only.has('a') || only.has('b')) {
  // (a) and (b) against one emulator process with the default dataset, one after the other.
  const emulator = await startEmulatorChild({});
  try {
    if (only.has('a')) {
      say('(a) autocannon, 8 connections, 10 s ...');
      figures.rawRate = await measureRawRate(emulator);
    }
    if (only.has('b')) {
      say('(b) conformance run --ontap-url ... --runs 10 --concurrency 8 ...');
      figures.suiteRate = await measureSuiteRate(emulator);
    }
  } finally {
    await emulator.close();
  }
}
if (only.has('c')) {
  say('(c) npm run conformance (embedded emulators) ...');
  figures.embedded = await measureEmbeddedRun();
}
if (only.has('d')) {
  figures.scaling = await measureScaling(SIZES, 5, say);
}
if (only.has('e')) {
  say('(e) 10,000 requests, 100 connections, 100,000 sessions ...');
  figures.load = await measureLoad();
}

const rows = tableRows();
const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, loadAverageAtStart, loadAverageAtEnd: loadavg() };
process.stdout.write(`${formatTable(rows)}\n`);
// Other jobs on the machine move the rates: the load says how quiet it was.
process.stdout.write(`machine: ${machine.cpus} CPUs, Node ${machine.node}, load average ${loadAverageAtStart[0]!.toFixed(1)} at the start, ${machine.loadAverageAtEnd[0]!.toFixed(1)} at the end\n`);
mkdirSync(fileURLToPath(new URL('../reports/', import.meta.url)), { recursive: true });
writeFileSync(REPORT, `${JSON.stringify({
  startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime(),
  machine,
  figures, table: rows,
}, null, 2)}\n`);
process.stdout.write(`written: reports/bench.json\n`);

function tableRows(): Row[] {
  const rows: Row[] = [];
  const { rawRate, suiteRate, embedded, scaling, load } = figures;
  if (rawRate) {
    rows.push({ figure: '(a) emulator raw rate: GET sessions?fields=*&max_records=20, autocannon, 8 connections, 10 s', value: `${rawRate.requestsPerSecond.toFixed(0)} req/s (p99 ${rawRate.p99Ms} ms, ${rawRate.errors} errors)`, target: 'reference' });
  }
  if (suiteRate) {
    rows.push({
      figure: `(b) suite: read-only conformance run --runs ${suiteRate.runs}, concurrency ${suiteRate.concurrency} (verdict ${suiteRate.verdict ?? `exit ${suiteRate.exitCode}`})`,
      value: `${suiteRate.requestsPerSecond.toFixed(0)} req/s (${suiteRate.requests} requests in ${(suiteRate.sendingMs / 1000).toFixed(1)} s of sending)`,
      target: 'reference',
    });
    rows.push({ figure: '    the same over the command\'s wall time (process start-up included)', value: `${suiteRate.wallRequestsPerSecond.toFixed(0)} req/s (${(suiteRate.wallMs / 1000).toFixed(1)} s)`, target: 'reference' });
    if (rawRate) {
      const ratio = suiteRate.requestsPerSecond / rawRate.requestsPerSecond;
      rows.push({ figure: '(b)/(a)', value: ratio.toFixed(2), target: '>= 0.50', met: ratio >= 0.5 });
      rows.push({ figure: '    (b over wall time)/(a)', value: (suiteRate.wallRequestsPerSecond / rawRate.requestsPerSecond).toFixed(2), target: 'reference' });
    }
  }
  if (embedded) {
    const r = embedded.requests;
    rows.push({
      figure: `(c) npm run conformance, embedded emulators (verdict ${embedded.verdict ?? `exit ${embedded.exitCode}`})`,
      value: `${(embedded.wallMs / 1000).toFixed(1)} s, ${r ? `${r.ontap + r.veeam + r.other} requests (ONTAP ${r.ontap}, Veeam ${r.veeam}${r.other ? `, other ${r.other}` : ''})` : 'requests not counted'}`,
      target: 'reference',
    });
  }
  if (scaling) {
    for (const point of scaling) {
      rows.push({
        figure: `(d) walk + verify ${point.sessions.toLocaleString('en')} sessions, max_records=1000 (median of ${point.repeats ?? 1})`,
        value: `${(point.walkMs / 1000).toFixed(2)} s (${point.pages} pages); emulator RSS ${(point.rss / MB).toFixed(0)} MB, peak ${(point.peakRss / MB).toFixed(0)} MB`,
        target: point.sessions === 100_000 ? 'peak RSS <= 400 MB' : 'reference',
        ...(point.sessions === 100_000 ? { met: point.peakRss <= 400 * MB } : {}),
      });
    }
    const at = (n: number) => scaling.find((point) => point.sessions === n);
    const [ten, hundred] = [at(10_000), at(100_000)];
    if (ten && hundred) {
      const ratio = hundred.walkMs / ten.walkMs;
      rows.push({ figure: '(d) time(100k) / time(10k)', value: ratio.toFixed(1), target: '<= 11', met: ratio <= 11 });
    }
  }
  if (load) {
    rows.push({ figure: `(e) ${load.requests} requests, ${load.connections} connections, ${load.sessions.toLocaleString('en')} sessions: errors`, value: `${load.errors} (${load.timeouts} timeouts, ${load.non2xx} not 2xx)`, target: '0', met: load.errors === 0 && load.requests >= 10_000 });
    rows.push({ figure: '(e) latency', value: `p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, max ${load.maxMs} ms (${load.durationS.toFixed(1)} s, ${load.megabytes.toFixed(0)} MB read)`, target: 'reference' });
    rows.push({ figure: '(e) emulator peak RSS', value: `${(load.peakRss / MB).toFixed(0)} MB`, target: '<= 600 MB', met: load.peakRss <= 600 * MB });
  }
  return rows;
}
