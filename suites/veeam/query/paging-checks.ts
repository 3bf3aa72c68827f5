import fc from 'fast-check';
import { excerpt, fail } from '../../../src/checks/veeam-expect.ts';
import { NotApplicable, type VeeamCheck, type VeeamCheckContext } from '../../../src/checks/veeam-model.ts';
import { forAll } from '../../../src/checks/property.ts';
import { mustReadAll, QUERY_REQUIREMENT, queryCheck } from './define.ts';
import { QUERY_SUBJECTS, type QueryModel, type QuerySubject } from './model.ts';
import { apiPath, parseQueryPage, queryPath, readAllRecords, type Item, type QueryPage } from './read.ts';

const PAGING = `${QUERY_REQUIREMENT} (pageSize, page; PagingInfo PageNum PageSize PagesCount with First/Next/Last links)`;
/** Walks stay under this many pages where the page size allows, so that a busy server is not read one by one. */
const MAX_WALK = 20;
/**
 * Page sizes asked for stay at or below EM's default page size: a larger one might be capped (the reference
 * names no maximum), and PageSize must then be what was asked for.
 */
const MAX_PAGE_SIZE = 100;
/** A PagesCount above this is not followed to the end. */
const MAX_PAGES = 1000;

/**
 * Pages are read sorted by creation time: the order of an unsorted answer is not documented, and sessions
 * that start during a walk then join its end instead of shifting every later page.
 */
const sortedBy = (model: QueryModel) => ({ sortAsc: model.creation.name });

/** A page of the sorted query; PageNum and PageSize must be the ones asked for and the page not larger. */
async function mustGetPage(ctx: VeeamCheckContext, model: QueryModel, pageSize: number, page: number, entities: boolean): Promise<QueryPage> {
  const res = await ctx.veeam.get(queryPath(model.type.type, { ...sortedBy(model), ...(entities ? { format: 'Entities' } : {}), pageSize, page }), { accept: 'xml' });
  return mustBeThePage(parseQueryPage(res, model, entities), pageSize, page, `page=${page}&pageSize=${pageSize}`);
}

function mustBeThePage(parsed: QueryPage, pageSize: number, page: number, how: string): QueryPage {
  const { res, paging, items } = parsed;
  if (paging.pageNum !== page || paging.pageSize !== pageSize) fail(res, `PagingInfo PageNum="${page}" PageSize="${pageSize}" (${how})`, `PageNum="${paging.pageNum}" PageSize="${paging.pageSize}"`);
  if (items.length > pageSize) fail(res, `at most pageSize=${pageSize} records on a page`, `${items.length} records`);
  return parsed;
}

/** Records sharing their creation time with another: a server may order such ties differently on every request. */
function ties(model: QueryModel, snapshots: readonly Item[][]): Set<string> {
  const byKey = new Map<string, Set<string>>();
  for (const item of snapshots.flat()) {
    const key = item.values[model.creation.name] ?? '(absent)';
    byKey.set(key, (byKey.get(key) ?? new Set()).add(item.id));
  }
  return new Set([...byKey.values()].filter((ids) => ids.size > 1).flatMap((ids) => [...ids]));
}

