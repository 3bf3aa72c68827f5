import { applyFilters, getPath, parseFilter, type FieldInfo } from '../oracle/index.ts';

type Json = Record<string, unknown>;

export interface FilterExpectation {
  /** Identities the oracle selects, under case-sensitive and case-insensitive string matching. */
  candidates: Set<string>[];
  /** Identities a conformant server may or may not return (the reference leaves them open). */
  tolerated: Set<string>;
}

/**
 * The oracle's answer to a set of filters (AND) over snapshots of the whole collection. Case sensitivity of
 * string matching is undocumented, so both readings are candidates; how `!v` treats a record where the field
 * is unset is undocumented too, so such records are tolerated either way. With two snapshots (read before and
 * after the filtered request), a record the oracle selects in only one of them was moving and is tolerated.
 */
export function expectFilterAnswer(snapshots: readonly Json[][], filters: Array<[FieldInfo, string]>, identity: (record: Json) => string): FilterExpectation {
  const exprs = filters.map(([field, raw]) => parseFilter(field, raw));
  const tolerated = new Set<string>();
  const candidates = [true, false].map((caseSensitive) => {
    const picks = snapshots.map((records) => new Set(applyFilters(records, exprs, { caseSensitive }).map(identity)));
    const certain = new Set([...picks[0]!].filter((id) => picks.every((pick) => pick.has(id))));
    for (const pick of picks) for (const id of pick) if (!certain.has(id)) tolerated.add(id);
    return certain;
  });
  for (const [field, raw] of filters) {
    const negates = raw.split('|').some((alt) => alt.startsWith('!') && alt.toLowerCase() !== '!null');
    if (!negates) continue;
    for (const record of snapshots.flat()) {
      if (getPath(record, field.path) === undefined) tolerated.add(identity(record));
    }
  }
  return { candidates, tolerated };
}

/** Undefined when the server's answer fits the expectation; otherwise what is missing and what is extra. */
export function compareFilterAnswer(actual: string[], expected: FilterExpectation): { missing: string[]; extra: string[]; duplicates: string[] } | undefined {
  const seen = new Set<string>();
  const duplicates = actual.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  let best: { missing: string[]; extra: string[]; duplicates: string[] } | undefined;
  for (const candidate of expected.candidates) {
    const missing = [...candidate].filter((id) => !seen.has(id) && !expected.tolerated.has(id));
    const extra = [...seen].filter((id) => !candidate.has(id) && !expected.tolerated.has(id));
    if (missing.length === 0 && extra.length === 0 && duplicates.length === 0) return undefined;
    if (!best || missing.length + extra.length < best.missing.length + best.extra.length) best = { missing, extra, duplicates };
  }
  return best;
}
