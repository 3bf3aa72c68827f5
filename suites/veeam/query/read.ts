import { excerpt, fail, mustErrorDocument, mustMediaType, mustStatus, parseXml } from '../../../src/checks/veeam-expect.ts';
import { NotApplicable, type VeeamCheckContext } from '../../../src/checks/veeam-model.ts';
import type { VeeamResponse } from '../../../src/client/veeam-client.ts';
import type { VeeamQueryField } from '../../../src/spec/veeam/index.ts';
import type { QueryModel } from './model.ts';

type Json = Record<string, unknown>;

export interface Link {
  Rel?: string;
  Href?: string;
  Name?: string;
  Type?: string;
}

/** A reference or an entity as a check reads it: its ID (the GUID of its Href), attributes, links, field values. */
export interface Item {
  /** The GUID at the end of the Href's path, lower case: the identity of a resource across forms and lists. */
  id: string;
  href: string;
  uid?: string;
  name?: string;
  type?: string;
  links: Link[];
  /** Query field name → the text of its value in the entity form (absent: undefined); empty for references. */
  values: Record<string, string | undefined>;
  /** Fields whose value the entity shows against the representation's rules: either answer is accepted for them. */
  open: ReadonlySet<string>;
}

export interface PagingInfo {
  pageNum: number;
  pageSize: number;
  pagesCount: number;
  links: Link[];
}

export interface QueryPage {
  res: VeeamResponse;
  items: Item[];
  paging: PagingInfo;
}

/** A page size for reading a whole answer in few requests; the reference names no maximum. */
export const FULL_PAGE = 1000;
/** A walk longer than this is a broken PagesCount, not a big server. */
const MAX_PAGES = 1000;
/** Session collections list the sessions created in the last 30 days (seed 004). */
export const WINDOW_MS = 30 * 24 * 3600_000;
/** Clock skew between the suite and the server: a session this close to the window's edge may be either side. */
export const EDGE_MARGIN_MS = 5 * 60_000;

const GUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

/** The GUID at the end of an Href's path (or of a UID), lower case; undefined when there is none. */
export function guidOf(hrefOrUid: string | undefined): string | undefined {
  if (!hrefOrUid) return undefined;
  const path = hrefOrUid.split(/[?#]/)[0]!;
  return GUID_AT_END.exec(path)?.[1]?.toLowerCase();
}

/**
 * The `/api/...` part of an Href, query included: links are followed on the target the suite was given, since
 * EM writes its own host name into Hrefs, which need not resolve from where the suite runs.
 */
export function apiPath(href: string): string {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]+)?(\/api(?:[/?].*)?)$/i.exec(href)?.[1] ?? href;
}

const asList = <T>(value: unknown): T[] => (Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : []) as T[];
const text = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return text((value as Json)['#text']);
  return String(value);
};

/** `/api/query?type=…&…`, every value percent-encoded (blanks as %20, which every server reads). */
export function queryPath(type: string, params: Record<string, string | number | undefined> = {}): string {
  const pairs = [['type', type], ...Object.entries(params).filter(([, v]) => v !== undefined)] as Array<[string, string | number]>;
  return `/api/query?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}`;
}

/** The value of one query field in an entity, read where the catalog says it lives. */
function fieldValue(field: VeeamQueryField, entity: Json, links: Link[]): string | undefined {
  const source = field.source;
  if (!source) return undefined;
  if ('attribute' in source) return text(entity[source.attribute]);
  if ('element' in source) return text(entity[source.element]);
  const link = links.find((candidate) => candidate.Type === source.link);
  if (!link) return undefined;
  if (source.part === 'Name') return link.Name;
  const guid = guidOf(link.Href);
  return guid && field.uidType ? `urn:veeam:${field.uidType}:${guid}` : undefined;
}

/** One Ref or entity element as an Item; fails when it has no Href ending in an ID. */
function itemOf(res: VeeamResponse, element: Json, model: QueryModel | undefined): Item {
  const href = text(element.Href);
  const id = guidOf(href);
  if (!id) fail(res, 'every listed resource with an Href ending in its ID (a GUID)', excerpt(element, 300));
  const links = asList<Link>((element.Links as Json | undefined)?.Link);
  const values = model ? Object.fromEntries(model.fields.map((field) => [field.name, fieldValue(field, element, links)])) : {};
  const open = new Set(model ? model.openFields(element) : []);
  return { id, href: href!, uid: text(element.UID), name: text(element.Name), type: text(element.Type), links, values, open };
}

const integer = (res: VeeamResponse, value: unknown, name: string): number => {
  const raw = text(value);
  if (raw === undefined || !/^\d+$/.test(raw.trim())) fail(res, `PagingInfo with ${name} as a non-negative integer`, `${name}=${JSON.stringify(value)}`);
  return Number(raw);
};

