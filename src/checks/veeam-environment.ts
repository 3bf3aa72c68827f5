import type { ApiRunConfig } from '../apis/plugin.ts';
import { registerSecrets } from '../client/redact.ts';
import { VeeamClient } from '../client/veeam-client.ts';
import { compareVeeamVersions, createVeeamJsonValidators, loadVeeamSpec, validateXml, veeamOperation, veeamQueryCatalog, type VeeamApiVersion } from '../spec/veeam/index.ts';
import type { VeeamInventory, VeeamDataKind } from '../target/veeam-inventory.ts';
import type { VeeamTargetConfig, VeeamTargetInfo } from '../target/veeam-target.ts';
import type { GateResult, PreparedApi } from './execute.ts';
import type { VeeamCheckContext } from './veeam-model.ts';

export type VeeamRunConfig = ApiRunConfig<VeeamTargetConfig>;

/** Gating of the Veeam checks: data to test with, the API version, a known session timeout. */
export function veeamGate(need: string, target: VeeamTargetInfo, inventory: VeeamInventory): GateResult | undefined {
  const skip = (reason: string): GateResult => ({ status: 'skipped', reason });
  if (need.startsWith('data:')) {
    const kind = need.slice(5) as VeeamDataKind;
    const entry = inventory[kind];
    if (!entry) return { status: 'failed', reason: `unknown data kind ${kind}` };
    if ('broken' in entry) return { status: 'failed', reason: `the ${kind} this check needs could not be listed: ${entry.broken}`, ...(entry.reproduce ? { reproduce: entry.reproduce } : {}) };
    return entry.count > 0 ? undefined : skip(`the target has no ${kind} (in the last 30 days) to test with`);
  }
  if (need.startsWith('api>=')) {
    const version = need.slice(5) as VeeamApiVersion;
    return compareVeeamVersions(target.apiVersion as VeeamApiVersion, version) >= 0 ? undefined : skip(`introduced in API ${version}; the target offers ${target.apiVersion}`);
  }
  if (need === 'session-timeout') return target.sessionTimeoutMs ? undefined : skip("the server's idle timeout is not known (give it with --veeam-session-timeout S)");
  return { status: 'failed', reason: `unknown capability ${need}` };
}

/** Logs on for the pass and builds the context: clients, spec, validators; close() logs off. */
export async function prepareVeeamRun(config: VeeamRunConfig): Promise<PreparedApi<VeeamCheckContext>> {
  const target = config.survey.info as VeeamTargetInfo;
  const inventory = config.survey.inventory as VeeamInventory;
  const tls = { insecure: config.target.insecure, caFile: config.target.caFile };
  const root = new VeeamClient({ baseUrl: config.target.url, credentials: config.target.user, limits: config.limits, ...tls });
  registerSecrets([config.target.user.password, `${config.target.user.password}-wrong`], config.target.user.name);
  const spec = await loadVeeamSpec();
  const jsonValidator = createVeeamJsonValidators(spec);
  const queryTypes = veeamQueryCatalog(spec);
  const veeam = root.fresh();
  const logon = await veeam.logon(target.apiVersion);
  if (!veeam.session.token) throw new Error(`the logon for this pass answered HTTP ${logon.status} without a token`);
  const anonymous = root.fresh();
  const wrongPassword = root.fresh({ name: config.target.user.name, password: `${config.target.user.password}-wrong` });
  const base: Omit<VeeamCheckContext, 'cleanup' | 'signal'> = {
    target, veeam, anonymous, wrongPassword, spec, queryTypes,
    operation: (id) => veeamOperation(spec, id),
    validateXml: (xml, rootName) => validateXml(xml, rootName === undefined ? undefined : { root: rootName }).errors,
    validateJson: (operationId, body, options) => jsonValidator(operationId, options)(body).errors,
    seed: config.seed, runs: config.runs, allowWrites: config.allowWrites, allowDestructive: config.allowDestructive,
    secrets: [config.target.user.password],
  };
  return {
    context: (signal) => (signal ? { ...base, veeam: veeam.withSignal(signal), anonymous: anonymous.withSignal(signal), wrongPassword: wrongPassword.withSignal(signal) } : base),
    gate: (need) => veeamGate(need, target, inventory),
    close: async () => {
      // The suite logs off at the end, also when the run was interrupted; a target that fails it changes nothing.
      await veeam.logoff().catch(() => undefined);
      await root.close();
    },
  };
}
