import { splitOutside } from './split.ts';
import { QueryError } from './types.ts';

/**
 * A parsed `fields=` value. `isDefault`: the parameter was empty (key fields only). `all`: `*` or `**`
 * was given (the suite knows no expensive fields, so both mean every field). `include`/`exclude`: the
 * expanded dotted paths, without `!`.
 */
export interface FieldSelection {
  isDefault: boolean;
  all: boolean;
  include: string[];
  exclude: string[];
}

const BRACES = { code: '262286', target: 'fields' };
const mismatched = (item: string) => new QueryError('262286', `Mismatched braces in fields "${item}".`, 'fields');

/** The index of the `}` closing the `{` at `open`, or -1. */
function closing(item: string, open: number): number {
  let depth = 0;
  for (let i = open; i < item.length; i++) {
    if (item[i] === '{') depth++;
    else if (item[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Expands braces: `a.{b,!c}` → ['a.b', '!a.c'], `a.{b.{c,d},e}` → ['a.b.c', 'a.b.d', 'a.e'], and text
 * after a group is appended to each member (`a.{b,c}.d` → ['a.b.d', 'a.c.d']). A `!` before the item or
 * before a member excludes the path (a `!` anywhere along it). Empty members are dropped.
 */
function expand(item: string): string[] {
  const open = item.indexOf('{');
  if (open < 0) {
    if (item.includes('}')) throw mismatched(item);
    return item === '' || item === '!' ? [] : [item];
  }
  const close = closing(item, open);
  if (close < 0) throw mismatched(item);
  const prefix = item.slice(0, open);
  const suffix = item.slice(close + 1);
  const negated = prefix.startsWith('!');
  const base = negated ? prefix.slice(1) : prefix;
  const members = splitOutside(item.slice(open + 1, close), ',', BRACES, false).map((member) => member.trim());
  return members.flatMap((member) => {
    const memberNegated = member.startsWith('!');
    const name = memberNegated ? member.slice(1) : member;
    if (name === '') return [];
    const path = `${base}${name}${suffix}`;
    return expand(negated || memberNegated ? `!${path}` : path);
  });
}

/**
 * Parses `fields=`: comma-separated items `a`, `a.b`, `*`, `**`, `!a.b`, `a.{b,c}`, `a.{b,!c}` (braces
 * nest). An empty (or blank) value is the default selection. Mismatched braces → {@link QueryError}
 * 262286, target `fields`. Items are trimmed; empty items are ignored.
 */
export function parseFields(raw: string): FieldSelection {
  const items = raw.trim() === '' ? [] : splitOutside(raw, ',', BRACES, false).map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) return { isDefault: true, all: false, include: [], exclude: [] };
  const paths = items.flatMap(expand);
  const star = (path: string) => path === '*' || path === '**';
  return {
    isDefault: false,
    all: paths.some(star),
    include: paths.filter((path) => !path.startsWith('!') && !star(path)),
    exclude: paths.filter((path) => path.startsWith('!')).map((path) => path.slice(1)),
  };
}

const under = (path: string, prefixes: readonly string[]) => prefixes.some((p) => path === p || path.startsWith(`${p}.`));

/**
 * The record as `fields=` selects it. Default selection: the key fields present, plus `_links`. Otherwise
 * the selected paths (an object path brings its whole subtree, a leaf comes nested in its parents) minus
 * the exclusions, always with the key fields and the record's top-level `_links` (neither can be excluded).
 * The record's own key order is kept; an object left with no selected member is dropped unless it was
 * selected itself. Arrays are leaves (never projected into). With `*` and no exclusions the record itself
 * is returned (no copy); otherwise the result is a new object sharing leaf values: treat both as read-only.
 */
export function projectRecord(record: Record<string, unknown>, selection: FieldSelection, opts: { keyFields: readonly string[] }): Record<string, unknown> {
  if (selection.all && selection.exclude.length === 0) return record;
  return walkProjection(record, '', projector(selection, opts.keyFields));
}

function walkProjection(value: Record<string, unknown>, prefix: string, p: Projector): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const isObject = item !== null && typeof item === 'object' && !Array.isArray(item);
    if (isObject && (p.keep(path) || p.holders.has(path))) {
      const inner = walkProjection(item as Record<string, unknown>, path, p);
      if (Object.keys(inner).length > 0 || p.keep(path)) out[key] = inner;
    } else if (!isObject && p.keep(path)) {
      out[key] = item;
    }
  }
  return out;
}

interface Projector {
  /** Whether the path is kept: forced (`_links`, key fields) or selected and not excluded. */
  keep(path: string): boolean;
  /** Objects that may hold kept paths even when not kept themselves: every parent of a key or included path. */
  holders: ReadonlySet<string>;
}

// What a selection keeps, worked out once per selection and key fields rather than for every record of a page.
const PROJECTORS = new WeakMap<FieldSelection, Map<string, Projector>>();

function projector(selection: FieldSelection, keyFields: readonly string[]): Projector {
  let byKeys = PROJECTORS.get(selection);
  if (!byKeys) PROJECTORS.set(selection, (byKeys = new Map()));
  const name = keyFields.join(',');
  let made = byKeys.get(name);
  if (made) return made;
  const forced = (path: string) => path === '_links' || path.startsWith('_links.') || under(path, keyFields);
  const selected = (path: string) => !selection.isDefault && (selection.all || under(path, selection.include)) && !under(path, selection.exclude);
  const kept = new Map<string, boolean>();
  const keep = (path: string) => {
    let answer = kept.get(path);
    if (answer === undefined) {
      answer = forced(path) || selected(path);
      if (kept.size < 10_000) kept.set(path, answer);
    }
    return answer;
  };
  const holders = new Set<string>();
  for (const path of [...keyFields, ...selection.include]) {
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) holders.add(parts.slice(0, i).join('.'));
  }
  made = { keep, holders };
  byKeys.set(name, made);
  return made;
}

/**
 * Requested paths (included or excluded, in request order) that name neither a known field nor an object
 * prefix of one: with known `data.state`, `data` is known. `_links` is always known. The caller rejects
 * them with 262197, target `fields`, unless `ignore_unknown_fields=true`.
 */
export function unknownFields(selection: FieldSelection, knownPaths: readonly string[]): string[] {
  const known = new Set<string>(['_links']);
  for (const path of knownPaths) {
    const parts = path.split('.');
    for (let i = 1; i <= parts.length; i++) known.add(parts.slice(0, i).join('.'));
  }
  return [...selection.include, ...selection.exclude].filter((path) => !known.has(path) && !path.startsWith('_links.'));
}