/** One answer of GET /query: 200, XML, a QueryResult with the references or (asked for) the entities, and PagingInfo. */
export function parseQueryPage(res: VeeamResponse, model: QueryModel, entities: boolean): QueryPage {
  mustStatus(res, 200);
  mustMediaType(res, 'xml');
  const { root, doc } = parseXml(res);
  if (root !== 'QueryResult') fail(res, 'a QueryResult document', `<${root}> ${excerpt(res.text, 200)}`);
  const info = doc.PagingInfo as Json | undefined;
  if (!info || typeof info !== 'object') fail(res, 'a QueryResult with PagingInfo', excerpt(res.text, 300));
  const paging: PagingInfo = {
    pageNum: integer(res, info.PageNum, 'PageNum'), pageSize: integer(res, info.PageSize, 'PageSize'), pagesCount: integer(res, info.PagesCount, 'PagesCount'),
    links: asList<Link>((info.Links as Json | undefined)?.Link),
  };
  const refs = asList<Json>((doc.Refs as Json | undefined)?.Ref);
  if (!entities) return { res, paging, items: refs.map((ref) => itemOf(res, ref, undefined)) };
  const list = (doc.Entities as Json | undefined)?.[model.type.entitiesList] as Json | undefined;
  const found = asList<Json>(list?.[model.type.entityElement]);
  if (found.length === 0 && refs.length > 0) fail(res, `format=Entities to list ${model.type.entityElement} entities under Entities/${model.type.entitiesList}`, `references: ${excerpt(res.text, 300)}`);
  return { res, paging, items: found.map((entity) => itemOf(res, entity, model)) };
}

/** How a server without the query service answers GET /query: it is optional (veeam-em.md · Query service). */
const NOT_OFFERED = [404, 501];

/** The server does not offer the optional query service: the checks that need it are skipped. */
export class QueryServiceAbsent extends NotApplicable {
  override name = 'QueryServiceAbsent';
}

function skipWhenNotOffered(res: VeeamResponse): void {
  if (NOT_OFFERED.includes(res.status)) throw new QueryServiceAbsent(`the server does not offer the optional query service: GET ${res.url.replace(/^https?:\/\/[^/]+/, '')} answered HTTP ${res.status}`);
}

/** One request to the query service, as a check's first: skips the check when the server does not offer it. */
export async function mustOfferQuery(ctx: VeeamCheckContext, model: QueryModel): Promise<void> {
  skipWhenNotOffered(await ctx.veeam.get(queryPath(model.type.type, { pageSize: 1 }), { accept: 'xml' }));
}

export interface ReadOptions {
  entities?: boolean;
  /** The check's first request to the query service: a 404 or 501 means the service is not offered (a skip). */
  initial?: boolean;
  /** A 400 answer with an Error document is acceptable (the reference leaves the request's meaning open): undefined. */
  refusable?: boolean;
}

/** Reads every page of a query (page 1 to PagesCount), `pageSize` FULL_PAGE unless given. */
export async function readQuery(ctx: VeeamCheckContext, model: QueryModel, params: Record<string, string | number | undefined>, options: ReadOptions = {}): Promise<{ items: Item[]; pages: QueryPage[] } | undefined> {
  const entities = options.entities ?? false;
  const pageSize = params.pageSize ?? FULL_PAGE;
  const pages: QueryPage[] = [];
  for (let page = 1; ; page++) {
    const res = await ctx.veeam.get(queryPath(model.type.type, { ...(entities ? { format: 'Entities' } : {}), ...params, pageSize, page }), { accept: 'xml' });
    if (page === 1 && options.initial) skipWhenNotOffered(res);
    if (page === 1 && options.refusable && res.status === 400) {
      mustErrorDocument(res, 'xml');
      return undefined;
    }
    const parsed = parseQueryPage(res, model, entities);
    pages.push(parsed);
    if (parsed.paging.pagesCount > MAX_PAGES) fail(res, `PagesCount of at most ${MAX_PAGES} pages of ${pageSize}`, `PagesCount=${parsed.paging.pagesCount}`);
    if (page >= parsed.paging.pagesCount) break;
  }
  return { items: pages.flatMap((p) => p.items), pages };
}

/** Every record of the query type in the entity form, de-duplicated by ID (a record moving between pages counts once). */
export async function readAllRecords(ctx: VeeamCheckContext, model: QueryModel, params: Record<string, string | number | undefined> = {}, initial = false): Promise<Item[]> {
  const { items } = (await readQuery(ctx, model, params, { entities: true, initial }))!;
  return [...new Map(items.map((item) => [item.id, item])).values()];
}

/** An EntityReferences collection (XML): its Refs. */
export async function readReferences(ctx: VeeamCheckContext, path: string): Promise<{ res: VeeamResponse; items: Item[] }> {
  const res = await ctx.veeam.get(path, { accept: 'xml' });
  mustStatus(res, 200);
  mustMediaType(res, 'xml');
  const { root, doc } = parseXml(res);
  if (root !== 'EntityReferences') fail(res, 'an EntityReferences document', `<${root}> ${excerpt(res.text, 200)}`);
  return { res, items: asList<Json>(doc.Ref).map((ref) => itemOf(res, ref, undefined)) };
}

/** The link of `type` (Up JobReference, Up CdpReplicaSessionReference, …) of an item, if any. */
export const linkOf = (item: Item, type: string): Link | undefined => item.links.find((link) => link.Type === type);
