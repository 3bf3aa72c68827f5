import {
  matchesVeeamFilter, pageVeeamRecords, parseVeeamFilter, sortVeeamRecords, veeamFieldName, VeeamQueryError,
  type VeeamFieldTable, type VeeamFilter, type VeeamRecord,
} from '../../oracle/veeam-query.ts';
import { VeeamHttpError, type Reply } from './http.ts';
import type { RenderContext } from './kinds.ts';
import { attr, int, links, node, wrappedList, type LinkSpec, type VNode } from './model.ts';
import { entityNode, referenceNode } from './render.ts';
import { QUERY_TYPES, type QueryType } from './query-types.ts';
import { VEEAM_API_VERSIONS, type VeeamApiVersion } from './state.ts';

/** Without `pageSize` a page holds 100 records (the reference is silent; EM's own default). */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * `GET /api/query?type=…` (veeam-em.md · Query service). The 30-day window of the session collections is not
 * applied here: the reference documents it for the collections only, and the query service is how clients
 * find older sessions, so it sees every session. Unknown parameters are ignored, as on every EM resource.
 */
export function serveQuery(ctx: RenderContext, query: URLSearchParams, version: VeeamApiVersion): Reply {
  const type = pickType(query.get('type'), version);
  const fields = fieldTable(ctx, type.fields);
  const filter = guard(() => faulted(ctx, parseVeeamFilter(query.get('filter') ?? '', fields)));
  const all = type.items(ctx).map((item) => ({ item, record: type.record(item, ctx) }));
  const matching = all.filter(({ record }) => matchesVeeamFilter(filter, record, fields));
  const sorted = sort(ctx, query, matching, fields);
  const pageSize = positive(query, 'pageSize') ?? DEFAULT_PAGE_SIZE;
  const page = positive(query, 'page') ?? 1;
  const { pagesCount } = guard(() => pageVeeamRecords(sorted, pageSize, page));
  // The paging fault starts every later page one record early.
  const start = (page - 1) * pageSize - (page > 1 && ctx.state.has('veeam-query-paging-overlap') ? 1 : 0);
  const items = sorted.slice(start, start + pageSize).map(({ item }) => item);
  const entities = wantsEntities(query.get('format'));
  // Entities holds one list per query type; only the asked type's is present (the others: omitted / null).
  const lists = QUERY_TYPES.map((candidate) =>
    wrappedList(candidate.kind.plural, candidate.kind.type, candidate === type ? items.map((item) => entityNode(type.kind, item, ctx)) : undefined));
  const body = node('QueryResult', [], [
    wrappedList('Refs', 'Ref', entities ? undefined : items.map((item) => referenceNode(type.kind, item, ctx, 'Ref'))),
    { kind: 'node', name: 'Entities', node: entities ? node('Entities', [], lists) : undefined },
    { kind: 'node', name: 'PagingInfo', node: pagingInfo(ctx, query, page, pageSize, pagesCount) },
  ]);
  return { status: 200, body };
}

function pickType(name: string | null, version: VeeamApiVersion): QueryType<unknown> {
  if (name === null || name === '') throw new VeeamHttpError(400, 'The query parameter "type" is required.');
  const at = (v: VeeamApiVersion) => VEEAM_API_VERSIONS.indexOf(v);
  const type = QUERY_TYPES.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase() && at(version) >= at(candidate.since));
  if (!type) throw new VeeamHttpError(400, `Unknown query type "${name}".`);
  return type;
}

/** The enum fault orders enum values alphabetically before the (correct) oracle sees the table. */
function fieldTable(ctx: RenderContext, fields: VeeamFieldTable): VeeamFieldTable {
  if (!ctx.state.has('veeam-query-enum-alphabetical')) return fields;
  return Object.fromEntries(Object.entries(fields).map(([name, kind]) => [name, kind.kind === 'enum' ? { kind: 'enum', values: [...kind.values].sort() } : kind]));
}

/** The comparison fault turns every strict comparison into an inclusive one. */
function faulted(ctx: RenderContext, filter: VeeamFilter | undefined): VeeamFilter | undefined {
  if (!filter || !ctx.state.has('veeam-query-comparison-inclusive')) return filter;
  if (filter.kind !== 'cmp') return { ...filter, items: filter.items.map((item) => faulted(ctx, item)!) };
  const op = filter.op === '<' ? '<=' : filter.op === '>' ? '>=' : filter.op;
  return { ...filter, op };
}

function sort<T extends { record: VeeamRecord }>(ctx: RenderContext, query: URLSearchParams, rows: T[], fields: VeeamFieldTable): T[] {
  const asc = query.get('sortAsc');
  const desc = query.get('sortDesc');
  if (asc !== null && desc !== null) throw new VeeamHttpError(400, 'Use either sortAsc or sortDesc, not both.');
  const given = asc ?? desc;
  if (given === null) return rows;
  const field = veeamFieldName(given, fields);
  if (!field) throw new VeeamHttpError(400, `Unknown sort field "${given}".`);
  const direction = asc !== null || ctx.state.has('veeam-query-sort-desc-ignored') ? 'asc' : 'desc';
  // The oracle sorts records: each carries its row's position back.
  const order = sortVeeamRecords(rows.map((row, index) => ({ ...row.record, __row: index })), field, direction, fields);
  return order.map((record) => rows[record.__row]!);
}

function positive(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const number = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(number >= 1)) throw new VeeamHttpError(400, `The query parameter "${name}" must be a positive integer, not "${raw}".`);
  return number;
}

function wantsEntities(format: string | null): boolean {
  if (format === null || /^(refs|references)$/i.test(format)) return false;
  if (/^entities$/i.test(format)) return true;
  throw new VeeamHttpError(400, `Unknown format "${format}": use Entities or References.`);
}

/** `PagingInfo PageNum PageSize PagesCount` with First, Previous, Next and Last links that keep the other parameters. */
function pagingInfo(ctx: RenderContext, query: URLSearchParams, page: number, pageSize: number, pagesCount: number): VNode {
  const href = (target: number) => {
    const params = new URLSearchParams(query);
    params.set('pageSize', String(pageSize));
    params.set('page', String(target));
    return `${ctx.base}/query?${params.toString()}`;
  };
  const items: LinkSpec[] = [{ rel: 'First', href: href(1) }];
  if (page > 1) items.push({ rel: 'Previous', href: href(Math.min(page - 1, pagesCount)) });
  if (page < pagesCount) items.push({ rel: 'Next', href: href(page + 1) });
  items.push({ rel: 'Last', href: href(pagesCount) });
  return node('PagingInfo', [attr('PageNum', int(page)), attr('PageSize', int(pageSize)), attr('PagesCount', int(pagesCount))], [links(items)]);
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof VeeamQueryError) throw new VeeamHttpError(400, error.message);
    throw error;
  }
}
