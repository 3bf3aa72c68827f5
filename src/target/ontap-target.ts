import { OntapClient, TransportError, type Credentials, type TlsOptions } from '../client/ontap-client.ts';
import type { OntapTargetInfo } from '../checks/model.ts';

/** The target cannot be tested at all (unreachable, wrong credentials, not ONTAP): exit code 2. */
export class TargetError extends Error {
  override name = 'TargetError';
}

export interface OntapTargetConfig extends TlsOptions {
  url: string;
  admin: Credentials;
  readonly?: Credentials;
  embedded?: boolean;
}

/** Checks the URL before any request: http(s) only, no credentials or query inside it. */
export function normaliseTargetUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetError(`"${raw}" is not a URL (expected https://cluster.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetError(`unsupported URL scheme "${url.protocol}" (use https:// or http://)`);
  if (url.username || url.password) throw new TargetError('put credentials in --ontap-user and CONFORMANCE_ONTAP_PASSWORD, not in the URL');
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
}

/**
 * Detects version (GET /api/cluster?fields=version) and NDMP mode (GET /api/protocols/ndmp) before any check
 * runs, so an unreachable target or bad credentials end the run with one clear line.
 */
export async function detectOntapTarget(client: OntapClient, config: OntapTargetConfig): Promise<OntapTargetInfo> {
  const ask = async (path: string, query?: Record<string, string>) => {
    let res;
    try {
      res = await client.get(path, query);
    } catch (error) {
      if (error instanceof TransportError) throw new TargetError(error.message);
      throw error;
    }
    if (res.status === 401) throw new TargetError(`${config.url} rejected the credentials of "${config.admin.name}" (HTTP 401)`);
    if (res.status === 403) throw new TargetError(`user "${config.admin.name}" may not read ${path} (HTTP 403); the run needs an admin-role user`);
    if (res.status !== 200 || res.json === undefined || typeof res.json !== 'object') {
      throw new TargetError(`${client.url(path)} answered HTTP ${res.status} with ${res.json === undefined ? 'a non-JSON body' : 'an unexpected body'}: is this an ONTAP cluster management address?`);
    }
    return res.json as Record<string, unknown>;
  };
  const cluster = await ask('/cluster', { fields: 'version' });
  const version = cluster.version as Record<string, unknown> | undefined;
  const parts = ['generation', 'major', 'minor'].map((key) => version?.[key]);
  if (!parts.every((part) => Number.isInteger(part))) throw new TargetError(`${config.url}/api/cluster did not report version.generation/major/minor`);
  const ndmp = await ask('/protocols/ndmp');
  if (ndmp.mode !== 'svm' && ndmp.mode !== 'node') throw new TargetError(`${config.url}/api/protocols/ndmp reported an unknown NDMP mode ${JSON.stringify(ndmp.mode)}`);
  return { url: config.url, version: parts.join('.'), mode: ndmp.mode, embedded: config.embedded ?? false };
}

export { OntapClient };
