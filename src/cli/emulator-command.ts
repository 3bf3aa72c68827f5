import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { FAULTS, parseFaults } from '../emulator/faults.ts';
import { startOntapEmulator } from '../emulator/ontap/server.ts';
import { DEFAULT_ONTAP_CONFIG } from '../emulator/ontap/state.ts';
import { selfSignedCertificate } from '../emulator/tls.ts';
import { parseCredentials, parsePort, parsePositiveInt, parseVersion, UsageError, type SuppliedCredentials } from './usage-error.ts';

const ADMIN_PASSWORD_VAR = 'CONFORMANCE_EMULATOR_PASSWORD';
const READONLY_PASSWORD_VAR = 'CONFORMANCE_EMULATOR_READONLY_PASSWORD';

interface EmulatorFlags {
  ontapPort: number;
  tls?: boolean;
  mode: string;
  version: string;
  sessions: number;
  seed: number;
  user?: SuppliedCredentials;
  readonlyUser?: SuppliedCredentials;
  fault: string[];
  live?: boolean;
  certOut?: string;
}

export function registerEmulatorCommand(program: Command, done: (code: Promise<number>) => void): void {
  program
    .command('emulator')
    .description('serve the embedded ONTAP NDMP emulator on 127.0.0.1 until stopped (Ctrl-C)')
    .option('--ontap-port <n>', 'port of the ONTAP REST API (0 = any free port)', parsePort, 8443)
    .option('--tls', 'serve HTTPS with a self-signed certificate')
    .option('--mode <mode>', 'initial NDMP mode: svm or node', 'svm')
    .option('--version <x.y.z>', 'ONTAP release to report', parseVersion, DEFAULT_ONTAP_CONFIG.version)
    .option('--sessions <n>', 'number of seeded NDMP sessions', parsePositiveInt('--sessions'), 40)
    .option('--seed <n>', 'seed of the generated data', parsePositiveInt('--seed'), 1)
    .option('--user <name[:password]>', `admin user (default admin:netapp1!); NAME alone takes the password from ${ADMIN_PASSWORD_VAR}`, parseCredentials('--user', ADMIN_PASSWORD_VAR))
    .option('--readonly-user <name[:password]>', `readonly user, GET only (default viewer:viewer1!); NAME alone takes the password from ${READONLY_PASSWORD_VAR}`, parseCredentials('--readonly-user', READONLY_PASSWORD_VAR))
    .option('--cert-out <file>', 'with --tls: write the certificate (PEM) here, for clients that verify it (curl --cacert, run --ca)')
    .option('--live', 'live sessions: counters grow and states change between requests')
    .option('--fault <name>', 'switch on one documented non-conformance (repeatable; see `conformance faults`)', collect, [])
    .action((flags: EmulatorFlags) => done(serve(flags)));
  program
    .command('faults')
    .description("list the emulator's faults, one per line")
    .action(() => {
      for (const [name, description] of Object.entries(FAULTS)) console.log(`${name.padEnd(32)} ${description}`);
      done(Promise.resolve(0));
    });
}

/** The user the emulator serves: the one supplied, or the built-in default (public, documented in README.md). */
interface ServedUser {
  name: string;
  password: string;
  /** Undefined for the built-in default; else the flag or environment variable that gave the password. */
  passwordFrom?: string;
}

function credentials(supplied: SuppliedCredentials | undefined, fallback: { name: string; password: string }): ServedUser {
  return supplied ?? { name: fallback.name, password: fallback.password };
}

/** A supplied password is never printed: only the user name and where its password came from. */
function describe(user: ServedUser): string {
  if (user.passwordFrom === undefined) return `${user.name} / ${user.password}  (built-in default)`;
  return `${user.name}  (password from ${user.passwordFrom})`;
}

/** The `-u` argument of the curl hint: curl prompts for a password given on the command line. */
function curlUser(user: ServedUser): string {
  if (user.passwordFrom === undefined) return `${shellQuote(user.name)}:${shellQuote(user.password)}`;
  if (user.passwordFrom === ADMIN_PASSWORD_VAR) return `"${user.name.replace(/["$`\\]/g, '\\$&')}:$${ADMIN_PASSWORD_VAR}"`;
  return shellQuote(user.name);
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function serve(flags: EmulatorFlags): Promise<number> {
  if (flags.mode !== 'svm' && flags.mode !== 'node') throw new UsageError(`--mode expects svm or node, got "${flags.mode}"`);
  let faults;
  try {
    faults = parseFaults(flags.fault);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (flags.certOut && !flags.tls) throw new UsageError('--cert-out needs --tls');
  const admin = credentials(flags.user, DEFAULT_ONTAP_CONFIG.admin);
  const readonly = credentials(flags.readonlyUser, DEFAULT_ONTAP_CONFIG.readonly);
  let emulator;
  try {
    emulator = await startOntapEmulator({
      port: flags.ontapPort, tls: flags.tls ?? false, mode: flags.mode, version: flags.version,
      sessions: flags.sessions, seed: flags.seed, faults,
      admin: { name: admin.name, password: admin.password }, readonly: { name: readonly.name, password: readonly.password }, live: flags.live ?? false,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${flags.ontapPort} is already in use (try --ontap-port 0)`);
    if (code === 'EACCES') throw new UsageError(`no permission to listen on port ${flags.ontapPort}`);
    throw error;
  }
  if (flags.certOut) {
    try {
      writeFileSync(flags.certOut, (await selfSignedCertificate()).cert);
    } catch (error) {
      await emulator.close();
      throw new UsageError(`--cert-out: cannot write ${flags.certOut} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  console.log(`ONTAP emulator listening on ${emulator.url}/api  (ONTAP ${flags.version}, NDMP mode ${flags.mode}, ${flags.sessions} sessions, seed ${flags.seed})`);
  console.log(`  admin:    ${describe(admin)}`);
  console.log(`  readonly: ${describe(readonly)}`);
  if (faults.size > 0) console.log(`  faults:   ${[...faults].join(', ')}`);
  if (flags.certOut) console.log(`  certificate: ${flags.certOut}`);
  console.log(`  try: curl ${flags.tls ? '-k ' : ''}-u ${curlUser(admin)} '${emulator.url}/api/protocols/ndmp/sessions?fields=*&max_records=2'`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  console.log('ONTAP emulator stopped');
  return 0;
}
