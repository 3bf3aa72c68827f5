import { Option } from 'commander';
import type { EmulatorPlugin } from '../plugin.ts';
import { FAULTS, parseFaults } from '../../emulator/faults.ts';
import { startOntapEmulator } from '../../emulator/ontap/server.ts';
import { DEFAULT_ONTAP_CONFIG } from '../../emulator/ontap/state.ts';
import { parseCredentials, parsePositiveInt, parseVersion, UsageError, type SuppliedCredentials } from '../../cli/usage-error.ts';

const ADMIN_PASSWORD_VAR = 'CONFORMANCE_EMULATOR_PASSWORD';
const READONLY_PASSWORD_VAR = 'CONFORMANCE_EMULATOR_READONLY_PASSWORD';

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

/** The ONTAP part of `conformance emulator`. */
export const ontapEmulatorCli: EmulatorPlugin = {
  portFlag: '--ontap-port',
  defaultPort: 8443,
  faults: FAULTS,
  options: () => [
    new Option('--mode <mode>', 'ONTAP: initial NDMP mode, svm or node').default('svm'),
    new Option('--version <x.y.z>', 'ONTAP: release to report').argParser(parseVersion).default(DEFAULT_ONTAP_CONFIG.version),
    new Option('--sessions <n>', 'ONTAP: number of seeded NDMP sessions').argParser(parsePositiveInt('--sessions')).default(40),
    new Option('--user <name[:password]>', `ONTAP admin user (default admin:netapp1!); NAME alone takes the password from ${ADMIN_PASSWORD_VAR}`).argParser(parseCredentials('--user', ADMIN_PASSWORD_VAR)),
    new Option('--readonly-user <name[:password]>', `ONTAP readonly user, GET only (default viewer:viewer1!); NAME alone takes the password from ${READONLY_PASSWORD_VAR}`).argParser(parseCredentials('--readonly-user', READONLY_PASSWORD_VAR)),
  ],
  async start(flags, common) {
    const mode = flags.mode as string;
    if (mode !== 'svm' && mode !== 'node') throw new UsageError(`--mode expects svm or node, got "${mode}"`);
    const faults = parseFaults(common.faults);
    const admin = credentials(flags.user as SuppliedCredentials | undefined, DEFAULT_ONTAP_CONFIG.admin);
    const readonly = credentials(flags.readonlyUser as SuppliedCredentials | undefined, DEFAULT_ONTAP_CONFIG.readonly);
    const emulator = await startOntapEmulator({
      port: common.port, tls: common.tls, mode, version: flags.version as string,
      sessions: flags.sessions as number, seed: common.seed, faults,
      admin: { name: admin.name, password: admin.password }, readonly: { name: readonly.name, password: readonly.password }, live: common.live,
    });
    return {
      url: emulator.url,
      lines: [
        `ONTAP emulator listening on ${emulator.url}/api  (ONTAP ${String(flags.version)}, NDMP mode ${mode}, ${String(flags.sessions)} sessions, seed ${common.seed})`,
        `  admin:    ${describe(admin)}`,
        `  readonly: ${describe(readonly)}`,
        ...(faults.size > 0 ? [`  faults:   ${[...faults].join(', ')}`] : []),
        `  try: curl ${common.tls ? '-k ' : ''}-u ${curlUser(admin)} '${emulator.url}/api/protocols/ndmp/sessions?fields=*&max_records=2'`,
      ],
      close: () => emulator.close(),
    };
  },
};
