import { compareValues } from './compare.ts';
import { getPath } from './path.ts';
import { QueryError, type FieldInfo, type MatchOptions } from './types.ts';

export interface OrderKey {
  field: string;
  direction: 'asc' | 'desc';
}

/** Parses `order_by=field [asc|desc][,...]`; unknown, array-valued or non-sortable fields → 262268. */
export function parseOrderBy(raw: string, fields: readonly FieldInfo[]): OrderKey[] {
  return raw.split(',').map((item) => {
    const [name = '', direction = 'asc', ...rest] = item.trim().split(/\s+/);
    const field = fields.find((f) => f.path === name);
    const dir = direction.toLowerCase();
    if (!field || field.array || field.sortable === false || rest.length > 0 || (dir !== 'asc' && dir !== 'desc')) {
      throw new QueryError('262268', `The field "${item.trim()}" is not supported for order_by.`, 'order_by');
    }
    return { field: name, direction: dir };
  });
}

/**
 * Compares two records by the keys. Unset values sort after set ones in ascending order (first in descending):
 * the docs are silent, so conformance checks only judge the order of set values.
 */
export function compareRecords(a: unknown, b: unknown, keys: readonly OrderKey[], opts: MatchOptions & { fields: readonly FieldInfo[] }): number {
  for (const key of keys) {
    const field = opts.fields.find((f) => f.path === key.field) ?? { path: key.field, type: 'string' as const, array: false };
    const x = getPath(a, key.field);
    const y = getPath(b, key.field);
    const xUnset = x === undefined || x === null;
    const yUnset = y === undefined || y === null;
    let order = xUnset && yUnset ? 0 : xUnset ? 1 : yUnset ? -1 : compareValues(x, y, field, opts);
    if (key.direction === 'desc') order = -order;
    if (order !== 0) return order;
  }
  return 0;
}

/** A stable sort by the keys. */
export function sortRecords<T>(records: readonly T[], keys: readonly OrderKey[], opts: MatchOptions & { fields: readonly FieldInfo[] }): T[] {
  return [...records].sort((a, b) => compareRecords(a, b, keys, opts));
}

/** Whether records are in the keys' order (ties in any order). */
export function isSorted(records: readonly unknown[], keys: readonly OrderKey[], opts: MatchOptions & { fields: readonly FieldInfo[] }): boolean {
  for (let i = 1; i < records.length; i++) {
    if (compareRecords(records[i - 1], records[i], keys, opts) > 0) return false;
  }
  return true;
}
