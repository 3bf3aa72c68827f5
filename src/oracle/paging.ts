import { QueryError } from './types.ts';

/** One page of `records`: at most `maxRecords` from `offset`, and whether more follow. */
export function paginate<T>(records: readonly T[], maxRecords: number | undefined, offset = 0): { page: T[]; more: boolean } {
  const end = maxRecords === undefined ? records.length : Math.min(records.length, offset + maxRecords);
  return { page: records.slice(offset, end), more: end < records.length };
}

/** Validates the reserved parameters' values (ontap-rest.md · Collection GET): 262197 with the parameter as target. */
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
