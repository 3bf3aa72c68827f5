// One ONTAP emulator in a process of its own, driven by the benchmark over IPC: its RSS, heap and CPU are the
// emulator's alone, never the load generator's or the suite's.
import { startOntapEmulator, type OntapEmulatorOptions } from '../../src/emulator/ontap/server.ts';

/** What the benchmark asks the emulator process. */
/** `mark` starts a new window: the first and last request times then count from there. */
export type EmulatorRequest = { type: 'stats' } | { type: 'mark' } | { type: 'close' };

/** What the emulator process tells the benchmark. */
export type EmulatorMessage =
  | { type: 'ready'; url: string; startMs: number }
  | { type: 'stats'; requests: number; rss: number; maxRss: number; heapUsed: number; firstRequestAt?: number; lastRequestAt?: number };

const options = JSON.parse(process.argv[2] ?? '{}') as OntapEmulatorOptions;
const started = performance.now();
const emulator = await startOntapEmulator(options);
const startMs = performance.now() - started;

// The first and last moment the counter moved since the last mark, on the wall clock the benchmark shares (a 2 ms poll).
let seen = 0;
let firstRequestAt: number | undefined;
let lastRequestAt: number | undefined;
const poll = setInterval(() => {
  if (emulator.state.requests === seen) return;
  const now = Date.now();
  if (firstRequestAt === undefined) firstRequestAt = now;
  seen = emulator.state.requests;
  lastRequestAt = now;
}, 2);

const send = (message: EmulatorMessage) => process.send!(message);
process.on('message', (message: EmulatorRequest) => {
  if (message.type === 'stats') {
    send({
      type: 'stats', requests: emulator.state.requests, rss: process.memoryUsage.rss(), maxRss: process.resourceUsage().maxRSS * 1024,
      heapUsed: process.memoryUsage().heapUsed, firstRequestAt, lastRequestAt,
    });
  } else if (message.type === 'mark') {
    seen = emulator.state.requests;
    firstRequestAt = undefined;
    lastRequestAt = undefined;
  } else if (message.type === 'close') {
    clearInterval(poll);
    void emulator.close().then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', url: emulator.url, startMs });
