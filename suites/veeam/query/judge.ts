import { matchesVeeamFilter, parseVeeamDateTime, type VeeamFilter, type VeeamOperator } from '../../../src/oracle/veeam-query.ts';
import type { QueryModel } from './model.ts';
import type { Item } from './read.ts';

/**
 * The oracle's verdict on one record, with the readings the reference leaves open: a record is `unknown` (a
 * conformant server may list it or not) when the readings disagree. The oracle (src/oracle/veeam-query.ts)
 * decides the documented part; what it decides on its own is widened here:
 * - strings: equality with and without case; order by code units with and without case, and by common collations;
 * - UIDs: any order (a server may order GUIDs as SQL Server does); only equality with the bound is certain;
 * - date-times: the stored value may be finer than the text shows, so one unit of the shown precision is a tie;
 *   a field without UTC in its name (BackupJobSession's CreationTime, EndTime) may compare in the server's
 *   time zone, so records within 14 hours of the bound are open;
 * - an absent value: false for `==`, unknown for every other operator (SQL and .NET differ); a value read from a
 *   link is unknown when absent, since a link need not carry its Name (spec: link-attributes);
 * - enum values whose place in the declaration order is undocumented (None), or not declared at all: unknown
 *   for `<` `>` `<=` `>=`; values a field's type cannot read: unknown for everything;
 * - values the entity shows against the representation's rules (Item.open): unknown for everything.
 */
export type Verdict = boolean | 'unknown';

const codeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const COLLATORS = [
  new Intl.Collator('en', { sensitivity: 'variant' }),
  new Intl.Collator('en', { sensitivity: 'base' }),
  new Intl.Collator('en', { sensitivity: 'base', ignorePunctuation: true }),
];

/** The orders of strings a server may use: `<` on strings and sorting are not defined further by the reference. */
export const STRING_ORDERS: ReadonlyArray<(a: string, b: string) => number> = [
  codeUnits,
  (a, b) => codeUnits(a.toLowerCase(), b.toLowerCase()),
  ...COLLATORS.map((collator) => (a: string, b: string) => collator.compare(a, b)),
];

/** Date-time fields named without UTC may be compared in the server's zone: at most 14 hours off (UTC+14). */
const zoneSlackMs = (field: string) => (/utc$/i.test(field) ? 0 : 14 * 3600_000);

export const isOrdering = (op: VeeamOperator) => op !== '==' && op !== '!=';
const holds = (order: number, op: VeeamOperator) => ({ '==': order === 0, '!=': order !== 0, '<': order < 0, '>': order > 0, '<=': order <= 0, '>=': order >= 0 })[op];

/** One unit of the precision a date-time is written with, in ms: 1000 without a fraction, 1 from three digits on. */
export function precisionMs(text: string): number {
  const digits = /T\d{2}:\d{2}(?::\d{2})?\.(\d+)/.exec(text)?.[1]?.length ?? 0;
  return digits >= 3 ? 1 : 10 ** (3 - digits);
}

/** Whether the text reads as a value of the field's kind (an enum value must be declared). */
export function readable(model: QueryModel, field: string, raw: string): boolean {
  const kind = model.table[field]!;
  switch (kind.kind) {
    case 'dateTime':
      return parseVeeamDateTime(raw) !== undefined;
    case 'long':
      return /^[+-]?\d+$/.test(raw.trim());
    case 'boolean':
      return /^(true|false)$/i.test(raw.trim());
    case 'enum':
      return kind.values.some((value) => value.toLowerCase() === raw.toLowerCase());
    default:
      return true;
  }
}

