import { compareValues } from './compare.ts';
import { getPath } from './path.ts';
import { QueryError, type FieldInfo, type MatchOptions } from './types.ts';

/** One `order_by` key: a field path and its direction. */
export interface OrderKey {
  field: string;
  direction: 'asc' | 'desc';
}

const unsupported = (message: string) => new QueryError('262268', message, 'order_by');

/**
 * Parses `order_by=field [asc|desc][,...]`. The separator between field and direction may be spaces
 * (a decoded `+` or `%20`) or a literal `+`; the direction is case-insensitive and defaults to `asc`.
 * An unknown, array-valued or non-sortable (`sortable: false`) field, an empty item, or a direction
 * other than asc/desc → {@link QueryError} 262268, target `order_by`.
 */
export function parseOrderBy(raw: string, fields: readonly FieldInfo[]): OrderKey[] {
  return raw.split(',').map((item) => {
    const [name = '', direction = 'asc', ...rest] = item.trim().split(/[\s+]+/).filter(Boolean);
    const field = fields.find((f) => f.path === name);
    if (!field || field.array || field.sortable === false) throw unsupported(`The field "${name}" is not supported for order_by`);
    const dir = direction.toLowerCase();
    if ((dir !== 'asc' && dir !== 'desc') || rest.length > 0) {
      throw unsupported(`The direction "${[direction, ...rest].join(' ')}" of field "${name}" is not supported for order_by (asc or desc)`);
    }
    return { field: name, direction: dir };
  });
}

const fieldOf = (key: OrderKey, fields: readonly FieldInfo[]): FieldInfo =>
  fields.find((f) => f.path === key.field) ?? { path: key.field, type: 'string', array: false };

/**
 * Compares two values of one sort key. Unset values (absent or null) sort after set ones in ascending
 * order and before them in descending order, i.e. descending is exactly ascending reversed: the docs are
 * silent, so conformance checks only judge the order of set values.
 */
function compareKey(x: unknown, y: unknown, key: OrderKey, field: FieldInfo, opts: MatchOptions): number {
  const xUnset = x === undefined || x === null;
  const yUnset = y === undefined || y === null;
  const order = xUnset && yUnset ? 0 : xUnset ? 1 : yUnset ? -1 : compareValues(x, y, field, opts);
  return key.direction === 'desc' ? -order : order;
}

/** Compares two records by the keys, in order (negative: `a` first); fields missing from `opts.fields` order as strings. */
export function compareRecords(a: unknown, b: unknown, keys: readonly OrderKey[], opts: MatchOptions & { fields: readonly FieldInfo[] }): number {
  for (const key of keys) {
    const order = compareKey(getPath(a, key.field), getPath(b, key.field), key, fieldOf(key, opts.fields), opts);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * A stable sort by the keys into a new array: integers numerically, strings and enums by code unit after
 * the case folding of `opts`, unset values last ascending and first descending. Each record's sort values
 * are read once, not at every comparison.
 */
export function sortRecords<T>(records: readonly T[], keys: readonly OrderKey[], opts: MatchOptions & { fields: readonly FieldInfo[] }): T[] {
  const fields = keys.map((key) => fieldOf(key, opts.fields));
  const decorated = records.map((record, index) => ({ record, index, values: keys.map((key) => getPath(record, key.field)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compareKey(a.values[i], b.values[i], keys[i]!, fields[i]!, opts);
      if (order !== 0) return order;
    }
    return a.index - b.index;
  });
  return decorated.map((entry) => entry.record);
}

/** Whether records are in the keys' order, as {@link sortRecords} defines it (ties in any order). */
export function isSorted(records: readonly unknown[], keys: readonly OrderKey[], opts: MatchOptions & { fields: readonly FieldInfo[] }): boolean {
  for (let i = 1; i < records.length; i++) {
    if (compareRecords(records[i - 1], records[i], keys, opts) > 0) return false;
  }
  return true;
}
