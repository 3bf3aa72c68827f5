import { DEFAULT_LIMITS, type ExchangeLimits } from '../client/limits.ts';
import { OntapClient } from '../client/ontap-client.ts';
import { registerSecrets } from '../client/redact.ts';
import { buildCatalog, createValidators, loadSpec } from '../spec/index.ts';
import type { OntapTargetConfig } from '../target/ontap-target.ts';
import type { BaseContext } from './execute.ts';
import type { DataInventory } from './inventory.ts';
import type { OntapTargetInfo } from './model.ts';

/** Everything a run needs, as plain data: it crosses from the CLI to vitest workers as JSON. */
export interface RunConfig {
  ontap: OntapTargetConfig;
  /** Detected once, before any check (src/target/survey.ts). */
  target: OntapTargetInfo;
  inventory: DataInventory;
  seed: number;
  runs: number;
  allowWrites: boolean;
  allowDestructive: boolean;
  limits?: Partial<ExchangeLimits>;
  /** Bounds one check's body (0 or absent: no bound). */
  checkTimeoutMs?: number;
  /** The ids of the checks this run plans; absent: every check. */
  selected?: string[];
  /** Files shared with the process that drives the run: its stop request, and the journal of undo steps. */
  control?: { stopFile: string; journalFile: string };
}

export interface PreparedRun {
  base: BaseContext;
  inventory: DataInventory;
  close(): Promise<void>;
}

/** Builds the clients, the spec catalog and validators of a run; makes no request. */
export async function prepareRun(config: RunConfig): Promise<PreparedRun> {
  const tls = { insecure: config.ontap.insecure, caFile: config.ontap.caFile };
  const ontap = new OntapClient({ baseUrl: config.ontap.url, credentials: config.ontap.admin, limits: { ...DEFAULT_LIMITS, ...config.limits }, ...tls });
  const spec = await loadSpec();
  const catalog = buildCatalog(spec);
  const validatorFor = createValidators(spec);
  const readonly = config.ontap.readonly ? ontap.withCredentials(config.ontap.readonly) : undefined;
  const anonymous = ontap.withCredentials(undefined);
  const wrongPassword = ontap.withCredentials({ name: config.ontap.admin.name, password: `${config.ontap.admin.password}-wrong` });
  registerSecrets([config.ontap.admin.password, `${config.ontap.admin.password}-wrong`], config.ontap.admin.name);
  if (config.ontap.readonly) registerSecrets([config.ontap.readonly.password], config.ontap.readonly.name);
  const secrets = [config.ontap.admin.password, config.ontap.readonly?.password].filter((s): s is string => Boolean(s));
  const base: BaseContext = {
    target: config.target, ontap, readonly, anonymous, wrongPassword, catalog,
    validate: (operationId, body, options) => {
      const result = validatorFor(operationId, { status: 200, view: 'response', strictProperties: options?.strictProperties ?? false })(body);
      return result.valid ? [] : result.errors;
    },
    seed: config.seed, runs: config.runs, allowWrites: config.allowWrites, allowDestructive: config.allowDestructive, secrets,
  };
  return {
    base,
    inventory: config.inventory,
    close: async () => {
      await ontap.close();
    },
  };
}
