import { fold, getPath, matchesFilter, sortRecords, type FieldInfo, type FilterExpr, type MatchOptions, type OrderKey } from '../../oracle/index.ts';

type Json = Record<string, unknown>;

/**
 * Collections smaller than this are filtered and sorted by the oracle directly, as they always were: indexes and
 * caches pay off only on large datasets (`--sessions 100000`).
 */
export const INDEXED_FROM = 1000;

/** Query answers kept per collection array: a walk of `_links.next` asks the same query once per page. */
const RESULTS_KEPT = 8;

/** The records a query selects, in answer order, and where each one stands (for `start.` keys of next links). */
export interface QueryResult {
  records: Json[];
  /** Built on the first `start.` lookup: record → its position in `records`. */
  positions?: Map<Json, number>;
}

/** Indexes and answers over one rendered collection array; they live as long as the array does. */
interface ArrayIndex {
  /** field path → equality key → ascending positions in the array. */
  equality: Map<string, Map<unknown, number[]>>;
  /** order_by keys → the array stably sorted by them. */
  sorted: Map<string, Json[]>;
  /** `start.` key values → the records carrying them, in array order. */
  starts?: { keys: string; byValues: Map<string, Json[]> };
  results: Map<string, QueryResult>;
}

// Keyed by the array itself: the emulator renders a new array whenever the data or the NDMP mode change, so an
// index never outlives the records it describes.
const indexes = new WeakMap<readonly Json[], ArrayIndex>();

function indexOf(all: readonly Json[]): ArrayIndex {
  let index = indexes.get(all);
  if (!index) {
    index = { equality: new Map(), sorted: new Map(), results: new Map() };
    indexes.set(all, index);
  }
  return index;
}

/**
 * The key under which the oracle's equality puts a scalar value: integers by their number (the oracle compares
 * them numerically, `007` = `7`), everything else by its folded text. Undefined: the value is not indexed (an
 * integer the oracle would not read as a safe number), so equality terms on such values are never narrowed.
 */
function equalityKey(value: unknown, field: FieldInfo, opts: MatchOptions): unknown {
  if (field.type === 'integer') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : Number.NaN;
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return fold(String(value), field, opts);
}

function equalityIndex(all: readonly Json[], index: ArrayIndex, field: FieldInfo, opts: MatchOptions): Map<unknown, number[]> {
  const name = `${field.path}/${field.type}/${opts.caseSensitive}`;
  let byKey = index.equality.get(name);
  if (byKey) return byKey;
  byKey = new Map();
  for (let i = 0; i < all.length; i++) {
    const value = getPath(all[i], field.path);
    if (value === undefined || value === null) continue;
    // Arrays match when any element does (oracle termMatches): each scalar element is indexed.
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || typeof item === 'object') continue;
      const key = equalityKey(item, field, opts);
      if (key === undefined) continue;
      const positions = byKey.get(key);
      if (!positions) byKey.set(key, [i]);
      else if (positions[positions.length - 1] !== i) positions.push(i);
    }
  }
  index.equality.set(name, byKey);
  return byKey;
}

/**
 * The positions an expression can match, when an index can tell: every alternative a plain (not negated)
 * equality. A superset of the matches is enough: the caller checks each candidate with the oracle.
 */
function candidates(all: readonly Json[], index: ArrayIndex, expr: FilterExpr, opts: MatchOptions): number[] | undefined {
  const keys: unknown[] = [];
  for (const term of expr.alternatives) {
    if (term.kind !== 'equal' || term.negated) return undefined;
    const key = equalityKey(term.value, expr.field, opts);
    if (key === undefined) return undefined;
    keys.push(key);
  }
  const byKey = equalityIndex(all, index, expr.field, opts);
  const lists = keys.map((key) => byKey.get(key) ?? []);
  if (lists.length === 1) return lists[0]!;
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

function sortedBy(all: readonly Json[], index: ArrayIndex, keys: readonly OrderKey[], opts: MatchOptions & { fields: readonly FieldInfo[] }): Json[] {
  const name = JSON.stringify([keys, opts.caseSensitive]);
  let sorted = index.sorted.get(name);
  if (!sorted) {
    sorted = sortRecords(all, keys, opts);
    index.sorted.set(name, sorted);
  }
  return sorted;
}

/**
 * The records of `all` that match every filter, in `order_by` order (stable: ties keep the collection's order),
 * exactly as `sortRecords(applyFilters(all, exprs), keys)` gives them. Large arrays answer from indexes: equality
 * filters narrow the candidates (each checked by the oracle), sorted orders and recent answers are kept.
 */
export function queryRecords(all: readonly Json[], exprs: readonly FilterExpr[], keys: readonly OrderKey[], opts: MatchOptions & { fields: readonly FieldInfo[] }): QueryResult {
  const index = indexOf(all);
  const name = JSON.stringify([exprs.map((expr) => [expr.field.path, expr.raw]), keys, opts.caseSensitive]);
  const kept = index.results.get(name);
  if (kept) {
    // Most recently used last: the oldest answer is the first to go.
    index.results.delete(name);
    index.results.set(name, kept);
    return kept;
  }
  const matchesAll = (record: Json) => exprs.every((expr) => matchesFilter(record, expr, opts));
  let narrowest: number[] | undefined;
  for (const expr of exprs) {
    const found = candidates(all, index, expr, opts);
    if (found && (!narrowest || found.length < narrowest.length)) narrowest = found;
  }
  let records: Json[];
  if (narrowest) {
    // Stable sort of the matches = the matches of the stable sort: the order is the same either way.
    const matched = narrowest.map((i) => all[i]!).filter(matchesAll);
    records = keys.length > 0 ? sortRecords(matched, keys, opts) : matched;
  } else {
    const ordered = keys.length > 0 ? sortedBy(all, index, keys, opts) : all;
    records = exprs.length > 0 ? ordered.filter(matchesAll) : (ordered as Json[]);
  }
  const result: QueryResult = { records };
  index.results.set(name, result);
  if (index.results.size > RESULTS_KEPT) index.results.delete(index.results.keys().next().value!);
  return result;
}

/**
 * The position in `result` of the first record whose `startKeys` values (as text) are those of `start`, or -1:
 * what `records.findIndex(...)` over the answer gives, without a scan per page.
 */
export function findStart(all: readonly Json[], result: QueryResult, startKeys: readonly string[], start: ReadonlyMap<string, string>): number {
  if (!startKeys.every((key) => start.has(key))) return -1;
  const index = indexOf(all);
  const keysName = startKeys.join(',');
  if (index.starts?.keys !== keysName) {
    const byValues = new Map<string, Json[]>();
    for (const record of all) {
      const values = JSON.stringify(startKeys.map((key) => String(getPath(record, key))));
      const list = byValues.get(values);
      if (list) list.push(record);
      else byValues.set(values, [record]);
    }
    index.starts = { keys: keysName, byValues };
  }
  const holders = index.starts.byValues.get(JSON.stringify(startKeys.map((key) => start.get(key))));
  if (!holders) return -1;
  if (!result.positions) {
    result.positions = new Map();
    result.records.forEach((record, i) => {
      if (!result.positions!.has(record)) result.positions!.set(record, i);
    });
  }
  let first = -1;
  for (const record of holders) {
    const at = result.positions.get(record);
    if (at !== undefined && (first < 0 || at < first)) first = at;
  }
  return first;
}
