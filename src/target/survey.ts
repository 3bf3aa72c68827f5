import { OntapClient } from '../client/ontap-client.ts';
import type { ExchangeLimits } from '../client/limits.ts';
import type { DataInventory } from '../checks/inventory.ts';
import type { OntapTargetInfo } from '../checks/ontap-model.ts';
import { takeInventory } from './inventory.ts';
import { detectOntapTarget, type OntapTargetConfig } from './ontap-target.ts';

/** What is known of a target before any check runs. */
export interface TargetSurvey {
  target: OntapTargetInfo;
  inventory: DataInventory;
}

/**
 * Detection and data inventory, once per run and before any check: an unusable target ends the run here
 * (TargetError); a target that answers badly is recorded so the checks that depend on the answer fail.
 */
export async function surveyOntapTarget(config: OntapTargetConfig, limits?: Partial<ExchangeLimits>, signal?: AbortSignal): Promise<TargetSurvey> {
  const client = new OntapClient({ baseUrl: config.url, credentials: config.admin, insecure: config.insecure, caFile: config.caFile, limits, signal });
  try {
    const target = await detectOntapTarget(client, config);
    return { target, inventory: await takeInventory(client, target) };
  } finally {
    await client.close();
  }
}
