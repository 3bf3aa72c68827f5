import { fold, getPath, sortRecords, valueMatches, type FieldInfo, type FilterExpr, type MatchOptions, type OrderKey } from '../../oracle/index.ts';

type Json = Record<string, unknown>;

/**
 * Collections smaller than this are filtered and sorted by the oracle directly, as they always were: indexes and
 * caches pay off only on large datasets (`--sessions 100000`).
 */
export const INDEXED_FROM = 1000;

/** Query answers kept per collection array: a walk of `_links.next` asks the same query once per page. */
const RESULTS_KEPT = 64;

/**
 * The records a query selects, as positions in the collection array, in answer order: ascending by `rank` (the
 * position in the order_by order) or, without order_by, by position.
 */
export interface QueryResult {
  positions: number[];
  rank?: Int32Array;
}

/** Indexes and answers over one rendered collection array; they live as long as the array does. */
interface ArrayIndex {
  /** record → its position in the array. */
  positionOf?: Map<Json, number>;
  /** field path → the value of every record (`getPath`), read once rather than at every scan. */
  columns: Map<string, unknown[]>;
  /** field path → equality key → ascending positions in the array. */
  equality: Map<string, Map<unknown, number[]>>;
  /** order_by keys → the positions of the array stably sorted by them, and each position's rank in that order. */
  sorted: Map<string, { order: number[]; rank: Int32Array }>;
  /** `start.` key values → the positions of the records carrying them, ascending. */
  starts?: { keys: string; byValues: Map<string, number[]> };
  results: Map<string, QueryResult>;
}

// Keyed by the array itself: the emulator renders a new array whenever the data or the NDMP mode change, so an
// index never outlives the records it describes.
const indexes = new WeakMap<readonly Json[], ArrayIndex>();

function indexOf(all: readonly Json[]): ArrayIndex {
  let index = indexes.get(all);
  if (!index) {
    index = { columns: new Map(), equality: new Map(), sorted: new Map(), results: new Map() };
    indexes.set(all, index);
  }
  return index;
}

function column(all: readonly Json[], index: ArrayIndex, path: string): unknown[] {
  let values = index.columns.get(path);
  if (!values) {
    values = all.map((record) => getPath(record, path));
    index.columns.set(path, values);
  }
  return values;
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
  const values = column(all, index, field.path);
  for (let i = 0; i < all.length; i++) {
    const value = values[i];
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

function sortedBy(all: readonly Json[], index: ArrayIndex, keys: readonly OrderKey[], opts: MatchOptions & { fields: readonly FieldInfo[] }): { order: number[]; rank: Int32Array } {
  const name = JSON.stringify([keys, opts.caseSensitive]);
  let sorted = index.sorted.get(name);
  if (!sorted) {
    // The oracle sorts (stably: ties keep the array's order); the index keeps where each record came from.
    index.positionOf ??= new Map(all.map((record, i) => [record, i]));
    const order = sortRecords(all, keys, opts).map((record) => index.positionOf!.get(record)!);
    const rank = new Int32Array(all.length);
    order.forEach((position, k) => {
      rank[position] = k;
    });
    sorted = { order, rank };
    index.sorted.set(name, sorted);
  }
  return sorted;
}

/**
 * The records of `all` that match every filter, in `order_by` order (stable: ties keep the collection's order),
 * exactly as `sortRecords(applyFilters(all, exprs), keys)` gives them. Answers come from indexes: equality filters
 * narrow the candidates (each checked by the oracle), field values, sorted orders and recent answers are kept.
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
  // matchesFilter over every expression (AND of ORs), with each field's value read from its column.
  const columns = exprs.map((expr) => column(all, index, expr.field.path));
  const matchesAt = (i: number) => exprs.every((expr, e) => expr.alternatives.some((term) => valueMatches(columns[e]![i], term, expr.field, opts)));
  let narrowest: number[] | undefined;
  for (const expr of exprs) {
    const found = candidates(all, index, expr, opts);
    if (found && (!narrowest || found.length < narrowest.length)) narrowest = found;
  }
  const sorted = keys.length > 0 ? sortedBy(all, index, keys, opts) : undefined;
  let positions: number[];
  if (narrowest) {
    positions = narrowest.filter(matchesAt);
    // The matches in the order of the whole collection's stable sort: what a stable sort of the matches gives.
    if (sorted) positions.sort((a, b) => sorted.rank[a]! - sorted.rank[b]!);
  } else {
    const order = sorted ? sorted.order : undefined;
    if (exprs.length === 0) positions = order ?? all.map((_, i) => i);
    else if (order) positions = order.filter(matchesAt);
    else {
      positions = [];
      for (let i = 0; i < all.length; i++) if (matchesAt(i)) positions.push(i);
    }
  }
  const result: QueryResult = { positions, ...(sorted ? { rank: sorted.rank } : {}) };
  index.results.set(name, result);
  if (index.results.size > RESULTS_KEPT) index.results.delete(index.results.keys().next().value!);
  return result;
}

/**
 * The index in `result.positions` of the first record whose `startKeys` values (as text) are those of `start`,
 * or -1: what `records.findIndex(...)` over the answer gives, by binary search rather than a scan per page.
 */
export function findStart(all: readonly Json[], result: QueryResult, startKeys: readonly string[], start: ReadonlyMap<string, string>): number {
  if (!startKeys.every((key) => start.has(key))) return -1;
  const index = indexOf(all);
  const keysName = startKeys.join(',');
  if (index.starts?.keys !== keysName) {
    const byValues = new Map<string, number[]>();
    const columns = startKeys.map((key) => column(all, index, key));
    for (let i = 0; i < all.length; i++) {
      const values = JSON.stringify(columns.map((values) => String(values[i])));
      const list = byValues.get(values);
      if (list) list.push(i);
      else byValues.set(values, [i]);
    }
    index.starts = { keys: keysName, byValues };
  }
  const holders = index.starts.byValues.get(JSON.stringify(startKeys.map((key) => start.get(key))));
  if (!holders) return -1;
  const { positions, rank } = result;
  const order = (position: number) => (rank ? rank[position]! : position);
  let first = -1;
  for (const holder of holders) {
    let low = 0;
    let high = positions.length - 1;
    const want = order(holder);
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = order(positions[mid]!);
      if (at === want) {
        if (first < 0 || mid < first) first = mid;
        break;
      }
      if (at < want) low = mid + 1;
      else high = mid - 1;
    }
  }
  return first;
}
