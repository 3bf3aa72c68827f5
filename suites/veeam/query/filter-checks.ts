import fc from 'fast-check';
import { excerpt, fail, mustErrorDocument } from '../../../src/checks/veeam-expect.ts';
import { NotApplicable, type VeeamCheck, type VeeamCheckContext } from '../../../src/checks/veeam-model.ts';
import { forAll } from '../../../src/checks/property.ts';
import {
  liveVeeamValues, malformedVeeamFilter, veeamCombination, veeamComparison, veeamComparisonOf, VEEAM_EQUALITY_OPERATORS, VEEAM_ORDERING_OPERATORS,
} from '../../../src/generate/veeam-filters.ts';
import { parseVeeamFilter, type VeeamOperator } from '../../../src/oracle/veeam-query.ts';
import type { VeeamQueryField } from '../../../src/spec/veeam/index.ts';
import { check, describeItems, mustReadAll, QUERY_REQUIREMENT, queryCheck } from './define.ts';
import { compareAnswer, expectAnswer, fieldsOf, isOrdering } from './judge.ts';
import { queryModel, QUERY_SUBJECTS, type QueryModel, type QuerySubject } from './model.ts';
import { mustOfferQuery, queryPath, readAllRecords, readQuery, type Item } from './read.ts';

/**
 * `<` `>` `<=` `>=` on a boolean or a UID: the reference does not say these types are ordered, so a server may
 * refuse the filter (400 with an Error document) instead of answering it.
 */
const refusable = (field: VeeamQueryField, op: VeeamOperator) => isOrdering(op) && (field.type === 'boolean' || field.type === 'uid');

/**
 * Asks the query service for `text` and requires the oracle's answer over the whole collection (`all`, read
 * once per check). On a mismatch the request is repeated between two fresh reads of the collection, and records
 * that moved in between are left open: live sessions change, and a check must never be flaky.
 */
export async function mustMatchOracle(ctx: VeeamCheckContext, model: QueryModel, all: Item[], text: string, mayRefuse = false): Promise<void> {
  const filter = parseVeeamFilter(text, model.table);
  if (!filter) throw new Error(`the suite generated an empty filter for ${model.type.type}`);
  const ask = () => readQuery(ctx, model, { filter: text }, { refusable: mayRefuse });
  const ids = (answer: { pages: Array<{ items: Item[] }> }) => answer.pages.flatMap((page) => page.items.map((item) => item.id));
  const first = await ask();
  if (!first || !compareAnswer(ids(first), expectAnswer(model, filter, [all]), first.pages.length === 1)) return;
  const before = await readAllRecords(ctx, model);
  const answer = await ask();
  const after = await readAllRecords(ctx, model);
  if (!answer) return;
  const diff = compareAnswer(ids(answer), expectAnswer(model, filter, [before, after]), answer.pages.length === 1);
  if (!diff) return;
  const byId = new Map([...after, ...before].map((item) => [item.id, item]));
  const fields = fieldsOf(filter);
  fail(answer.pages[0]!.res, `exactly the ${model.type.type} records that match ${text} (the oracle over the whole collection; enums by declaration order)`, [
    diff.missing.length ? `missing ${diff.missing.length}: ${describeItems(diff.missing, byId, fields)}` : '',
    diff.extra.length ? `extra ${diff.extra.length}: ${describeItems(diff.extra, byId, fields)}` : '',
    diff.duplicates.length ? `listed twice: ${diff.duplicates.slice(0, 5).join(', ')}` : '',
  ].filter(Boolean).join('\n  '));
}

/** Values of a field to compare with: live ones; for `<` and friends no enum value of undocumented place. */
function valuesFor(model: QueryModel, all: Item[], field: VeeamQueryField, ordering: boolean): string[] {
  const trusted = all.filter((item) => !item.open.has(field.name)).map((item) => item.values);
  return liveVeeamValues(trusted, field, ordering ? model.unordered.get(field.name) : undefined);
}

/**
 * Every field with every operator of `ops`: about the run's number of filtered requests per field, each live
 * value drawn compared with every operator (so at least one value per field, whatever the number of runs).
 */
