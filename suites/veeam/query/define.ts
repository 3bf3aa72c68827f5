import { fail } from '../../../src/checks/veeam-expect.ts';
import type { VeeamCheck, VeeamCheckContext } from '../../../src/checks/veeam-model.ts';
import { queryModel, type QueryModel, type QuerySubject } from './model.ts';
import { readAllRecords, readReferences, type Item } from './read.ts';

export const QUERY_REQUIREMENT = 'veeam-em.md · Query service';

export const check = (c: Omit<VeeamCheck, 'api'>): VeeamCheck => ({ api: 'veeam', ...c });

/** A check of one query type: id `veeam.query.<slug>.<rule>`, run with the type's model. */
export function queryCheck(subject: QuerySubject, rule: string, title: string, requirement: string, run: (ctx: VeeamCheckContext, model: QueryModel) => Promise<void>): VeeamCheck {
  return check({
    id: `veeam.query.${subject.slug}.${rule}`,
    title,
    operation: `GET /api/query?type=${subject.type}`,
    requirement,
    needs: subject.needs,
    run: (ctx) => run(ctx, queryModel(ctx, subject.type)),
  });
}

/**
 * Every record of the type through the query service (entity form, every page), as a check's first request to
 * it (a server without the optional service is a skip). The check's gate saw sessions in the collection: an
 * empty answer is a query service that does not find them.
 */
export async function mustReadAll(ctx: VeeamCheckContext, model: QueryModel, subject: QuerySubject): Promise<Item[]> {
  const all = await readAllRecords(ctx, model, {}, true);
  if (all.length > 0) return all;
  const { res, items } = await readReferences(ctx, subject.collection);
  if (items.length > 0) fail(res, `the query service (type=${subject.type}) to find the ${items.length} ${subject.what} ${subject.collection} lists`, 'an empty QueryResult');
  return all;
}

/** `id (Field=value, …)` for a failure message: the values the rule was about. */
export function describeItems(ids: readonly string[], byId: ReadonlyMap<string, Item>, fields: readonly string[], max = 5): string {
  const shown = ids.slice(0, max).map((id) => {
    const values = fields.map((name) => `${name}=${byId.get(id)?.values[name] ?? '(absent)'}`);
    return byId.has(id) && values.length ? `${id} (${values.join(', ')})` : id;
  });
  return shown.join('; ') + (ids.length > max ? ` (+${ids.length - max})` : '');
}
