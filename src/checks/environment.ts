import { OntapClient } from '../client/ontap-client.ts';
import { buildCatalog, createValidators, loadSpec } from '../spec/index.ts';
import { detectOntapTarget, type OntapTargetConfig } from '../target/ontap-target.ts';
import type { DataInventory } from './inventory.ts';
import type { CheckContext } from './model.ts';

/** Everything a run needs, as plain data: it crosses from the CLI to vitest workers as JSON. */
export interface RunConfig {
  ontap: OntapTargetConfig;
  seed: number;
  runs: number;
  allowWrites: boolean;
  allowDestructive: boolean;
}

export interface PreparedRun {
  base: Omit<CheckContext, 'cleanup'>;
  inventory: DataInventory;
  close(): Promise<void>;
}

async function count(client: OntapClient, path: string): Promise<number> {
  const res = await client.get(path, { return_records: 'false' });
  const body = res.json as Record<string, unknown> | undefined;
  return res.status === 200 && typeof body?.num_records === 'number' ? body.num_records : 0;
}

/** Connects, detects the target and takes the data inventory; throws TargetError when the target is unusable. */
export async function prepareRun(config: RunConfig): Promise<PreparedRun> {
  const tls = { insecure: config.ontap.insecure, caFile: config.ontap.caFile };
  const ontap = new OntapClient({ baseUrl: config.ontap.url, credentials: config.ontap.admin, ...tls });
  const target = await detectOntapTarget(ontap, config.ontap);
  const spec = await loadSpec();
  const catalog = buildCatalog(spec);
  const validatorFor = createValidators(spec);
  const readonly = config.ontap.readonly ? ontap.withCredentials(config.ontap.readonly) : undefined;
  const anonymous = ontap.withCredentials(undefined);
  const wrongPassword = ontap.withCredentials({ name: config.ontap.admin.name, password: `${config.ontap.admin.password}-wrong` });
  const inventory: DataInventory = {
    sessions: await count(ontap, '/protocols/ndmp/sessions'),
    nodes: target.mode === 'node' ? await count(ontap, '/protocols/ndmp/nodes') : 0,
    svms: target.mode === 'svm' ? await count(ontap, '/protocols/ndmp/svms') : 0,
  };
  const secrets = [config.ontap.admin.password, config.ontap.readonly?.password].filter((s): s is string => Boolean(s));
  const base: Omit<CheckContext, 'cleanup'> = {
    target, ontap, readonly, anonymous, wrongPassword, catalog,
    validate: (operationId, body, options) => {
      const result = validatorFor(operationId, { status: 200, view: 'response', strictProperties: options?.strictProperties ?? false })(body);
      return result.valid ? [] : result.errors;
    },
    seed: config.seed, runs: config.runs, allowWrites: config.allowWrites, allowDestructive: config.allowDestructive, secrets,
  };
  return {
    base,
    inventory,
    close: async () => {
      await Promise.all([ontap, readonly, anonymous, wrongPassword].map((client) => client?.close()));
    },
  };
}
