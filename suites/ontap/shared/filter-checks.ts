import { CODES } from '../../../src/checks/codes.ts';
import fc from 'fast-check';
import type { CollectionUnderTest } from '../../../src/checks/collections.ts';
import { expectOntapError, fail, fetchAll, mustGet } from '../../../src/checks/expect.ts';
import { compareFilterAnswer, expectFilterAnswer } from '../../../src/checks/filter-answer.ts';
import { NotApplicable, type Check, type CheckContext } from '../../../src/checks/ontap-model.ts';
import { forAll } from '../../../src/checks/property.ts';
import { familiesFor, filterExpression, invalidTypedValue, liveValues, type OperatorFamily } from '../../../src/generate/index.ts';
import type { FieldInfo } from '../../../src/oracle/index.ts';
import { compareVersions } from '../../../src/spec/index.ts';
import { collectionCheck, identityFields } from './define.ts';

type Json = Record<string, unknown>;

const REQUIREMENT = 'ontap-rest.md · Collection GET: the query language';

/** Filterable fields of the collection that exist on the target's version. */
export function availableFilters(ctx: CheckContext, c: CollectionUnderTest): FieldInfo[] {
  return ctx.catalog.filterableFields(c.collectionOp).filter((field) => compareVersions(ctx.target.version, field.introduced) >= 0);
}

/**
 * Asks the server for `filters` and requires exactly the oracle's answer over `all`. On a mismatch the request
 * is repeated between two fresh reads of the collection, and records that changed in between are tolerated:
 * live sessions move (counters grow, states change), and a check must never be flaky.
 */
export async function mustMatchOracle(ctx: CheckContext, c: CollectionUnderTest, all: Json[], filters: Array<[FieldInfo, string]>): Promise<void> {
  const identity = (record: Json) => c.identity(record, ctx.target);
  const query = new URLSearchParams([['fields', identityFields(c)], ...filters.map(([field, raw]) => [field.path, raw] as [string, string])]);
  const first = await fetchAll(ctx.ontap, c.path, query);
  if (!compareFilterAnswer(first.map(identity), expectFilterAnswer([all], filters, identity))) return;
  const before = await fetchAll(ctx.ontap, c.path, { fields: '*' });
  const answer = await fetchAll(ctx.ontap, c.path, query);
  const after = await fetchAll(ctx.ontap, c.path, { fields: '*' });
  const diff = compareFilterAnswer(answer.map(identity), expectFilterAnswer([before, after], filters, identity));
  if (!diff) return;
  const { res } = await mustGet(ctx.ontap, c.path, query);
  const list = (ids: string[]) => ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` (+${ids.length - 5})` : '');
  fail(res, `exactly the ${c.name} that match ${filters.map(([f, v]) => `${f.path}=${v}`).join(' AND ')} (the oracle over the whole collection)`, [
    diff.missing.length ? `missing ${diff.missing.length}: ${list(diff.missing)}` : '',
    diff.extra.length ? `extra ${diff.extra.length}: ${list(diff.extra)}` : '',
    diff.duplicates.length ? `duplicated: ${list(diff.duplicates)}` : '',
  ].filter(Boolean).join('; '));
}

const FAMILY_TITLES: Record<OperatorFamily, string> = {
  equality: 'A plain-value filter returns exactly the records equal to the value',
  wildcard: 'A * wildcard filter returns exactly the records whose value matches the pattern',
  comparison: 'A <, >, <= or >= filter returns exactly the records on the right side of the bound',
  range: 'An a..b filter returns exactly the records within the inclusive range',
  negation: 'A !v filter returns exactly the records whose value is not v',
  or: 'A v1|v2 filter returns exactly the records matching any alternative',
  null: 'A null / !null filter returns exactly the records where the field is unset / set',
};

function familyCheck(c: CollectionUnderTest, family: OperatorFamily): Check {
  return collectionCheck(c, `filter.${family}`, `${FAMILY_TITLES[family]} (${c.name}, every filterable field)`, REQUIREMENT, async (ctx) => {
    const all = await fetchAll(ctx.ontap, c.path, { fields: '*' });
    const fields = availableFilters(ctx, c).filter((field) => familiesFor(field).includes(family));
    let tested = 0;
    for (const [index, field] of fields.entries()) {
      const values = liveValues(all, field);
      if (values.length === 0 && family !== 'null') continue;
      await forAll(ctx, filterExpression(field, values, family), (raw) => mustMatchOracle(ctx, c, all, [[field, raw]]), index);
      tested++;
    }
    if (tested === 0) throw new NotApplicable(`no ${c.name} field has live values to filter with the ${family} family`);
  });
}

export function filterChecks(c: CollectionUnderTest): Check[] {
  const families: OperatorFamily[] = ['equality', 'wildcard', 'comparison', 'range', 'negation', 'or', 'null'];
  return [
    ...families.map((family) => familyCheck(c, family)),
    collectionCheck(c, 'filter.and', `Two filters together return exactly the ${c.name} matching both`, REQUIREMENT, async (ctx) => {
      const all = await fetchAll(ctx.ontap, c.path, { fields: '*' });
      const fields = availableFilters(ctx, c).filter((field) => liveValues(all, field).length > 0);
      if (fields.length < 2) throw new NotApplicable(`fewer than two ${c.name} fields have live values`);
      const pair = fc.uniqueArray(fc.constantFrom(...fields), { minLength: 2, maxLength: 2, selector: (f) => f.path }).chain((picked) =>
        fc.tuple(...picked.map((field) => fc.constantFrom(...familiesFor(field).filter((f) => f !== 'null')).chain((family) =>
          filterExpression(field, liveValues(all, field), family).map((raw) => [field, raw] as [FieldInfo, string])))));
      await forAll({ ...ctx, runs: ctx.runs * 3 }, pair, (filters) => mustMatchOracle(ctx, c, all, filters));
    }),
    collectionCheck(c, 'filter.nested-field', `Filters on nested fields (dotted names) of ${c.name} return exactly the matching records`, `${REQUIREMENT} (nested fields use the dotted name)`, async (ctx) => {
      const all = await fetchAll(ctx.ontap, c.path, { fields: '*' });
      // Nested fields whose values differ between records: a filter on them must select a proper subset.
      const fields = availableFilters(ctx, c).filter((field) => field.path.includes('.') && !field.path.endsWith('.uuid') && liveValues(all, field).length > 1);
      if (fields.length === 0) throw new NotApplicable(`no nested ${c.name} field takes more than one value`);
      const arbitrary = fc.constantFrom(...fields).chain((field) => filterExpression(field, liveValues(all, field), 'equality').map((raw) => [field, raw] as [FieldInfo, string]));
      await forAll({ ...ctx, runs: Math.max(ctx.runs, fields.length) }, arbitrary, (filter) => mustMatchOracle(ctx, c, all, [filter]));
    }),
    collectionCheck(c, 'filter.invalid-typed-value', `A non-integer or non-boolean value for a typed filter of ${c.name} is rejected with 262197`, 'ontap-rest.md · Collection GET (invalid value for a typed field → 262197 or 2)', async (ctx) => {
      const typed = availableFilters(ctx, c).filter((field) => field.type === 'integer' || field.type === 'boolean');
      for (const [index, field] of typed.entries()) {
        await forAll(ctx, invalidTypedValue(field), async (raw) => {
          const res = await ctx.ontap.get(c.path, { [field.path]: raw });
          expectOntapError(res, { status: 400, codes: [CODES.invalidValue, CODES.invalidField] });
        }, index);
      }
    }),
  ];
}
