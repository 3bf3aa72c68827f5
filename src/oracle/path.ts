/**
 * The value at a dotted path (`data.connection.port`), or undefined when any step is missing.
 * Only own properties count (`constructor` or `__proto__` are never found), and arrays are not
 * walked into (`authentication_types.0` is undefined).
 */
export function getPath(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const part of steps(path)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

// Paths are few and read for every record of a collection: each one is split once.
const STEPS = new Map<string, readonly string[]>();
const STEPS_KEPT = 4096;

function steps(path: string): readonly string[] {
  let parts = STEPS.get(path);
  if (!parts) {
    if (STEPS.size >= STEPS_KEPT) STEPS.clear();
    parts = path.split('.');
    STEPS.set(path, parts);
  }
  return parts;
}