/** What is wrong with one walk of pages 1..PagesCount, judged against snapshots of the whole collection. */
async function walkProblems(ctx: VeeamCheckContext, model: QueryModel, pageSize: number, snapshots: () => Promise<Item[][]>): Promise<{ res: QueryPage['res']; problems: string[] }> {
  const first = await mustGetPage(ctx, model, pageSize, 1, false);
  const pages = [first];
  if (first.paging.pagesCount > MAX_PAGES) fail(first.res, `PagesCount of at most ${MAX_PAGES} pages of ${pageSize}`, `PagesCount="${first.paging.pagesCount}"`);
  for (let page = 2; page <= first.paging.pagesCount; page++) pages.push(await mustGetPage(ctx, model, pageSize, page, false));
  const reads = await snapshots();
  const tied = ties(model, reads);
  const sizes = reads.map((read) => read.length);
  const counts = new Set(sizes.map((n) => Math.max(1, Math.ceil(n / pageSize))));
  const problems: string[] = [];
  const wrongCount = pages.find((page) => !counts.has(page.paging.pagesCount));
  if (wrongCount) problems.push(`PagesCount="${wrongCount.paging.pagesCount}" on page ${wrongCount.paging.pageNum}, expected ${[...counts].join(' or ')} (${sizes.join(' or ')} records in pages of ${pageSize})`);
  const short = pages.slice(0, -1).find((page) => page.items.length !== pageSize);
  if (short && new Set(sizes).size === 1) problems.push(`page ${short.paging.pageNum} of ${pages.length} holds ${short.items.length} records, not pageSize=${pageSize}`);
  const listed = pages.flatMap((page) => page.items.map((item) => item.id));
  const seen = new Map<string, number>();
  for (const id of listed) seen.set(id, (seen.get(id) ?? 0) + 1);
  const sets = reads.map((read) => new Set(read.map((item) => item.id)));
  const repeated = [...seen].filter(([id, n]) => n > 1 && !tied.has(id)).map(([id]) => id);
  const missing = [...sets[0]!].filter((id) => sets.every((set) => set.has(id)) && !seen.has(id) && !tied.has(id));
  const extra = [...seen.keys()].filter((id) => sets.every((set) => !set.has(id)));
  const pageOf = (id: string) => pages.filter((page) => page.items.some((item) => item.id === id)).map((page) => page.paging.pageNum).join(' and ');
  if (repeated.length) problems.push(`listed twice: ${repeated.slice(0, 5).map((id) => `${id} (pages ${pageOf(id)})`).join(', ')}`);
  if (missing.length) problems.push(`on no page: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (+${missing.length - 5})` : ''}`);
  if (extra.length) problems.push(`not in the unpaged answer: ${extra.slice(0, 5).join(', ')}`);
  return { res: ([...pages].reverse().find((page) => page.items.some((item) => repeated.includes(item.id))) ?? first).res, problems };
}

function walkCheck(subject: QuerySubject): VeeamCheck {
  return queryCheck(subject, 'paging-walk', `Pages 1 to PagesCount of pageSize ${subject.what} list every one of them exactly once, every page but the last full`, PAGING, async (ctx, model) => {
    const all = await mustReadAll(ctx, model, subject);
    if (all.length === 0) throw new NotApplicable(`the query service lists no ${subject.what} to page through`);
    const smallest = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.ceil(all.length / MAX_WALK)));
    const sizes = fc.oneof(fc.constant(smallest), fc.integer({ min: smallest, max: Math.max(smallest, Math.min(MAX_PAGE_SIZE, all.length + 1)) }));
    await forAll(ctx, sizes, async (pageSize) => {
      if ((await walkProblems(ctx, model, pageSize, async () => [all])).problems.length === 0) return;
      // Live sessions may come and go during a walk: the walk is repeated between two fresh reads.
      const before = await readAllRecords(ctx, model);
      const { res, problems } = await walkProblems(ctx, model, pageSize, async () => [before, await readAllRecords(ctx, model)]);
      if (problems.length) fail(res, `pages of ${pageSize} (sorted by ${model.creation.name}) that list each of the ${before.length} records once`, problems.join('\n  '));
    });
  });
}

/** The creation times of a page: ties may trade places between requests, so pages are compared by these. */
const keysOf = (model: QueryModel, items: readonly Item[]) => items.map((item) => item.values[model.creation.name] ?? `(absent) ${item.id}`);

/** What is wrong with the links of one page, judged against one sorted read of the whole collection. */
async function linkProblem(ctx: VeeamCheckContext, model: QueryModel, sorted: Item[], pageSize: number, page: number): Promise<{ res: QueryPage['res']; problem?: string }> {
  const start = await mustGetPage(ctx, model, pageSize, page, true);
  const count = start.paging.pagesCount;
  const expectedCount = Math.max(1, Math.ceil(sorted.length / pageSize));
  if (count !== expectedCount) return { res: start.res, problem: `PagesCount="${count}", expected ${expectedCount} (${sorted.length} records in pages of ${pageSize})` };
  const targets: Array<[string, number]> = [['First', 1], ...(page < count ? [['Next', page + 1] as [string, number]] : []), ['Last', count]];
  for (const [rel, target] of targets) {
    const link = start.paging.links.find((candidate) => candidate.Rel === rel);
    if (!link?.Href) fail(start.res, `a ${rel} link in PagingInfo of page ${page} of ${count}`, excerpt(start.paging.links, 400));
    const followed = mustBeThePage(parseQueryPage(await ctx.veeam.get(apiPath(link.Href), { accept: 'xml' }), model, true), pageSize, target, `the ${rel} link of page ${page}`);
    const expected = keysOf(model, sorted.slice((target - 1) * pageSize, target * pageSize));
    const got = keysOf(model, followed.items);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      return { res: followed.res, problem: `the ${rel} link of page ${page} leads to records created ${excerpt(got, 200)}; page ${target} of the sorted query holds ${excerpt(expected, 200)}` };
    }
  }
  return { res: start.res };
}

function linksCheck(subject: QuerySubject): VeeamCheck {
  return queryCheck(subject, 'paging-links', `PagingInfo's First, Next and Last links lead to the first, next and last page of the same query of ${subject.what}`, PAGING, async (ctx, model) => {
    const readSorted = async (initial = false) => readAllRecords(ctx, model, sortedBy(model), initial);
    let sorted = await readSorted(true);
    if (sorted.length === 0) throw new NotApplicable(`the query service lists no ${subject.what} to page through`);
    const cases = fc.tuple(fc.integer({ min: 1, max: Math.min(MAX_PAGE_SIZE, Math.max(1, Math.ceil(sorted.length / 3))) }), fc.nat());
    await forAll(ctx, cases, async ([pageSize, n]) => {
      const page = 1 + (n % Math.max(1, Math.ceil(sorted.length / pageSize)));
      if (!(await linkProblem(ctx, model, sorted, pageSize, page)).problem) return;
      // Sessions that started since the sorted read join the last page: read again before judging.
      sorted = await readSorted();
      const { res, problem } = await linkProblem(ctx, model, sorted, pageSize, page);
      if (problem) fail(res, `First, Next and Last links to pages 1, ${page + 1} and PagesCount of the same query (sortAsc, format=Entities, pageSize=${pageSize})`, problem);
    });
  });
}

export const queryPagingChecks: VeeamCheck[] = QUERY_SUBJECTS.flatMap((subject) => [walkCheck(subject), linksCheck(subject)]);
