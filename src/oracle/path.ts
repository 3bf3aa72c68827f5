/**
 * The value at a dotted path (`data.connection.port`), or undefined when any step is missing.
 * Only own properties count (`constructor` or `__proto__` are never found), and arrays are not
 * walked into (`authentication_types.0` is undefined).
 */
export function getPath(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
