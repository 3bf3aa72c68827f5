import { clip } from '../client/redact.ts';
import { TransportError, type OntapClient } from '../client/ontap-client.ts';
import type { OntapTargetInfo } from '../checks/ontap-model.ts';
import type { DataInventory, InventoryEntry } from '../checks/inventory.ts';

const MEDIA_TYPE = /^application\/(hal\+)?json\s*(;|$)/i;

/**
 * Counts a collection with `return_records=false`. Only a successful, well-formed answer counts (an empty one
 * means "no data"); anything else is recorded as broken, and the checks that need the data fail with the cause.
 */
async function count(client: OntapClient, path: string): Promise<InventoryEntry> {
  let res;
  try {
    res = await client.get(path, { return_records: 'false' });
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    return { broken: `GET /api${path}: ${error.message}`, ...(error.request ? { reproduce: error.request.curl } : {}) };
  }
  const broken = (why: string): InventoryEntry => ({ broken: `GET /api${path}?return_records=false ${why}`, reproduce: res.curl });
  if (res.status !== 200) return broken(`answered HTTP ${res.status} ${clip(res.text, 200)}`);
  if (!MEDIA_TYPE.test(res.headers['content-type'] ?? '')) return broken(`answered with Content-Type ${JSON.stringify(res.headers['content-type'] ?? null)}, not JSON`);
  const n = (res.json as Record<string, unknown> | undefined)?.num_records;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return broken(`answered without a count: ${clip(res.text, 200)}`);
  return { count: n };
}

/** What data the target has to test with, read once before the checks run. */
export async function takeInventory(client: OntapClient, target: OntapTargetInfo): Promise<DataInventory> {
  const none: InventoryEntry = { count: 0 };
  // The other scope's collection is not asked for: its checks are gated on the NDMP mode first.
  const modeKnown = !target.unreadable?.mode;
  return {
    sessions: await count(client, '/protocols/ndmp/sessions'),
    nodes: target.mode === 'node' || !modeKnown ? await count(client, '/protocols/ndmp/nodes') : none,
    svms: target.mode === 'svm' || !modeKnown ? await count(client, '/protocols/ndmp/svms') : none,
  };
}
