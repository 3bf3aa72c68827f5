import { compareValues, fold } from './compare.ts';
import { getPath } from './path.ts';
import { joinSegments, segments, splitOutside, type Segment } from './split.ts';
import { QueryError, type FieldInfo, type MatchOptions } from './types.ts';

/** One alternative of a filter value, e.g. `!abc*`, `<=10`, `1..5`, `null`. */
export type FilterTerm =
  | { kind: 'null'; negated: boolean }
  | { kind: 'equal'; negated: boolean; value: string }
  /** `parts` are the literal pieces between the wildcards: `a*b*` → ['a', 'b', ''] (always two or more). */
  | { kind: 'wildcard'; negated: boolean; parts: string[] }
  | { kind: 'compare'; negated: boolean; op: '<' | '>' | '<=' | '>='; value: string }
  | { kind: 'range'; negated: boolean; low: string; high: string };

/** A parsed `<field>=<query>` filter: the record matches when any alternative matches. */
export interface FilterExpr {
  field: FieldInfo;
  raw: string;
  alternatives: FilterTerm[];
}

const invalid = (field: FieldInfo, raw: string) =>
  new QueryError('262197', `The value "${raw}" is invalid for field "${field.path}"`, field.path);

/** Rejects operands a typed field cannot hold (code 262197, ontap-rest.md · invalid value for a typed field). */
function checkOperand(field: FieldInfo, value: string, raw: string): void {
  if (field.type === 'integer' && !/^-?\d+$/.test(value)) throw invalid(field, raw);
  if (field.type === 'boolean' && !/^(true|false)$/i.test(value)) throw invalid(field, raw);
}

/** Removes `count` characters from the start of the first (bare) segment. */
function dropLeading(segs: Segment[], count: number): Segment[] {
  const [first, ...rest] = segs;
  const text = first!.text.slice(count);
  return text === '' ? rest : [{ text, literal: false }, ...rest];
}

/** `a..b` with the `..` in a bare segment → the segments either side; undefined when there is none. */
function splitRange(segs: Segment[]): [Segment[], Segment[]] | undefined {
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const at = seg.literal ? -1 : seg.text.indexOf('..');
    if (at < 0) continue;
    const low = [...segs.slice(0, i), { text: seg.text.slice(0, at), literal: false }];
    const high = [{ text: seg.text.slice(at + 2), literal: false }, ...segs.slice(i + 1)];
    return [low, high];
  }
  return undefined;
}

/** The literal pieces around the bare `*`s, or undefined when there is no bare `*`. */
function wildcardParts(segs: Segment[]): string[] | undefined {
  if (!segs.some((seg) => !seg.literal && seg.text.includes('*'))) return undefined;
  const parts = [''];
  for (const seg of segs) {
    const pieces = seg.literal ? [seg.text] : seg.text.split('*');
    parts[parts.length - 1] += pieces[0]!;
    parts.push(...pieces.slice(1));
  }
  return parts;
}

/**
 * Parses one alternative. Order of recognition: a leading `!`; `null` (any case, unquoted); a leading
 * `<=`, `>=`, `<`, `>` (the rest is the operand, `*` and `..` in it are ordinary characters); a bare
 * `..` (range, each side one operand); a bare `*` (wildcard); otherwise equality. Quoted or braced
 * text never acts as an operator, so `"a|b"` and `{a*b}` are equality and `"ab"*` is a prefix wildcard.
 */
function parseTerm(field: FieldInfo, text: string, raw: string): FilterTerm {
  let segs = segments(text);
  const negated = segs[0]?.literal === false && segs[0].text.startsWith('!');
  if (negated) segs = dropLeading(segs, 1);
  const bareHead = segs[0]?.literal === false ? segs[0].text : '';
  if (segs.length === 1 && bareHead.toLowerCase() === 'null') return { kind: 'null', negated };

  const op = /^(<=|>=|<|>)/.exec(bareHead)?.[1] as '<' | '>' | '<=' | '>=' | undefined;
  if (op) {
    if (field.type === 'boolean') throw invalid(field, raw);
    const value = joinSegments(dropLeading(segs, op.length));
    checkOperand(field, value, raw);
    return { kind: 'compare', negated, op, value };
  }
  const range = splitRange(segs);
  if (range) {
    if (field.type === 'boolean') throw invalid(field, raw);
    const [low, high] = range.map(joinSegments) as [string, string];
    checkOperand(field, low, raw);
    checkOperand(field, high, raw);
    return { kind: 'range', negated, low, high };
  }
  const parts = wildcardParts(segs);
  if (parts) {
    // Integer wildcards match the decimal text, so only digits and '-' may surround the '*'.
    if (field.type === 'boolean' || (field.type === 'integer' && !parts.every((part) => /^[-\d]*$/.test(part)))) {
      throw invalid(field, raw);
    }
    return { kind: 'wildcard', negated, parts };
  }
  const value = joinSegments(segs);
  checkOperand(field, value, raw);
  return { kind: 'equal', negated, value };
}

