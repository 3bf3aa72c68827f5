import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { OntapEmulatorOptions } from '../../src/emulator/ontap/server.ts';
import type { EmulatorMessage, EmulatorRequest } from './emulator-process.ts';

export type EmulatorStats = Extract<EmulatorMessage, { type: 'stats' }>;

/** An ONTAP emulator in a child process: its URL, its own counters and memory, and a way to stop it. */
export interface EmulatorChild {
  url: string;
  /** Start-up time inside the child (dataset, spec, listening). */
  startMs: number;
  stats(): Promise<EmulatorStats>;
  /** Starts a new window for the first and last request times of `stats`. */
  mark(): void;
  close(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./emulator-process.ts', import.meta.url));

/**
 * Forks scripts/bench/emulator-process.ts with `options` and waits until it listens. With BENCH_CPU_PROF=DIR set,
 * each emulator process writes a V8 CPU profile there when it stops (node --cpu-prof; open it in Chrome DevTools).
 */
export async function startEmulatorChild(options: OntapEmulatorOptions): Promise<EmulatorChild> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child: ChildProcess = fork(SCRIPT, [JSON.stringify(options)], { execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T extends EmulatorMessage['type']>(type: T) => new Promise<Extract<EmulatorMessage, { type: T }>>((resolve, reject) => {
    const onMessage = (message: EmulatorMessage) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<EmulatorMessage, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the emulator process exited (${code}) before it answered "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  const ask = (request: EmulatorRequest) => child.send(request);
  const ready = await next('ready');
  return {
    url: ready.url,
    startMs: ready.startMs,
    stats: () => {
      const answer = next('stats');
      ask({ type: 'stats' });
      return answer;
    },
    mark: () => ask({ type: 'mark' }),
    close: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      ask({ type: 'close' });
    }),
  };
}
