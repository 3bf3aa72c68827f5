import { getPath } from './path.ts';
import { splitOutside } from './split.ts';
import { QueryError } from './types.ts';

/** A parsed `fields=` value. `all` is `*` or `**` (the emulator has no expensive fields, so both mean all). */
export interface FieldSelection {
  isDefault: boolean;
  all: boolean;
  include: string[];
  exclude: string[];
}

/** `a.{b,!c}` → ['a.b', '!a.c'], recursively; mismatched braces → 262286 (ontap-rest.md · Errors). */
function expand(item: string): string[] {
  const open = item.indexOf('{');
  if (open < 0) {
    if (item.includes('}')) throw new QueryError('262286', `Mismatched braces in fields "${item}".`, 'fields');
    return [item];
  }
  if (!item.endsWith('}')) throw new QueryError('262286', `Mismatched braces in fields "${item}".`, 'fields');
  const prefix = item.slice(0, open);
  const negated = prefix.startsWith('!');
  const base = negated ? prefix.slice(1) : prefix;
  return splitOutside(item.slice(open + 1, -1), ',', '262286', 'fields').flatMap(expand).map((child) => {
    const childNegated = child.startsWith('!');
    const path = `${base}${childNegated ? child.slice(1) : child}`;
    return negated !== childNegated ? `!${path}` : path;
  });
}

/** Parses `fields=`: items `a`, `a.b`, `*`, `**`, `!a.b`, `a.{b,c}`; an empty value is the default selection. */
export function parseFields(raw: string): FieldSelection {
  const items = raw.trim() === '' ? [] : splitOutside(raw, ',', '262286', 'fields').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) return { isDefault: true, all: false, include: [], exclude: [] };
  const paths = items.flatMap(expand);
  return {
    isDefault: false,
    all: paths.some((path) => path === '*' || path === '**'),
    include: paths.filter((path) => !path.startsWith('!') && path !== '*' && path !== '**'),
    exclude: paths.filter((path) => path.startsWith('!')).map((path) => path.slice(1)),
  };
}

const under = (path: string, prefixes: readonly string[]) => prefixes.some((p) => path === p || path.startsWith(`${p}.`));

/**
 * The record as `fields=` selects it. Default selection: key fields and `_links` only. Otherwise the selected
 * paths (an object path brings its whole subtree) minus exclusions, always with the key fields and `_links`
 * (keys are never excluded). The record's own key order is kept. The result shares values with the record:
 * treat both as read-only.
 */
export function projectRecord(record: Record<string, unknown>, selection: FieldSelection, opts: { keyFields: readonly string[] }): Record<string, unknown> {
  // `*` without exclusions is the record itself; answers are only serialised, never mutated.
  if (selection.all && selection.exclude.length === 0) return record;
  const keep = (path: string): boolean => {
    if (path === '_links' || path.startsWith('_links.')) return true;
    if (under(path, opts.keyFields)) return true;
    if (selection.isDefault) return false;
    return (selection.all || under(path, selection.include)) && !under(path, selection.exclude);
  };
  // Objects that may hold kept paths even when not kept themselves: every parent of a key or included path.
  const holders = new Set<string>();
  for (const path of [...opts.keyFields, ...selection.include]) {
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) holders.add(parts.slice(0, i).join('.'));
  }
  const walk = (value: Record<string, unknown>, prefix: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const isObject = item !== null && typeof item === 'object' && !Array.isArray(item);
      if (isObject && (keep(path) || holders.has(path))) {
        const inner = walk(item as Record<string, unknown>, path);
        if (Object.keys(inner).length > 0) out[key] = inner;
      } else if (!isObject && keep(path)) {
        out[key] = item;
      }
    }
    return out;
  };
  return walk(record, '');
}

/** Requested paths (included or excluded) that name no known field or object prefix. */
export function unknownFields(selection: FieldSelection, knownPaths: readonly string[]): string[] {
  const known = new Set(knownPaths);
  return [...selection.include, ...selection.exclude].filter((path) => !known.has(path) && path !== '_links' && !path.startsWith('_links.'));
}

export { getPath };
