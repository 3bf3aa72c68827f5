import { OntapClient, TransportError, type Credentials, type TlsOptions } from '../client/ontap-client.ts';
import type { OntapTargetInfo } from '../checks/ontap-model.ts';
import { clip } from '../client/redact.ts';

import { TargetError } from './target-error.ts';

export { TargetError };

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
 * runs. An unreachable target, bad credentials or an address that is not ONTAP end the run with one clear line
 * (TargetError, exit 2). A target that answers but breaks the shape of what detection reads is tested all the
 * same: `unreadable` says what could not be read, and the checks of that rule and those gated on it fail.
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
    rejectCredentials(res.status, path, config);
    return res;
  };
  const cluster = await ask('/cluster', { fields: 'version' });
  const body = cluster.json;
  if (cluster.status !== 200 || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new TargetError(`${client.url('/cluster')} answered HTTP ${cluster.status} with ${body === undefined ? 'a non-JSON body' : 'an unexpected body'}: is this an ONTAP cluster management address?`);
  }
  const unreadable: NonNullable<OntapTargetInfo['unreadable']> = {};
  const version = (body as Record<string, unknown>).version as Record<string, unknown> | undefined;
  const parts = ['generation', 'major', 'minor'].map((key) => version?.[key]);
  if (!parts.every((part) => Number.isInteger(part))) {
    unreadable.version = `GET /api/cluster?fields=version reported ${clip(JSON.stringify(version ?? null), 200)}, without integer generation, major and minor`;
  }
  const guessed = parts.map((part) => (Number.isInteger(part) ? part : 0)).join('.');

  let mode: 'svm' | 'node' = 'svm';
  let ndmp;
  try {
    ndmp = await client.get('/protocols/ndmp');
  } catch (error) {
    // The cluster answered: a broken NDMP endpoint is a finding, not a reason to stop.
    if (!(error instanceof TransportError)) throw error;
    unreadable.mode = `GET /api/protocols/ndmp: ${error.message}`;
  }
  if (ndmp) {
    rejectCredentials(ndmp.status, '/protocols/ndmp', config);
    const reported = (ndmp.json as Record<string, unknown> | undefined)?.mode;
    if (ndmp.status === 200 && (reported === 'svm' || reported === 'node')) mode = reported;
    else unreadable.mode = `GET /api/protocols/ndmp answered HTTP ${ndmp.status} ${clip(ndmp.text, 200)}`;
  }
  return {
    url: config.url, version: guessed, mode, embedded: config.embedded ?? false,
    ...(Object.keys(unreadable).length > 0 ? { unreadable } : {}),
  };
}

function rejectCredentials(status: number, path: string, config: OntapTargetConfig): void {
  if (status === 401) throw new TargetError(`${config.url} rejected the credentials of "${config.admin.name}" (HTTP 401)`);
  if (status === 403) throw new TargetError(`user "${config.admin.name}" may not read ${path} (HTTP 403); the run needs an admin-role user`);
}

export { OntapClient };
