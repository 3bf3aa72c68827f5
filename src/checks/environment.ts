import type { ApiRunConfig } from '../apis/plugin.ts';
import { OntapClient } from '../client/ontap-client.ts';
import { registerSecrets } from '../client/redact.ts';
import { buildCatalog, createValidators, loadSpec } from '../spec/index.ts';
import type { OntapTargetConfig } from '../target/ontap-target.ts';
import type { PreparedApi } from './execute.ts';
import type { DataInventory } from './inventory.ts';
import { ontapGate } from './ontap-gate.ts';
import type { CheckContext, OntapTargetInfo } from './ontap-model.ts';

export type OntapRunConfig = ApiRunConfig<OntapTargetConfig>;

/** Builds the ONTAP clients, the spec catalog and validators of a pass; makes no request. */
export async function prepareRun(config: OntapRunConfig): Promise<PreparedApi<CheckContext>> {
  const target = config.survey.info as OntapTargetInfo;
  const inventory = config.survey.inventory as DataInventory;
  const tls = { insecure: config.target.insecure, caFile: config.target.caFile };
  const ontap = new OntapClient({ baseUrl: config.target.url, credentials: config.target.admin, limits: config.limits, ...tls });
  const spec = await loadSpec();
  const catalog = buildCatalog(spec);
  const validatorFor = createValidators(spec);
  const readonly = config.target.readonly ? ontap.withCredentials(config.target.readonly) : undefined;
  const anonymous = ontap.withCredentials(undefined);
  const wrongPassword = ontap.withCredentials({ name: config.target.admin.name, password: `${config.target.admin.password}-wrong` });
  registerSecrets([config.target.admin.password, `${config.target.admin.password}-wrong`], config.target.admin.name);
  if (config.target.readonly) registerSecrets([config.target.readonly.password], config.target.readonly.name);
  const secrets = [config.target.admin.password, config.target.readonly?.password].filter((s): s is string => Boolean(s));
  const base: Omit<CheckContext, 'cleanup' | 'signal'> = {
    target, ontap, readonly, anonymous, wrongPassword, catalog,
    validate: (operationId, body, options) => {
      const result = validatorFor(operationId, { status: 200, view: 'response', strictProperties: options?.strictProperties ?? false })(body);
      return result.valid ? [] : result.errors;
    },
    seed: config.seed, runs: config.runs, allowWrites: config.allowWrites, allowDestructive: config.allowDestructive, secrets,
  };
  return {
    context: (signal) => {
      if (!signal) return base;
      const bound = (client: OntapClient) => client.withSignal(signal);
      return { ...base, ontap: bound(ontap), readonly: readonly && bound(readonly), anonymous: bound(anonymous), wrongPassword: bound(wrongPassword) };
    },
    gate: (need) => ontapGate(need, base, inventory),
    close: async () => {
      await ontap.close();
    },
  };
}
