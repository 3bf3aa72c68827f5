import type { ApiPlugin, Survey, TargetPass } from '../plugin.ts';
import { runOption as opt } from '../run-option.ts';
import { UsageError } from '../../cli/usage-error.ts';
import { prepareVeeamRun } from '../../checks/veeam-environment.ts';
import type { VeeamCheckContext } from '../../checks/veeam-model.ts';
import { VeeamClient } from '../../client/veeam-client.ts';
import { startVeeamEmulator } from '../../emulator/veeam/server.ts';
import { DEFAULT_VEEAM_CONFIG } from '../../emulator/veeam/state.ts';
import { checkCaFile } from '../../target/tls.ts';
import { takeVeeamInventory } from '../../target/veeam-inventory.ts';
import { detectVeeamTarget, normaliseVeeamUrl, type VeeamTargetConfig, type VeeamTargetInfo } from '../../target/veeam-target.ts';
import { veeamEmulatorCli } from './emulator-cli.ts';


/** The embedded emulator's idle timeout: short, so that the expiry check waits seconds, not 15 minutes. */
const EMBEDDED_SESSION_TIMEOUT_MS = 4000;

function targetFromFlags(flags: Record<string, unknown>): VeeamTargetConfig {
  const url = normaliseVeeamUrl(flags.veeamUrl as string);
  if (!flags.veeamUser) throw new UsageError('--veeam-user (or CONFORMANCE_VEEAM_USER) is required with --veeam-url');
  const password = process.env.CONFORMANCE_VEEAM_PASSWORD;
  if (!password) throw new UsageError('CONFORMANCE_VEEAM_PASSWORD is not set (the password is never taken from a flag)');
  const caFile = flags.ca ? checkCaFile(flags.ca as string) : undefined;
  const timeout = flags.veeamSessionTimeout as string | undefined;
  if (timeout !== undefined && !/^\d+(\.\d+)?$/.test(timeout)) throw new UsageError(`--veeam-session-timeout expects seconds, got "${timeout}"`);
  return {
    url, user: { name: flags.veeamUser as string, password }, insecure: Boolean(flags.insecure),
    ...(caFile ? { caFile } : {}), ...(timeout ? { sessionTimeoutMs: Number(timeout) * 1000 } : {}),
  };
}

/** Veeam Backup Enterprise Manager's REST API. */
export const veeamPlugin: ApiPlugin<VeeamTargetConfig, VeeamCheckContext> = {
  name: 'veeam',
  title: 'Veeam Enterprise Manager',
  suites: 'suites/veeam/**/*.test.ts',
  checks: async () => (await import('../../../suites/veeam/index.ts')).VEEAM_CHECKS,
  runOptions: () => [
    opt('--veeam-url <url>', 'Veeam Enterprise Manager URL (https://em:9398)'),
    opt('--veeam-user <name>', 'Veeam EM user (password from CONFORMANCE_VEEAM_PASSWORD)'),
    opt('--veeam-session-timeout <s>', "the EM server's idle timeout of logon sessions, when known: enables the expiry check (it waits that long)"),
  ],
  passesFromFlags(flags) {
    if (flags.veeamUrl === undefined) {
      if (flags.veeamUser !== undefined) throw new UsageError('--veeam-user needs --veeam-url (or CONFORMANCE_VEEAM_URL)');
      return undefined;
    }
    const target = targetFromFlags(flags);
    return [{ allowWrites: Boolean(flags.allowWrites), allowDestructive: Boolean(flags.allowDestructive), open: async () => ({ target, close: async () => undefined }) }];
  },
  embeddedPasses: (seed) => [{
    embedded: true,
    allowWrites: true,
    allowDestructive: true,
    open: async () => {
      const emulator = await startVeeamEmulator({ tls: true, seed, sessionTimeoutMs: EMBEDDED_SESSION_TIMEOUT_MS });
      return {
        target: { url: emulator.url, user: DEFAULT_VEEAM_CONFIG.user, insecure: true, embedded: true, sessionTimeoutMs: EMBEDDED_SESSION_TIMEOUT_MS },
        close: () => emulator.close(),
      };
    },
  } satisfies TargetPass<VeeamTargetConfig>],
  secrets: (target) => [{ value: target.user.password, user: target.user.name }],
  async survey(target, limits, signal): Promise<Survey> {
    const client = new VeeamClient({ baseUrl: target.url, credentials: target.user, insecure: target.insecure, caFile: target.caFile, limits, signal });
    try {
      const info = await detectVeeamTarget(client, target);
      const inventory = await takeVeeamInventory(client);
      return {
        info, inventory,
        describe: `Veeam Enterprise Manager API ${info.apiVersion} at ${info.url}${info.embedded ? ' (embedded emulator)' : ''}`,
        unreadable: [],
        summary: { url: info.url, apiVersion: info.apiVersion },
      };
    } finally {
      await client.logoff().catch(() => undefined);
      await client.close();
    }
  },
  summaryTarget: (surveys) => {
    const info = surveys[0]!.info as VeeamTargetInfo;
    return { url: info.url, apiVersion: info.apiVersion };
  },
  prepare: (config) => prepareVeeamRun(config),
  emulator: veeamEmulatorCli,
};