/**
 * Parses a filter value for a field: alternatives separated by `|` or `,` outside `"..."` and `{...}`,
 * each one of `null`, `<v`, `>v`, `<=v`, `>=v`, `a..b`, a `*` wildcard or a plain value, optionally
 * preceded by `!`. Throws {@link QueryError} 262197 (target: the field) for an operand an integer or
 * boolean field cannot hold, for comparisons, ranges or wildcards on a boolean, and for unbalanced
 * braces or an unterminated quote. Enum values are not checked against the enum.
 */
export function parseFilter(field: FieldInfo, raw: string): FilterExpr {
  const error = { code: '262197', target: field.path, message: () => invalid(field, raw).message };
  const alternatives = splitOutside(raw, '|,', error).map((text) => parseTerm(field, text, raw));
  return { field, raw, alternatives };
}

/** Whether `text` matches the wildcard pieces (`*` = any run of characters, also empty). */
export function wildcardMatches(text: string, parts: readonly string[]): boolean {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  const end = text.length - last.length;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

// The folded pieces of the wildcard term last matched: a scan of a large collection folds them once, not per record.
let lastTerm: FilterTerm | undefined;
let lastFolds = false;
let lastParts: string[] = [];

function foldedParts(term: Extract<FilterTerm, { kind: 'wildcard' }>, field: FieldInfo, opts: MatchOptions): string[] {
  const folds = field.type === 'boolean' || !opts.caseSensitive;
  if (term !== lastTerm || folds !== lastFolds) {
    lastParts = term.parts.map((part) => fold(part, field, opts));
    lastTerm = term;
    lastFolds = folds;
  }
  return lastParts;
}

/** Whether one set scalar value satisfies a term, ignoring the term's negation. */
function scalarMatches(value: unknown, term: Exclude<FilterTerm, { kind: 'null' }>, field: FieldInfo, opts: MatchOptions): boolean {
  switch (term.kind) {
    case 'equal':
      return compareValues(value, term.value, field, opts) === 0;
    case 'wildcard':
      return wildcardMatches(fold(String(value), field, opts), foldedParts(term, field, opts));
    case 'compare': {
      const order = compareValues(value, term.value, field, opts);
      return term.op === '<' ? order < 0 : term.op === '>' ? order > 0 : term.op === '<=' ? order <= 0 : order >= 0;
    }
    case 'range':
      return compareValues(value, term.low, field, opts) >= 0 && compareValues(value, term.high, field, opts) <= 0;
  }
}

/**
 * Whether a record's field satisfies one term. A field is unset when absent, `null`, or an empty array.
 * - `null` matches unset fields, `!null` set ones.
 * - Equality, wildcards, comparisons and ranges never match an unset field.
 * - Negation applies to set values only: `!v` does NOT match an unset field (the docs are silent; this is
 *   the SQL-like reading, and conformance checks tolerate either).
 * - Arrays: a term matches when ANY element matches; a negated term when NO element matches.
 */
export function termMatches(record: unknown, term: FilterTerm, field: FieldInfo, opts: MatchOptions): boolean {
  return valueMatches(getPath(record, field.path), term, field, opts);
}

/** {@link termMatches} for the field's value itself (`getPath(record, field.path)`), read once by the caller. */
export function valueMatches(value: unknown, term: FilterTerm, field: FieldInfo, opts: MatchOptions): boolean {
  const unset = value === undefined || value === null || (Array.isArray(value) && value.length === 0);
  if (term.kind === 'null') return term.negated ? !unset : unset;
  if (unset) return false;
  const any = Array.isArray(value)
    ? value.some((item) => item !== null && typeof item !== 'object' && scalarMatches(item, term, field, opts))
    : typeof value !== 'object' && scalarMatches(value, term, field, opts);
  return term.negated ? !any : any;
}

/** Whether a record satisfies a filter: any of its alternatives (OR). */
export function matchesFilter(record: unknown, expr: FilterExpr, opts: MatchOptions): boolean {
  return expr.alternatives.some((term) => termMatches(record, term, expr.field, opts));
}

/** The records that match every filter (filters on different fields combine with AND), in their order. */
export function applyFilters<T>(records: readonly T[], exprs: readonly FilterExpr[], opts: MatchOptions): T[] {
  if (exprs.length === 0) return [...records];
  return records.filter((record) => exprs.every((expr) => matchesFilter(record, expr, opts)));
}
