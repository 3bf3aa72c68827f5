import { Option } from 'commander';
import type { EmulatorPlugin } from '../plugin.ts';
import { parseVeeamFaults, VEEAM_FAULTS } from '../../emulator/veeam/faults.ts';
import { startVeeamEmulator } from '../../emulator/veeam/server.ts';
import { DEFAULT_VEEAM_CONFIG } from '../../emulator/veeam/state.ts';
import { parseCredentials, UsageError, type SuppliedCredentials } from '../../cli/usage-error.ts';

const PASSWORD_VAR = 'CONFORMANCE_EMULATOR_VEEAM_PASSWORD';

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n <= 0) throw new UsageError(`--veeam-session-timeout expects a number of seconds above 0, got "${value}"`);
  return n;
}

/** The Veeam Enterprise Manager part of `conformance emulator`. */
export const veeamEmulatorCli: EmulatorPlugin = {
  portFlag: '--veeam-port',
  defaultPort: 9398,
  faults: VEEAM_FAULTS,
  options: () => [
    new Option('--veeam-user <name[:password]>', `Veeam EM user (default ${DEFAULT_VEEAM_CONFIG.user.name}:${DEFAULT_VEEAM_CONFIG.user.password}); NAME alone takes the password from ${PASSWORD_VAR}`).argParser(parseCredentials('--veeam-user', PASSWORD_VAR)),
    new Option('--veeam-session-timeout <s>', 'Veeam EM: idle time after which a logon session expires (default 900)').argParser(parseSeconds),
  ],
  async start(flags, common) {
    const supplied = flags.veeamUser as SuppliedCredentials | undefined;
    const user = supplied ? { name: supplied.name, password: supplied.password } : DEFAULT_VEEAM_CONFIG.user;
    const timeout = flags.veeamSessionTimeout as number | undefined;
    const faults = parseVeeamFaults(common.faults);
    const emulator = await startVeeamEmulator({
      port: common.port, tls: common.tls, seed: common.seed, live: common.live, faults, user,
      ...(timeout ? { sessionTimeoutMs: timeout * 1000 } : {}),
    });
    const shown = supplied ? `${user.name}  (password from ${supplied.passwordFrom})` : `${user.name} / ${user.password}  (built-in default)`;
    return {
      url: emulator.url,
      lines: [
        `Veeam Enterprise Manager emulator listening on ${emulator.url}/api/  (API v1_5..v1_7, seed ${common.seed}, sessions expire after ${timeout ?? 900} s idle)`,
        `  user:     ${shown}`,
        ...(faults.size > 0 ? [`  faults:   ${[...faults].join(', ')}`] : []),
        `  try: curl ${common.tls ? '-k ' : ''}-i -X POST -u ${supplied ? user.name : `${user.name}:'${user.password}'`} '${emulator.url}/api/sessionMngr/?v=latest'`,
      ],
      close: () => emulator.close(),
    };
  },
};