function judgeComparison(model: QueryModel, cmp: Extract<VeeamFilter, { kind: 'cmp' }>, record: Item): Verdict {
  const raw = record.values[cmp.field];
  const field = model.fields.find((candidate) => candidate.name === cmp.field)!;
  const kind = model.table[cmp.field]!;
  const readings = [true, false].map((caseSensitive) => matchesVeeamFilter(cmp, record.values, model.table, { caseSensitive }));
  if (cmp.literal.kind === 'null') return readings[0]!;
  if (record.open.has(cmp.field)) return 'unknown';
  if (raw === undefined) return cmp.op === '==' && !(field.source && 'link' in field.source) ? false : 'unknown';
  if (!readable(model, cmp.field, raw)) return 'unknown';
  const ordering = isOrdering(cmp.op);
  const literal = cmp.literal.value;
  if (kind.kind === 'enum' && ordering) {
    const open = model.unordered.get(cmp.field) ?? new Set();
    if (open.has(raw.toLowerCase()) || open.has(String(kind.values[Number(literal)]).toLowerCase())) return 'unknown';
  }
  if (kind.kind === 'dateTime' && Math.abs(parseVeeamDateTime(raw)! - Number(literal)) < precisionMs(raw) + zoneSlackMs(cmp.field)) return 'unknown';
  if (ordering && field.type === 'uid') return raw.toLowerCase() === String(literal).toLowerCase() ? cmp.op === '<=' || cmp.op === '>=' : 'unknown';
  if (ordering && field.type === 'string') readings.push(...STRING_ORDERS.map((order) => holds(order(raw, String(literal)), cmp.op)));
  return readings.every((reading) => reading === readings[0]) ? readings[0]! : 'unknown';
}

/** Three-valued AND / OR: a certain false (AND) or true (OR) decides; otherwise an unknown part leaves it open. */
export function judge(model: QueryModel, filter: VeeamFilter, record: Item): Verdict {
  if (filter.kind === 'cmp') return judgeComparison(model, filter, record);
  const verdicts = filter.items.map((item) => judge(model, item, record));
  const decisive = filter.kind === 'and' ? false : true;
  if (verdicts.includes(decisive)) return decisive;
  return verdicts.includes('unknown') ? 'unknown' : !decisive;
}

/** The fields a filter compares. */
export function fieldsOf(filter: VeeamFilter): string[] {
  return filter.kind === 'cmp' ? [filter.field] : [...new Set(filter.items.flatMap(fieldsOf))];
}

export interface Expectation {
  include: Set<string>;
  exclude: Set<string>;
  /** Records any answer may list or not: open readings, records that moved or came and went between snapshots. */
  open: Set<string>;
}

/**
 * The oracle's answer over snapshots of the whole collection (read before and after the filtered request):
 * a record counts only where every snapshot has it with the same values of the compared fields.
 */
export function expectAnswer(model: QueryModel, filter: VeeamFilter, snapshots: readonly Item[][]): Expectation {
  const compared = fieldsOf(filter);
  const maps = snapshots.map((snapshot) => new Map(snapshot.map((item) => [item.id, item])));
  const expectation: Expectation = { include: new Set(), exclude: new Set(), open: new Set() };
  for (const id of new Set(snapshots.flatMap((snapshot) => snapshot.map((item) => item.id)))) {
    const seen = maps.map((map) => map.get(id));
    const first = seen[0];
    const stable = first !== undefined && seen.every((item) => item !== undefined && compared.every((name) => item.values[name] === first.values[name]));
    const verdict = stable ? judge(model, filter, first) : 'unknown';
    (verdict === 'unknown' ? expectation.open : verdict ? expectation.include : expectation.exclude).add(id);
  }
  return expectation;
}

export interface AnswerDiff {
  missing: string[];
  extra: string[];
  duplicates: string[];
}

/** Undefined when the answer fits: every certain record listed, nothing certain-excluded or unknown to the oracle, no repeats. */
export function compareAnswer(answer: readonly string[], expected: Expectation, checkDuplicates: boolean): AnswerDiff | undefined {
  const seen = new Set<string>();
  const duplicates = checkDuplicates ? answer.filter((id) => (seen.has(id) ? true : (seen.add(id), false))) : [];
  for (const id of answer) seen.add(id);
  const missing = [...expected.include].filter((id) => !seen.has(id));
  const extra = [...seen].filter((id) => !expected.include.has(id) && !expected.open.has(id));
  return missing.length || extra.length || duplicates.length ? { missing, extra, duplicates } : undefined;
}
