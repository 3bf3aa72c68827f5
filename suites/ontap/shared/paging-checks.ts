import fc from 'fast-check';
import type { CollectionUnderTest } from '../../../src/checks/collections.ts';
import { excerpt, fail, fetchAll, mustGet, recordsOf, walkPages } from '../../../src/checks/expect.ts';
import type { Check, CheckContext } from '../../../src/checks/ontap-model.ts';
import { forAll } from '../../../src/checks/property.ts';
import { getPath, isSorted, type FieldInfo } from '../../../src/oracle/index.ts';
import { collectionCheck, identityFields } from './define.ts';
import { availableFilters } from './filter-checks.ts';

type Json = Record<string, unknown>;

const PAGING = 'ontap-rest.md · Collection GET (max_records, _links.next, num_records, return_records)';

/** Walks `_links.next` from a first page of `max` records; checks every page's size and num_records. */
async function walk(ctx: CheckContext, c: CollectionUnderTest, max: number): Promise<string[]> {
  const ids: string[] = [];
  await walkPages(ctx.ontap, c.path, { fields: identityFields(c), max_records: max }, (res, body, records) => {
    if (records.length > max) fail(res, `at most max_records=${max} records`, `${records.length} records`);
    if (body.num_records !== records.length) fail(res, `num_records equal to the ${records.length} records returned`, `num_records = ${JSON.stringify(body.num_records)}`);
    ids.push(...records.map((record) => c.identity(record, ctx.target)));
  });
  return ids;
}

export function pagingChecks(c: CollectionUnderTest): Check[] {
  return [
    collectionCheck(c, 'paging.walk-equals-unpaged', `Following _links.next with max_records yields every ${c.name} record exactly once`, PAGING, async (ctx) => {
      const read = async () => new Set((await fetchAll(ctx.ontap, c.path, { fields: identityFields(c) })).map((record) => c.identity(record, ctx.target)));
      const total = (await read()).size;
      // Walks stay under about 100 pages, so a cluster with thousands of sessions is not asked for each one alone.
      const smallest = Math.max(1, Math.ceil(total / 100));
      const sizes = fc.oneof(fc.constantFrom(smallest, smallest + 1, smallest + 2), fc.integer({ min: smallest, max: Math.max(smallest, total + 1) }));
      await forAll(ctx, sizes, async (max) => {
        // Records that come or go during the walk (live sessions) may be missing or extra; repeats never are.
        const before = await read();
        const paged = await walk(ctx, c, max);
        const after = await read();
        const counts = new Map<string, number>();
        for (const id of paged) counts.set(id, (counts.get(id) ?? 0) + 1);
        const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
        const missing = [...before].filter((id) => after.has(id) && !counts.has(id));
        const extra = [...counts.keys()].filter((id) => !before.has(id) && !after.has(id));
        if (repeated.length || missing.length || extra.length) {
          const { res } = await mustGet(ctx.ontap, c.path, { fields: identityFields(c), max_records: max });
          fail(res, `the ${before.size} records of the unpaged answer, each once`, [
            repeated.length ? `repeated: ${repeated.slice(0, 5).join(', ')}` : '',
            missing.length ? `missing: ${missing.slice(0, 5).join(', ')}` : '',
            extra.length ? `extra: ${extra.slice(0, 5).join(', ')}` : '',
          ].filter(Boolean).join('; '));
        }
      });
    }),
    collectionCheck(c, 'paging.num-records', `num_records equals the number of ${c.name} records in the response`, PAGING, async (ctx) => {
      const { res, body } = await mustGet(ctx.ontap, c.path, { fields: identityFields(c) });
      const records = recordsOf(res, body);
      if (body.num_records !== records.length) fail(res, `num_records = ${records.length}`, `num_records = ${JSON.stringify(body.num_records)}`);
      await walk(ctx, c, Math.max(1, Math.ceil(records.length / 100)));
    }),
    collectionCheck(c, 'paging.return-records-false', `return_records=false returns the ${c.name} count without records`, PAGING, async (ctx) => {
      const count = async () => (await fetchAll(ctx.ontap, c.path, { fields: identityFields(c) })).length;
      const before = await count();
      const { res, body } = await mustGet(ctx.ontap, c.path, { return_records: 'false' });
      const after = await count();
      if (Array.isArray(body.records) && body.records.length > 0) fail(res, 'no records', `${body.records.length} records`);
      const n = body.num_records;
      if (typeof n !== 'number' || n < Math.min(before, after) || n > Math.max(before, after)) {
        fail(res, `num_records = ${before === after ? before : `${Math.min(before, after)}..${Math.max(before, after)}`} (the records the query would return)`, `num_records = ${JSON.stringify(n)}`);
      }
    }),
  ];
}

const COLLATOR = new Intl.Collator('en');
const SORTING = 'ontap-rest.md · Collection GET (order_by; enum values sort alphabetically)';

function sortableFields(ctx: CheckContext, c: CollectionUnderTest): FieldInfo[] {
  return availableFilters(ctx, c).filter((field) => !field.array && field.sortable !== false);
}

/** Sorting must hold among records where the field is set; where unset values go is undocumented. */
async function mustBeSorted(ctx: CheckContext, c: CollectionUnderTest, field: FieldInfo, direction: 'asc' | 'desc', unsorted: Set<string>): Promise<void> {
  const query = { fields: `${identityFields(c)},${field.path}`, order_by: `${field.path} ${direction}` };
  const { res, body } = await mustGet(ctx.ontap, c.path, query);
  const records = recordsOf(res, body);
  const ids = new Set(records.map((record) => c.identity(record, ctx.target)));
  if (ids.size !== unsorted.size || [...unsorted].some((id) => !ids.has(id))) {
    fail(res, `the same ${unsorted.size} records as without order_by`, `${ids.size} records, not the same set`);
  }
  const set = records.filter((record) => getPath(record, field.path) !== undefined && getPath(record, field.path) !== null);
  const keys = [{ field: field.path, direction }];
  const fields = [field];
  // "Alphabetically" is not defined further: code-unit order with or without case folding, or a locale collation.
  const values = set.map((record) => getPath(record, field.path));
  const collated = field.type !== 'integer' && values.every((v, i) => i === 0 || COLLATOR.compare(String(values[i - 1]), String(v)) * (direction === 'asc' ? 1 : -1) <= 0);
  if (!collated && !isSorted(set, keys, { caseSensitive: true, fields }) && !isSorted(set, keys, { caseSensitive: false, fields })) {
    fail(res, `records in ${direction === 'asc' ? 'ascending' : 'descending'} order of ${field.path}`, excerpt(set.map((record) => getPath(record, field.path)), 300));
  }
}

export function sortingChecks(c: CollectionUnderTest): Check[] {
  return (['asc', 'desc'] as const).map((direction) =>
    collectionCheck(c, `order-by.${direction === 'asc' ? 'ascending' : 'descending'}`, `order_by=<field> ${direction} sorts the ${c.name} on every sortable field`, SORTING, async (ctx) => {
      const unsorted = new Set((await fetchAll(ctx.ontap, c.path, { fields: identityFields(c) })).map((record) => c.identity(record, ctx.target)));
      for (const field of sortableFields(ctx, c)) await mustBeSorted(ctx, c, field, direction, unsorted);
    }));
}
