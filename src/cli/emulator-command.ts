import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { APIS } from '../apis/index.ts';
import type { ApiPlugin } from '../apis/plugin.ts';
import { selfSignedCertificate } from '../emulator/tls.ts';
import { parsePort, parsePositiveInt, UsageError } from './usage-error.ts';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Commander's property name of a flag: `--ontap-port` → `ontapPort`. */
const key = (flag: string) => flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function registerEmulatorCommand(program: Command, done: (code: Promise<number>) => void): void {
  const command = program
    .command('emulator')
    .description(`serve the embedded emulators (${APIS.map((api) => api.title).join(', ')}) on 127.0.0.1 until stopped (Ctrl-C); with one API's port flag only that API starts`);
  for (const api of APIS) {
    command.addOption(new Option(`${api.emulator.portFlag} <n>`, `port of the ${api.title} emulator (default ${api.emulator.defaultPort}; 0 = any free port)`).argParser(parsePort));
  }
  command
    .option('--tls', 'serve HTTPS with a self-signed certificate (every API)')
    .option('--cert-out <file>', 'with --tls: write the certificate (PEM) here, for clients that verify it (curl --cacert, run --ca)')
    .option('--seed <n>', 'seed of the generated data', parsePositiveInt('--seed'), 1)
    .option('--live', 'live sessions: counters grow and states change between requests')
    .option('--fault <name>', 'switch on one documented non-conformance (repeatable; see `conformance faults`)', collect, []);
  for (const api of APIS) for (const option of api.emulator.options()) command.addOption(option);
  command.action((flags: Record<string, unknown>) => done(serve(flags)));
  program
    .command('faults')
    .description("list the emulators' faults, one per line")
    .action(() => {
      for (const api of APIS) for (const [name, description] of Object.entries(api.emulator.faults)) console.log(`${name.padEnd(32)} ${description}`);
      done(Promise.resolve(0));
    });
}

async function serve(flags: Record<string, unknown>): Promise<number> {
  const asked = APIS.filter((api) => flags[key(api.emulator.portFlag)] !== undefined);
  const apis = asked.length > 0 ? asked : APIS;
  const faults = flags.fault as string[];
  const owner = (fault: string) => APIS.find((api) => Object.hasOwn(api.emulator.faults, fault));
  for (const fault of faults) if (!owner(fault)) throw new UsageError(`unknown fault "${fault}" (see: conformance faults)`);
  for (const fault of faults) if (!apis.includes(owner(fault)!)) throw new UsageError(`fault "${fault}" belongs to the ${owner(fault)!.title} emulator, which is not started`);
  if (flags.certOut && !flags.tls) throw new UsageError('--cert-out needs --tls');
  // Listening for the stop signal before anything starts: a signal right after the URLs are printed still stops cleanly.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const running: Array<{ close(): Promise<void> }> = [];
  try {
    for (const api of apis) running.push(await start(api, flags, faults.filter((fault) => owner(fault) === api)));
    if (flags.certOut) {
      try {
        writeFileSync(flags.certOut as string, (await selfSignedCertificate()).cert);
      } catch (error) {
        throw new UsageError(`--cert-out: cannot write ${String(flags.certOut)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      console.log(`certificate: ${String(flags.certOut)}`);
    }
  } catch (error) {
    await Promise.all(running.map((emulator) => emulator.close()));
    throw error;
  }
  await stopped;
  await Promise.all(running.map((emulator) => emulator.close()));
  console.log('emulators stopped');
  return 0;
}

async function start(api: ApiPlugin, flags: Record<string, unknown>, faults: string[]): Promise<{ close(): Promise<void> }> {
  const port = (flags[key(api.emulator.portFlag)] as number | undefined) ?? api.emulator.defaultPort;
  let emulator;
  try {
    emulator = await api.emulator.start(flags, { port, tls: Boolean(flags.tls), seed: flags.seed as number, live: Boolean(flags.live), faults });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use (try ${api.emulator.portFlag} 0)`);
    if (code === 'EACCES') throw new UsageError(`no permission to listen on port ${port}`);
    throw error;
  }
  for (const line of emulator.lines) console.log(line);
  return emulator;
}
