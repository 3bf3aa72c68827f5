import { excerpt, fail, mustMediaType, mustStatus, parseXml } from '../../../src/checks/veeam-expect.ts';
import type { VeeamCheck } from '../../../src/checks/veeam-model.ts';
import type { VeeamClient, VeeamRequestOptions, VeeamResponse } from '../../../src/client/veeam-client.ts';

/** A parsed XML document or element: attributes and child elements as properties (prefixes removed). */
export type Doc = Record<string, unknown>;

/** A link of a `Links` list; Name and Type may be absent (spec: link-attributes). */
export interface Link {
  Rel: string;
  Href: string;
  Name?: string;
  Type?: string;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ISO 8601 in UTC with the designator Z (veeam-em.md · Representations; seed 003 · UTC-formatted DateTime). */
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** `<object name>@<yyyy-MM-dd HH:mm:ss>` (veeam-em.md · Names of sessions). */
const SESSION_NAME = /^(.+)@(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

export const REPRESENTATIONS = 'veeam-em.md · Representations';
export const SEED_003 = 'seed 003 · GET /cdpReplicaTaskSessions/{ID}';
export const SEED_004 = 'seed 004 · GET /nas/jobs/{ID}/backupSessions';

/** A Veeam check record. */
export const veeamCheck = (c: Omit<VeeamCheck, 'api'>): VeeamCheck => ({ api: 'veeam', ...c });

/**
 * The `/api/...` part of an Href, query included. Links are followed on the target the suite was given: EM writes
 * its own host name into Hrefs, which need not resolve from where the suite runs.
 */
export function apiPath(href: string): string | undefined {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]+)?(\/api(?:[/?].*)?)$/i.exec(href);
  return match?.[1];
}

/** The path of an Href below /api, without its query: `/cdpReplicaTaskSessions/<guid>`. */
export function resourcePath(href: string): string | undefined {
  return apiPath(href)?.replace(/^\/api/i, '').split('?')[0]!.replace(/\/+$/, '');
}

/** The GUID an Href ends in (before its query), when it ends in one. */
export function guidOf(href: string): string | undefined {
  const last = resourcePath(href)?.split('/').pop();
  return last && GUID.test(last) ? last : undefined;
}

export const sameGuid = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** Two UIDs name the same resource: GUIDs compare without regard to case. */
export const sameUid = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

/** The GUID of `urn:veeam:<type>:<guid>`, when the UID has that shape. */
export function uidGuid(uid: unknown, type: string): string | undefined {
  const match = typeof uid === 'string' ? /^urn:veeam:([A-Za-z][A-Za-z0-9]*):(.+)$/.exec(uid) : null;
  return match && match[1] === type && GUID.test(match[2]!) ? match[2] : undefined;
}

/** The links of a parsed document or Ref, in document order. */
export function linksOf(doc: Doc): Link[] {
  const links = doc.Links as { Link?: Link[] } | string | undefined;
  return typeof links === 'object' && links !== null ? (links.Link ?? []) : [];
}

/** The Ref items of a parsed EntityReferences document. */
export function refsOf(doc: Doc): Doc[] {
  return (doc.Ref as Doc[] | undefined) ?? [];
}

export const linkText = (link: Link) => `${link.Rel} ${link.Type ?? '(no Type)'} ${link.Href}`;

/** The one link of `rel` and `type`, or a failure naming what the document carries instead. */
export function mustLink(res: VeeamResponse, doc: Doc, rel: string, type: string, why: string): Link {
  const found = linksOf(doc).filter((link) => link.Rel === rel && link.Type === type);
  if (found.length !== 1) fail(res, `one ${rel} link of Type ${type} (${why})`, `${found.length} such links among: ${linksOf(doc).map(linkText).join('; ') || 'no links'}`);
  return found[0]!;
}

/** The Href of a link leads to `pattern` (a path below /api) on this server. */
export function mustLead(res: VeeamResponse, link: Link, pattern: RegExp, what: string): string {
  const path = resourcePath(link.Href);
  if (!path || !pattern.test(path)) fail(res, `the ${link.Rel} link of Type ${link.Type} to lead to ${what}`, `Href ${excerpt(link.Href, 200)}`);
  return path;
}

export interface DocAnswer {
  res: VeeamResponse;
  root: string;
  doc: Doc;
}

/**
 * A GET that must answer 200 with a well-formed XML document whose root is one of `roots`. Namespace and XSD
 * validity are the representation checks' rule, so that one broken rule is reported once, by the check naming it.
 */
export async function mustGetDoc(client: VeeamClient, path: string, roots: readonly string[], options: VeeamRequestOptions = {}): Promise<DocAnswer> {
  const res = await client.get(path, { accept: 'xml', ...options });
  mustStatus(res, 200);
  mustMediaType(res, 'xml');
  const { root, doc } = parseXml(res);
  if (!roots.includes(root)) fail(res, `a <${roots.join('> or <')}> document`, `<${root}> ${excerpt(res.text, 200)}`);
  return { res, root, doc };
}

/** An attribute or simple element of a parsed document as a string (absent: undefined). */
export function textOf(doc: Doc, name: string): string | undefined {
  const value = doc[name];
  return typeof value === 'string' ? value : undefined;
}

/** The value is a timestamp in UTC with the designator Z. */
export function mustUtc(res: VeeamResponse, name: string, value: string | undefined, optional = false): void {
  if (value === undefined && optional) return;
  if (value === undefined || !UTC.test(value.trim()) || Number.isNaN(Date.parse(value.trim()))) {
    fail(res, `${name} as an ISO 8601 timestamp in UTC ending in Z (yyyy-MM-ddTHH:mm:ss[.fff]Z)`, value === undefined ? `no ${name}` : `${name} ${excerpt(value, 80)}`);
  }
}

/** The name is `<object>@<yyyy-MM-dd HH:mm:ss>` with a real calendar date and time. */
export function mustSessionName(res: VeeamResponse, name: unknown, where: string): void {
  const match = typeof name === 'string' ? SESSION_NAME.exec(name) : null;
  const time = match ? new Date(`${match[2]}T${match[3]}Z`) : undefined;
  const real = time !== undefined && !Number.isNaN(time.getTime()) && time.toISOString().startsWith(`${match![2]}T${match![3]}`);
  if (!real) fail(res, `the Name of ${where} as <object name>@<yyyy-MM-dd HH:mm:ss>`, `Name ${excerpt(name, 120)}`);
}

/** The value is one of the documented values of an enumeration. */
export function mustBeOneOf(res: VeeamResponse, name: string, value: string | undefined, allowed: readonly string[]): void {
  if (value === undefined || !allowed.includes(value)) fail(res, `${name} one of ${allowed.join(', ')}`, value === undefined ? `no ${name}` : `${name} "${excerpt(value, 80)}"`);
}
