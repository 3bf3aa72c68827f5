import {
  applyFilters, getPath, paginate, parseFields, parseFilter, parseOrderBy, projectRecord, sortRecords, unknownFields,
  validateReservedParams, QueryError, type FieldInfo, type FilterExpr, type OrderKey,
} from '../../oracle/index.ts';
import { rewriteFiltersForFaults } from './fault-rewrites.ts';
import { OntapHttpError } from './http.ts';
import { findStart, INDEXED_FROM, queryRecords } from './query-index.ts';
import type { OntapState } from './state.ts';

type Json = Record<string, unknown>;

/** What the generic collection GET needs to know about one collection. */
export interface CollectionDescriptor {
  /** Path as the client sees it, e.g. /api/protocols/ndmp/sessions. */
  basePath: string;
  filterable: FieldInfo[];
  /** Every field path of a record (leaves and object prefixes), for fields= validation. */
  knownPaths: string[];
  /** Key fields kept in default records and in every projection. */
  keyFields: string[];
  /** Key fields carried by `start.` parameters of the next link. */
  startKeys: string[];
}

export interface CollectionAnswer {
  /** `_links` and `num_records`; `records` too unless the answer is streamed. */
  body: Json;
  headers: Record<string, string>;
  /**
   * A large page, written record by record after `body`'s members rather than built as one string: the bytes
   * are those of `JSON.stringify({ ...body, records: records.map(project) })`.
   */
  stream?: { records: Json[]; project: (record: Json) => Json };
}

/** Pages of more records than this are streamed (a whole 100,000-session collection is about 100 MB of JSON). */
export const STREAM_FROM = 1000;

const RESERVED = new Set(['fields', 'max_records', 'return_records', 'return_timeout', 'order_by', 'ignore_unknown_fields', 'offset']);
// The docs are silent on the case of string matching: the emulator picks case-insensitive (the checks accept both).
const MATCH = { caseSensitive: false };

