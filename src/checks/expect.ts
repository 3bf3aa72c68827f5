import type { OntapClient, OntapResponse, Query } from '../client/ontap-client.ts';
import { CheckFailure } from './model.ts';

type Json = Record<string, unknown>;

/** Shortens a value for a failure message: enough to see the problem, never a whole collection. */
export function excerpt(value: unknown, max = 400): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
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

/** Follows `_links.next` from a first page and returns every record, failing on a runaway walk. */
export async function fetchAll(client: OntapClient, path: string, query: Query = {}, limit = 10_000): Promise<Json[]> {
  const all: Json[] = [];
  const visited = new Set<string>();
  let { res, body } = await mustGet(client, path, query);
  for (let pages = 0; ; pages++) {
    all.push(...recordsOf(res, body));
    const next = ((body._links as Json | undefined)?.next as Json | undefined)?.href;
    if (typeof next !== 'string' || recordsOf(res, body).length === 0) return all;
    if (pages > limit) fail(res, 'the next links to end', `more than ${limit} pages`);
    if (visited.has(next)) fail(res, 'next links that make progress', `the next link ${next} was already followed`);
    visited.add(next);
    ({ res, body } = await mustGet(client, next));
  }
}
