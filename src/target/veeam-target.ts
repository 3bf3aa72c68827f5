import { XMLParser } from 'fast-xml-parser';
import type { Credentials, TlsOptions } from '../client/ontap-client.ts';
import { TransportError, type VeeamClient } from '../client/veeam-client.ts';
import { clip } from '../client/redact.ts';
import { TargetError } from './target-error.ts';

/** The API versions the suite knows, oldest first (veeam-em.md · Base, versions). */
export const KNOWN_VEEAM_VERSIONS = ['v1_5', 'v1_6', 'v1_7'] as const;

export interface VeeamTargetConfig extends TlsOptions {
  /** https://em:9398, without /api. */
  url: string;
  user: Credentials;
  /** The server's idle timeout of logon sessions, when known: enables the expiry check. */
  sessionTimeoutMs?: number;
  embedded?: boolean;
}

/** What the EM server is, as detected before any check runs. */
export interface VeeamTargetInfo {
  url: string;
  /** The newest supported version the suite knows: the one it logs on with. */
  apiVersion: string;
  /** Every version the entry point lists. */
  supported: string[];
  sessionTimeoutMs?: number;
  embedded: boolean;
}

/** Checks the URL before any request: http(s) only, no credentials or query inside it. */
export function normaliseVeeamUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetError(`"${raw}" is not a URL (expected https://em.example.com:9398)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetError(`unsupported URL scheme "${url.protocol}" (use https:// or http://)`);
  if (url.username || url.password) throw new TargetError('put credentials in --veeam-user and CONFORMANCE_VEEAM_PASSWORD, not in the URL');
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, isArray: (name) => name === 'SupportedVersion' || name === 'Link' });

/**
 * Reads the entry point (`GET /api/`, no logon) for the supported API versions, then logs on with the newest one
 * the suite knows. Unreachable, untrusted, not an EM server, no supported version or bad credentials: one clear
 * line and exit 2 (TargetError). The client keeps the session; the caller logs off.
 */
export async function detectVeeamTarget(client: VeeamClient, config: VeeamTargetConfig): Promise<VeeamTargetInfo> {
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof TransportError) throw new TargetError(error.message);
      throw error;
    }
  };
  const entry = await call(() => client.get('/api/', { token: null }));
  let supported: string[] = [];
  try {
    const doc = parser.parse(entry.text) as { EnterpriseManager?: { SupportedVersions?: { SupportedVersion?: Array<{ '@Name'?: string }> } } };
    supported = (doc.EnterpriseManager?.SupportedVersions?.SupportedVersion ?? []).map((version) => String(version['@Name']));
    if (entry.status !== 200 || !doc.EnterpriseManager) throw new Error('not an entry point');
  } catch {
    throw new TargetError(`${client.url('/api/')} answered HTTP ${entry.status} ${clip(entry.text.replace(/\s+/g, ' '), 120)}: is this a Veeam Backup Enterprise Manager REST API (https://em:9398)?`);
  }
  const apiVersion = [...KNOWN_VEEAM_VERSIONS].reverse().find((version) => supported.includes(version));
  if (!apiVersion) throw new TargetError(`${config.url} supports API versions ${supported.join(', ') || '(none listed)'}; the suite tests ${KNOWN_VEEAM_VERSIONS.join(', ')}`);
  const logon = await call(() => client.logon(apiVersion));
  if (logon.status === 401) throw new TargetError(`${config.url} rejected the credentials of "${config.user.name}" (HTTP 401)`);
  if (logon.status === 403) throw new TargetError(`user "${config.user.name}" may not log on to ${config.url} (HTTP 403)`);
  if (!client.session.token) throw new TargetError(`logon to ${config.url} answered HTTP ${logon.status} without an X-RestSvcSessionId token: ${clip(logon.text.replace(/\s+/g, ' '), 120)}`);
  return { url: config.url, apiVersion, supported, embedded: config.embedded ?? false, ...(config.sessionTimeoutMs ? { sessionTimeoutMs: config.sessionTimeoutMs } : {}) };
}
