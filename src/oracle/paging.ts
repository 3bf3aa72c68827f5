import { QueryError } from './types.ts';

/**
 * One page of `records`: at most `maxRecords` (undefined: no limit) starting at `offset` (negative counts
 * as 0), and whether records follow the page. `maxRecords = 0` gives an empty page with `more` true when
 * anything is left: callers that build `next` links decide whether to offer one.
 */
export function paginate<T>(records: readonly T[], maxRecords: number | undefined, offset = 0): { page: T[]; more: boolean } {
  const from = Math.max(0, offset);
  const end = maxRecords === undefined ? records.length : Math.min(records.length, from + Math.max(0, maxRecords));
  return { page: records.slice(from, end), more: end < records.length };
}

/**
 * Validates the reserved parameters' values (ontap-rest.md · Collection GET), the first value of each:
 * `max_records` a non-negative integer, `return_records` exactly `true` or `false`, `return_timeout` an
 * integer 0..120. Otherwise {@link QueryError} 262197 with the parameter as target, e.g.
 * `The value "600" is invalid for field "return_timeout" (<0..120>)`. Absent parameters are fine.
 */
export function validateReservedParams(query: URLSearchParams): void {
  const check = (name: string, ok: (value: string) => boolean, range = '') => {
    const value = query.get(name);
    if (value !== null && !ok(value)) {
      throw new QueryError('262197', `The value "${value}" is invalid for field "${name}"${range ? ` (${range})` : ''}`, name);
    }
  };
  check('max_records', (v) => /^\d+$/.test(v));
  check('return_records', (v) => v === 'true' || v === 'false');
  check('return_timeout', (v) => /^-?\d+$/.test(v) && Number(v) >= 0 && Number(v) <= 120, '<0..120>');
}
