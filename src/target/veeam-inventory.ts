import { clip } from '../client/redact.ts';
import { TransportError, type VeeamClient } from '../client/veeam-client.ts';
import type { InventoryEntry } from '../checks/inventory.ts';

/** What a Veeam EM server has to test with: counts of the collections the checks need, or why not. */
export interface VeeamInventory {
  cdpTaskSessions: InventoryEntry;
  cdpPolicySessions: InventoryEntry;
  nasJobs: InventoryEntry;
  backupSessions: InventoryEntry;
}

export type VeeamDataKind = keyof VeeamInventory;

const COLLECTIONS: Record<VeeamDataKind, string> = {
  cdpTaskSessions: '/api/cdpReplicaTaskSessions',
  cdpPolicySessions: '/api/cdpReplicaSessions',
  nasJobs: '/api/nas/jobs',
  backupSessions: '/api/backupSessions',
};

/** Counts one EntityReferences collection (JSON form); only a well-formed answer counts, an empty one is "no data". */
async function count(client: VeeamClient, path: string): Promise<InventoryEntry> {
  let res;
  try {
    res = await client.get(path, { accept: 'json' });
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    return { broken: `GET ${path}: ${error.message}`, ...(error.request ? { reproduce: error.request.curl } : {}) };
  }
  const refs = (res.json as { Refs?: unknown } | undefined)?.Refs;
  if (res.status !== 200) return { broken: `GET ${path} answered HTTP ${res.status} ${clip(res.text, 200)}`, reproduce: res.curl };
  if (refs !== null && !Array.isArray(refs)) return { broken: `GET ${path} (JSON) answered without a Refs array: ${clip(res.text, 200)}`, reproduce: res.curl };
  return { count: Array.isArray(refs) ? refs.length : 0 };
}

/** The collections the checks draw their IDs from, counted once before the checks run. */
export async function takeVeeamInventory(client: VeeamClient): Promise<VeeamInventory> {
  const entries = await Promise.all(Object.entries(COLLECTIONS).map(async ([kind, path]) => [kind, await count(client, path)] as const));
  return Object.fromEntries(entries) as unknown as VeeamInventory;
}