/** Serves a collection GET with the full query language: filters, fields, order_by, paging. */
export function serveCollection(state: OntapState, query: URLSearchParams, all: Json[], desc: CollectionDescriptor): CollectionAnswer {
  const byPath = new Map(desc.filterable.map((field) => [field.path, field]));
  const filters: Array<[string, string]> = [];
  const start = new Map<string, string>();
  const seen = new Set<string>();
  for (const [name, value] of query) {
    if (seen.has(name) && !state.has('error-unknown-param-accepted')) {
      throw new OntapHttpError(400, '262188', `Field "${name}" was specified twice.`, name);
    }
    seen.add(name);
    if (RESERVED.has(name)) continue;
    if (name.startsWith('start.')) start.set(name.slice('start.'.length), value);
    else if (byPath.has(name)) filters.push([name, value]);
    else if (!state.has('error-unknown-param-accepted')) {
      throw new OntapHttpError(400, '262179', `Unexpected argument "${name}".`, name);
    }
  }
  guard(() => validateReserved(state, query));

  const rewritten = rewriteFiltersForFaults(state, filters, (name) => byPath.get(name)?.type);
  const exprs: FilterExpr[] = guard(() => rewritten.map(([name, value]) => parseFilter(byPath.get(name)!, value)));
  const orderBy = query.get('order_by');
  let keys: OrderKey[] = [];
  if (orderBy) {
    keys = guard(() => parseOrderBy(orderBy, desc.filterable));
    if (state.has('sort-desc-ignored')) keys = keys.map((key) => ({ ...key, direction: 'asc' as const }));
  }
  const sortOptions = { ...MATCH, fields: desc.filterable };

  // The answer's size, and where the page starts in it: after the record the `start.` keys name (on it with the
  // paging-overlap fault), or at the end when no record carries them.
  let size = 0;
  let from = Number(query.get('offset') ?? 0);
  const startAt = (at: number) => (at < 0 ? size : at + (state.has('paging-overlap') ? 0 : 1));
  const max = query.has('max_records') ? Number(query.get('max_records')) : undefined;
  let page: Json[];
  let more: boolean;
  if (all.length >= INDEXED_FROM) {
    const result = queryRecords(all, exprs, keys, sortOptions);
    size = result.positions.length;
    if (start.size > 0) from = startAt(findStart(all, result, desc.startKeys, start));
    const slice = paginate(result.positions, max, from);
    page = slice.page.map((position) => all[position]!);
    more = slice.more;
  } else {
    let records = applyFilters(all, exprs, MATCH);
    if (keys.length > 0) records = sortRecords(records, keys, sortOptions);
    size = records.length;
    if (start.size > 0) from = startAt(records.findIndex((record) => desc.startKeys.every((key) => String(getPath(record, key)) === start.get(key))));
    ({ page, more } = paginate(records, max, from));
  }

  const selection = guard(() => parseFields(query.get('fields') ?? ''));
  if (query.get('ignore_unknown_fields') !== 'true') {
    const unknown = unknownFields(selection, desc.knownPaths);
    if (unknown.length > 0) throw new OntapHttpError(400, '262197', `The value "${unknown[0]}" is invalid for field "fields".`, 'fields');
  }
  const returnRecords = query.get('return_records') !== 'false' || state.has('return-records-ignored');
  const fieldsIgnored = state.has('fields-ignored');
  const onlyLinks = state.has('default-records-no-keys') && !query.get('fields');
  let effective = selection;
  // Read once per answer, before anything is sent (a malformed selection is a 400, never a broken stream), and only
  // when a record is projected with it.
  if (page.length > 0 && returnRecords && !fieldsIgnored && !onlyLinks && state.has('fields-exclusion-ignored')) {
    effective = guard(() => parseFields(stripExclusions(query.get('fields') ?? '')));
  }
  const keyFields = state.has('fields-drop-keys') && query.get('fields') ? [] : desc.keyFields;
  const starIncomplete = state.has('fields-star-incomplete') && /(^|,)\*\*?(,|$)/.test(query.get('fields') ?? '');
  const project = (record: Json): Json => {
    if (fieldsIgnored) return record;
    if (onlyLinks) return { _links: record._links };
    const out = projectRecord(record, effective, { keyFields }) as Json;
    if (starIncomplete) {
      const { scsi: _dropped, ...rest } = out;
      return rest;
    }
    return out;
  };

  const selfHref = `${desc.basePath}${query.size > 0 ? `?${query.toString()}` : ''}`;
  const links: Json = { self: { href: selfHref } };
  const headers: Record<string, string> = {};
  if (more && page.length > 0) {
    const next = new URLSearchParams([...query].filter(([name]) => !name.startsWith('start.') && name !== 'offset'));
    const last = page[page.length - 1]!;
    for (const key of desc.startKeys) next.set(`start.${key}`, String(getPath(last, key)));
    const href = `${desc.basePath}?${next.toString()}`;
    links.next = { href };
    headers.link = `<${href}>; rel="next"`;
  }
  const numRecords = state.has('paging-num-records-total') ? all.length : page.length;
  const body: Json = { _links: links, num_records: numRecords };
  if (returnRecords && page.length > STREAM_FROM) return { body, headers, stream: { records: page, project } };
  if (returnRecords) body.records = page.map(project);
  return { body, headers };
}

function validateReserved(state: OntapState, query: URLSearchParams): void {
  if (state.has('error-return-timeout-unbounded') && query.has('return_timeout')) {
    const copy = new URLSearchParams(query);
    copy.delete('return_timeout');
    validateReservedParams(copy);
    return;
  }
  validateReservedParams(query);
  const max = query.get('max_records');
  if (max !== null && Number(max) < 1) throw new QueryError('262197', `The value "${max}" is invalid for field "max_records" (<1..>)`, 'max_records');
  const offset = query.get('offset');
  if (offset !== null && !/^\d+$/.test(offset)) throw new QueryError('262197', `The value "${offset}" is invalid for field "offset"`, 'offset');
}

function stripExclusions(fields: string): string {
  return fields.split(',').filter((item) => !item.startsWith('!')).join(',');
}

/** Turns an oracle QueryError into the HTTP 400 answer ONTAP gives. */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof QueryError) throw new OntapHttpError(400, error.code, error.message, error.target);
    throw error;
  }
}
