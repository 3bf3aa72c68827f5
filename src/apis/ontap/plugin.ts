import type { ApiPlugin, Survey, TargetPass } from '../plugin.ts';
import { runOption as opt } from '../run-option.ts';
import { prepareRun } from '../../checks/environment.ts';
import type { CheckContext, OntapTargetInfo } from '../../checks/ontap-model.ts';
import { startOntapEmulator } from '../../emulator/ontap/server.ts';
import { DEFAULT_ONTAP_CONFIG } from '../../emulator/ontap/state.ts';
import { UsageError } from '../../cli/usage-error.ts';
import { normaliseTargetUrl, type OntapTargetConfig } from '../../target/ontap-target.ts';
import { surveyOntapTarget } from '../../target/survey.ts';
import { checkCaFile } from '../../target/tls.ts';
import { ontapEmulatorCli } from './emulator-cli.ts';


/** The target the flags name: URL, admin and optional readonly credentials (passwords from the environment). */
function targetFromFlags(flags: Record<string, unknown>): OntapTargetConfig {
  const url = normaliseTargetUrl(flags.ontapUrl as string);
  if (!flags.ontapUser) throw new UsageError('--ontap-user (or CONFORMANCE_ONTAP_USER) is required with --ontap-url');
  const password = process.env.CONFORMANCE_ONTAP_PASSWORD;
  if (!password) throw new UsageError('CONFORMANCE_ONTAP_PASSWORD is not set (the password is never taken from a flag)');
  const caFile = flags.ca ? checkCaFile(flags.ca as string) : undefined;
  let readonly;
  if (flags.ontapReadonlyUser) {
    const readonlyPassword = process.env.CONFORMANCE_ONTAP_READONLY_PASSWORD;
    if (!readonlyPassword) throw new UsageError('CONFORMANCE_ONTAP_READONLY_PASSWORD is not set for --ontap-readonly-user');
    readonly = { name: flags.ontapReadonlyUser as string, password: readonlyPassword };
  }
  return { url, admin: { name: flags.ontapUser as string, password }, ...(readonly ? { readonly } : {}), insecure: Boolean(flags.insecure), ...(caFile ? { caFile } : {}) };
}

/** The ONTAP NDMP REST API. */
export const ontapPlugin: ApiPlugin<OntapTargetConfig, CheckContext> = {
  name: 'ontap',
  title: 'ONTAP',
  suites: 'suites/ontap/**/*.test.ts',
  checks: async () => (await import('../../../suites/ontap/index.ts')).ONTAP_CHECKS,
  runOptions: () => [
    opt('--ontap-url <url>', 'ONTAP cluster management URL (https://cluster or http://host:port)'),
    opt('--ontap-user <name>', 'ONTAP admin user (password from CONFORMANCE_ONTAP_PASSWORD)'),
    opt('--ontap-readonly-user <name>', 'readonly-role user for the RBAC checks (password from CONFORMANCE_ONTAP_READONLY_PASSWORD)'),
  ],
  passesFromFlags(flags) {
    if (flags.ontapUrl === undefined) {
      if (flags.ontapUser !== undefined) throw new UsageError('--ontap-user needs --ontap-url (or CONFORMANCE_ONTAP_URL)');
      return undefined;
    }
    const target = targetFromFlags(flags);
    return [{ allowWrites: Boolean(flags.allowWrites), allowDestructive: Boolean(flags.allowDestructive), open: async () => ({ target, close: async () => undefined }) }];
  },
  // The embedded emulator, over HTTPS like a cluster, once in SVM scope and once in node scope so that every
  // check runs; writes and deletes are always allowed there.
  embeddedPasses: (seed) => (['svm', 'node'] as const).map((mode): TargetPass<OntapTargetConfig> => ({
    embedded: true,
    allowWrites: true,
    allowDestructive: true,
    open: async () => {
      const emulator = await startOntapEmulator({ tls: true, seed, mode });
      const { admin, readonly } = DEFAULT_ONTAP_CONFIG;
      return { target: { url: emulator.url, admin, readonly, insecure: true, embedded: true }, close: () => emulator.close() };
    },
  })),
  secrets: (target) => [
    { value: target.admin.password, user: target.admin.name },
    ...(target.readonly ? [{ value: target.readonly.password, user: target.readonly.name }] : []),
  ],
  async survey(target, limits, signal): Promise<Survey> {
    const { target: info, inventory } = await surveyOntapTarget(target, limits, signal);
    return {
      info, inventory,
      describe: `ONTAP ${info.version} at ${info.url} (NDMP ${info.mode} scope${info.embedded ? ', embedded emulator' : ''})`,
      unreadable: Object.entries(info.unreadable ?? {}).map(([what, why]) => `the target's ${what} could not be read: ${why}`),
      summary: { url: info.url, version: info.version, mode: info.mode },
    };
  },
  summaryTarget: (surveys) => {
    const infos = surveys.map((survey) => survey.info as OntapTargetInfo);
    return { url: infos[0]!.url, version: infos[0]!.version, mode: infos.map((info) => info.mode).join('+') };
  },
  prepare: (config) => prepareRun(config),
  emulator: ontapEmulatorCli,
};
