import { fail } from '../../../src/checks/veeam-expect.ts';
import { NotApplicable, type VeeamCheck, type VeeamCheckContext } from '../../../src/checks/veeam-model.ts';
import { parseVeeamDateTime } from '../../../src/oracle/veeam-query.ts';
import type { VeeamQueryField } from '../../../src/spec/veeam/index.ts';
import { mustReadAll, QUERY_REQUIREMENT, queryCheck } from './define.ts';
import { precisionMs, readable, STRING_ORDERS } from './judge.ts';
import { QUERY_SUBJECTS, type QueryModel, type QuerySubject } from './model.ts';
import { readAllRecords, readQuery, type Item } from './read.ts';

export type Direction = 'asc' | 'desc';

/**
 * The orders a sorted answer may follow for one field: one for enums (declaration order), numbers, booleans
 * (false first) and date-times (a difference below the shown precision is a tie); several for strings, whose
 * order the reference does not define (code units with or without case, common collations). UIDs have none
 * the reference defines: they are not judged.
 */
function ordersOf(model: QueryModel, field: VeeamQueryField): Array<(a: string, b: string) => number> {
  const kind = model.table[field.name]!;
  switch (kind.kind) {
    case 'enum': {
      const index = (value: string) => kind.values.findIndex((candidate) => candidate.toLowerCase() === value.toLowerCase());
      return [(a, b) => index(a) - index(b)];
    }
    case 'long':
      return [(a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0)];
    case 'boolean':
      return [(a, b) => Number(a.toLowerCase() === 'true') - Number(b.toLowerCase() === 'true')];
    case 'dateTime':
      return [(a, b) => {
        const diff = parseVeeamDateTime(a)! - parseVeeamDateTime(b)!;
        return Math.abs(diff) < Math.max(precisionMs(a), precisionMs(b)) ? 0 : diff;
      }];
    default:
      return [...STRING_ORDERS];
  }
}

/** The fields a sort is judged on: every field a representation carries, except UIDs. */
export const sortableFields = (model: QueryModel) => model.fields.filter((field) => field.type !== 'uid');

/**
 * Undefined when `items` are in `direction` order of `field` among the records where it is set (ties in any
 * order), else the first pair out of order. Records with an enum value of undocumented place, or a value the
 * entity shows against the representation's rules, are left out.
 */
export function sortViolation(model: QueryModel, field: VeeamQueryField, items: readonly Item[], direction: Direction): string | undefined {
  const open = model.unordered.get(field.name) ?? new Set<string>();
  const set = items.filter((item) => {
    const raw = item.values[field.name];
    return raw !== undefined && !item.open.has(field.name) && readable(model, field.name, raw) && !open.has(raw.toLowerCase());
  });
  const sign = direction === 'asc' ? 1 : -1;
  let first: string | undefined;
  for (const order of ordersOf(model, field)) {
    const at = set.findIndex((item, i) => i > 0 && order(set[i - 1]!.values[field.name]!, item.values[field.name]!) * sign > 0);
    if (at < 0) return undefined;
    first ??= `${set[at - 1]!.id} (${field.name}=${set[at - 1]!.values[field.name]}) is listed before ${set[at]!.id} (${field.name}=${set[at]!.values[field.name]})`;
  }
  return first;
}

/**
 * Undefined when `listed` holds every record of the snapshot once and nothing else; on a difference the
 * collection is read again and only what is in neither (extra) or in both reads (missing) counts.
 */
export async function sameRecords(ctx: VeeamCheckContext, model: QueryModel, listed: readonly string[], snapshot: readonly Item[]): Promise<string | undefined> {
  const compare = (reads: ReadonlyArray<readonly Item[]>) => {
    const counts = new Map<string, number>();
    for (const id of listed) counts.set(id, (counts.get(id) ?? 0) + 1);
    const sets = reads.map((read) => new Set(read.map((item) => item.id)));
    const missing = [...sets[0]!].filter((id) => sets.every((set) => set.has(id)) && !counts.has(id));
    const extra = [...counts.keys()].filter((id) => sets.every((set) => !set.has(id)));
    const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    const list = (ids: string[]) => ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` (+${ids.length - 5})` : '');
    const problems = [missing.length ? `missing ${missing.length}: ${list(missing)}` : '', extra.length ? `extra ${extra.length}: ${list(extra)}` : '', repeated.length ? `listed twice: ${list(repeated)}` : ''];
    return problems.filter(Boolean).join('; ') || undefined;
  };
  if (!compare([snapshot])) return undefined;
  return compare([snapshot, await readAllRecords(ctx, model)]);
}

async function mustBeSorted(ctx: VeeamCheckContext, model: QueryModel, field: VeeamQueryField, direction: Direction, unsorted: Item[]): Promise<void> {
  const param = direction === 'asc' ? 'sortAsc' : 'sortDesc';
  const read = async () => (await readQuery(ctx, model, { [param]: field.name }, { entities: true }))!;
  let answer = await read();
  // A value may change between the pages of a live server: a violation must show twice.
  if (sortViolation(model, field, answer.items, direction)) answer = await read();
  const res = answer.pages[0]!.res;
  const violation = sortViolation(model, field, answer.items, direction);
  if (violation) fail(res, `the ${model.type.type} records in ${direction === 'asc' ? 'ascending' : 'descending'} order of ${field.name} where it is set${field.type === 'enum' ? ' (declaration order)' : ''}`, violation);
  const difference = await sameRecords(ctx, model, answer.items.map((item) => item.id), unsorted);
  if (difference) fail(res, `the same ${unsorted.length} records as without ${param}, each once`, difference);
}

function sortCheck(subject: QuerySubject, direction: Direction): VeeamCheck {
  const [param, word] = direction === 'asc' ? ['sortAsc', 'ascending'] : ['sortDesc', 'descending'];
  return queryCheck(subject, `sort-${word}`, `${param}=<field> lists the ${subject.what} in ${word} order of the field (enums by declaration order), on every field`, `${QUERY_REQUIREMENT} (${param}; enum values compare by declaration order)`, async (ctx, model) => {
    const unsorted = await mustReadAll(ctx, model, subject);
    if (unsorted.length === 0) throw new NotApplicable(`the query service lists no ${subject.what} to sort`);
    for (const field of sortableFields(model)) await mustBeSorted(ctx, model, field, direction, unsorted);
  });
}

export const querySortChecks: VeeamCheck[] = QUERY_SUBJECTS.flatMap((subject) => [sortCheck(subject, 'asc'), sortCheck(subject, 'desc')]);