async function everyFieldAndOperator(ctx: VeeamCheckContext, model: QueryModel, all: Item[], ops: readonly VeeamOperator[]): Promise<void> {
  let tested = 0;
  const runs = Math.max(1, Math.ceil(ctx.runs / ops.length));
  for (const [index, field] of model.fields.entries()) {
    const values = valuesFor(model, all, field, ops.some(isOrdering));
    if (values.length === 0) continue;
    tested++;
    await forAll({ ...ctx, runs }, fc.constantFrom(...values), async (value) => {
      for (const op of ops) {
        await mustMatchOracle(ctx, model, all, veeamComparisonOf(field, op, value).text, refusable(field, op));
      }
    }, index);
  }
  if (tested === 0) throw new NotApplicable(`no ${model.type.type} field carries a value to filter with`);
}

/** Atoms of every field and operator whose answer the server may not refuse. */
function atoms(model: QueryModel, all: Item[]): fc.Arbitrary<string> {
  const choices = model.fields.flatMap((field) => {
    const ops = [...VEEAM_EQUALITY_OPERATORS, ...VEEAM_ORDERING_OPERATORS].filter((op) => !refusable(field, op));
    const values = valuesFor(model, all, field, true);
    return values.length > 0 ? [veeamComparison(field, values, ops).map((c) => c.text)] : [];
  });
  if (choices.length === 0) throw new NotApplicable(`no ${model.type.type} field carries a value to filter with`);
  return fc.oneof(...choices);
}

function subjectFilterChecks(subject: QuerySubject): VeeamCheck[] {
  const whole = `the ${subject.what} the oracle selects from the whole collection`;
  return [
    queryCheck(subject, 'filter-equality', `A == or != filter on any field returns exactly ${whole}`, `${QUERY_REQUIREMENT} (== and !=)`, async (ctx, model) => {
      const all = await mustReadAll(ctx, model, subject);
      await everyFieldAndOperator(ctx, model, all, VEEAM_EQUALITY_OPERATORS);
    }),
    queryCheck(subject, 'filter-comparison', `A <, >, <= or >= filter on any field returns exactly ${whole}, enums compared by declaration order`, `${QUERY_REQUIREMENT} (<, >, <=, >=; enum values compare by declaration order)`, async (ctx, model) => {
      const all = await mustReadAll(ctx, model, subject);
      await everyFieldAndOperator(ctx, model, all, VEEAM_ORDERING_OPERATORS);
    }),
    queryCheck(subject, 'filter-and-or', `Filters joined with ; (AND) and , (OR) and grouped with parentheses return exactly ${whole}`, `${QUERY_REQUIREMENT} (; = AND, , = OR, parentheses group)`, async (ctx, model) => {
      const all = await mustReadAll(ctx, model, subject);
      await forAll({ ...ctx, runs: ctx.runs * 3 }, veeamCombination(atoms(model, all)), (text) => mustMatchOracle(ctx, model, all, text));
    }),
  ];
}

/** A filter that does not parse is the client's error: 4xx with an Error document, never a 5xx. */
const malformedFilter = check({
  id: 'veeam.query.malformed-filter',
  title: 'A malformed filter is answered with a 4xx status and an Error document, never a 5xx',
  operation: 'GET /api/query',
  requirement: `${QUERY_REQUIREMENT}; specs/veeam query_get 400 (a filter that does not parse); veeam-em.md · Errors`,
  needs: [],
  async run(ctx) {
    // BackupJobSession is queryable in every API version; the filter is malformed whatever the data.
    const model = queryModel(ctx, 'BackupJobSession');
    // A server without the optional query service answers every filter 404: that says nothing of its filters.
    await mustOfferQuery(ctx, model);
    const cases = fc.tuple(malformedVeeamFilter(model.fields), fc.constantFrom('xml' as const, 'json' as const));
    await forAll({ ...ctx, runs: Math.max(ctx.runs * 2, 6) }, cases, async ([filter, form]) => {
      const res = await ctx.veeam.get(queryPath(model.type.type, { filter }), { accept: form });
      // 401 and 403 speak of the session, not of the filter: the pass's session is valid.
      if (res.status < 400 || res.status >= 500 || res.status === 401 || res.status === 403) {
        fail(res, `a 4xx answer to the malformed filter ${filter} (400 documented), with an Error document`, `HTTP ${res.status} ${excerpt(res.text, 200)}`);
      }
      mustErrorDocument(res, form);
    });
  },
});

export const queryFilterChecks: VeeamCheck[] = [...QUERY_SUBJECTS.flatMap(subjectFilterChecks), malformedFilter];
