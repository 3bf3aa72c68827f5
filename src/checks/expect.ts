import type { OntapClient, OntapResponse, Query } from '../client/ontap-client.ts';
import { clip } from '../client/redact.ts';
import { CheckFailure } from './model.ts';

type Json = Record<string, unknown>;

/**
 * Shortens a value for a failure message: enough to see the problem, never a whole collection. Secrets are
 * redacted before the cut, so a cut can never leave a part of one behind.
 */
export function excerpt(value: unknown, max = 400): string {
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  return raw === undefined ? String(value) : clip(raw, max);
}

/**
 * The media types of ONTAP's JSON answers (every response of specs/ontap/ndmp.yaml lists these two; a test
 * keeps this list equal to the spec's). Parameters such as `charset=utf-8` are allowed.
 */
export const ONTAP_MEDIA_TYPES = ['application/hal+json', 'application/json'] as const;

/** The answer must declare one of the spec's JSON media types. */
export function mustMediaType(res: OntapResponse): void {
  const declared = res.headers['content-type'];
  const type = declared?.split(';')[0]!.trim().toLowerCase();
  if (!type || !(ONTAP_MEDIA_TYPES as readonly string[]).includes(type)) {
    fail(res, `Content-Type ${ONTAP_MEDIA_TYPES.join(' or ')}`, declared ? `Content-Type ${excerpt(declared, 100)}` : 'no Content-Type');
  }
}

/** Fails the check with the request, the rule's expectation and what came back. */
export function fail(res: OntapResponse | undefined, expected: string, received: string): never {
  const asked = res ? `${res.method} ${res.url.replace(/^https?:\/\/[^/]+/, '')}\n` : '';
  throw new CheckFailure(`${asked}expected: ${expected}\nreceived: ${received}`, res?.curl);
}

export function mustStatus(res: OntapResponse, status: number): void {
  if (res.status !== status) fail(res, `HTTP ${status}`, `HTTP ${res.status} ${excerpt(res.text)}`);
}

/** A GET that must succeed with a JSON object body. */
export async function mustGet(client: OntapClient, path: string, query?: Query): Promise<{ res: OntapResponse; body: Json }> {
  const res = await client.get(path, query);
  mustStatus(res, 200);
  mustMediaType(res);
  if (res.json === null || typeof res.json !== 'object' || Array.isArray(res.json)) fail(res, 'a JSON object body', excerpt(res.text));
  return { res, body: res.json as Json };
}

/** The records of a collection answer (fails when `records` is not an array). */
export function recordsOf(res: OntapResponse, body: Json): Json[] {
  if (!Array.isArray(body.records)) fail(res, 'a "records" array', excerpt(body));
  return body.records as Json[];
}

/** The error object of an ONTAP error body; its code must be a string (ontap-rest.md · Errors). */
export function mustErrorBody(res: OntapResponse): { code: string; message: string; target?: string } {
  mustMediaType(res);
  const error = (res.json as Json | undefined)?.error as Json | undefined;
  if (!error || typeof error !== 'object') fail(res, 'an error body {"error":{"message","code"}}', excerpt(res.text));
  if (typeof error.code !== 'string') fail(res, 'error.code as a string', `error.code = ${JSON.stringify(error.code)}`);
  if (typeof error.message !== 'string') fail(res, 'error.message as a string', `error.message = ${JSON.stringify(error.message)}`);
  return { code: error.code, message: error.message, ...(typeof error.target === 'string' ? { target: error.target } : {}) };
}

export interface ExpectedError {
  /** Accepted HTTP statuses; the NDMP mode errors' status is undocumented, so callers may allow any 4xx. */
  status: number | number[] | '4xx';
  /** Accepted ONTAP error codes. */
  codes: string[];
}

/** The response must be a documented ONTAP error: status and code from the accepted sets. */
export function expectOntapError(res: OntapResponse, expected: ExpectedError): { code: string; message: string; target?: string } {
  const statusOk = expected.status === '4xx'
    ? res.status >= 400 && res.status < 500
    : (Array.isArray(expected.status) ? expected.status : [expected.status]).includes(res.status);
  const codes = expected.codes.join(' or ');
  if (!statusOk) fail(res, `HTTP ${expected.status} with error code ${codes}`, `HTTP ${res.status} ${excerpt(res.text)}`);
  const error = mustErrorBody(res);
  if (!expected.codes.includes(error.code)) fail(res, `error code ${codes}`, `code "${error.code}" (${error.message})`);
  return error;
}

/** The `_links.next.href` of a collection answer, when there is one. */
export function nextLink(body: Json): string | undefined {
  const href = ((body._links as Json | undefined)?.next as Json | undefined)?.href;
  return typeof href === 'string' ? href : undefined;
}

/**
 * Follows `_links.next` from a first page, handing each page to `onPage`. A walk is bounded by what the
 * collection holds: the count the target gives for the same query (`return_records=false`), with room for live
 * growth, caps both the pages and the records, so next links that loop or never end fail the check.
 */
export async function walkPages(client: OntapClient, path: string, query: Query, onPage: (res: OntapResponse, body: Json, records: Json[]) => void): Promise<void> {
  let { res, body } = await mustGet(client, path, query);
  let records = recordsOf(res, body);
  onPage(res, body, records);
  if (nextLink(body) === undefined || records.length === 0) return;
  const cap = await walkCap(client, path, query, records.length);
  const visited = new Set<string>();
  let seen = records.length;
  for (let pages = 1; ; pages++) {
    const next = nextLink(body);
    if (next === undefined || records.length === 0) return;
    if (visited.has(next)) fail(res, 'next links that make progress', `the next link ${next} was already followed`);
    if (pages >= cap.pages || seen >= cap.records) fail(res, `the next links to end within ${cap.pages} pages / ${cap.records} records (${cap.basis})`, `${pages} pages and ${seen} records so far, and a next link`);
    visited.add(next);
    ({ res, body } = await mustGet(client, next));
    records = recordsOf(res, body);
    seen += records.length;
    onPage(res, body, records);
  }
}

/** Follows `_links.next` from a first page and returns every record, failing on a runaway walk. */
export async function fetchAll(client: OntapClient, path: string, query: Query = {}): Promise<Json[]> {
  const all: Json[] = [];
  await walkPages(client, path, query, (_res, _body, records) => {
    for (const record of records) all.push(record);
  });
  return all;
}

const PAGING_PARAMS = new Set(['max_records', 'fields', 'order_by', 'offset', 'return_records']);

/** The most pages and records a walk of `query` may take. */
async function walkCap(client: OntapClient, path: string, query: Query, firstPage: number): Promise<{ pages: number; records: number; basis: string }> {
  const params = new URLSearchParams(typeof query === 'string' ? query : query instanceof URLSearchParams ? query : Object.entries(query).map(([k, v]) => [k, String(v)]));
  const counting = new URLSearchParams([...params].filter(([name]) => !PAGING_PARAMS.has(name) && !name.startsWith('start.')));
  counting.set('return_records', 'false');
  const res = await client.get(path, counting);
  const total = (res.json as Json | undefined)?.num_records;
  if (res.status !== 200 || typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
    fail(res, 'a count of the records to walk (num_records with return_records=false)', `HTTP ${res.status} ${excerpt(res.text, 200)}`);
  }
  // Live sessions come and go during a walk: a tenth more, and a few pages of slack.
  const records = Math.ceil(total * 1.1) + 10;
  return { pages: Math.ceil(records / Math.max(1, firstPage)) + 3, records, basis: `num_records ${total} with return_records=false` };
}
