import type { FieldInfo, MatchOptions } from './types.ts';

const INTEGER = /^-?\d+$/;

/** Numeric order of two integer values; integers beyond 2^53 are compared exactly (BigInt). */
function compareIntegers(a: unknown, b: unknown): number | undefined {
  const m = typeof a === 'number' ? a : typeof a === 'string' && a !== '' ? Number(a) : NaN;
  const n = typeof b === 'number' ? b : typeof b === 'string' && b !== '' ? Number(b) : NaN;
  if (Number.isSafeInteger(m) && Number.isSafeInteger(n)) return m < n ? -1 : m > n ? 1 : 0;
  const x = String(a);
  const y = String(b);
  if (!INTEGER.test(x) || !INTEGER.test(y)) return undefined;
  const [p, q] = [BigInt(x), BigInt(y)];
  return p < q ? -1 : p > q ? 1 : 0;
}

/** Folds a string for comparison: lower case unless matching is case-sensitive (booleans always fold). */
export function fold(text: string, field: Pick<FieldInfo, 'type'>, opts: MatchOptions): string {
  return field.type === 'boolean' || !opts.caseSensitive ? text.toLowerCase() : text;
}

/**
 * Orders two scalar values of a field: integers numerically, strings, enums and booleans by UTF-16
 * code unit after the case folding of `opts` (see {@link fold}). An integer field holding a value that
 * is not an integer (a malformed record) falls back to text order rather than pretending equality.
 */
export function compareValues(a: unknown, b: unknown, field: Pick<FieldInfo, 'type'>, opts: MatchOptions): number {
  if (field.type === 'integer') {
    const order = compareIntegers(a, b);
    if (order !== undefined) return order;
  }
  const x = fold(String(a), field, opts);
  const y = fold(String(b), field, opts);
  return x < y ? -1 : x > y ? 1 : 0;
}
