import type { FieldInfo, MatchOptions } from './types.ts';

/** Orders two scalar values of a field: integers numerically, strings and enums by code unit (case folded unless case-sensitive). */
export function compareValues(a: unknown, b: unknown, field: Pick<FieldInfo, 'type'>, opts: MatchOptions): number {
  if (field.type === 'integer') {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  let x = String(a);
  let y = String(b);
  if (field.type === 'boolean' || !opts.caseSensitive) {
    x = x.toLowerCase();
    y = y.toLowerCase();
  }
  return x < y ? -1 : x > y ? 1 : 0;
}
