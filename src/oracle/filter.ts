import { compareValues } from './compare.ts';
import { getPath } from './path.ts';
import { splitOutside, unquote } from './split.ts';
import { QueryError, type FieldInfo, type MatchOptions } from './types.ts';

/** One alternative of a filter value, e.g. `!abc*`, `<=10`, `1..5`, `null`. */
export type FilterTerm =
  | { kind: 'null'; negated: boolean }
  | { kind: 'equal'; negated: boolean; value: string }
  | { kind: 'wildcard'; negated: boolean; pattern: string }
  | { kind: 'compare'; negated: boolean; op: '<' | '>' | '<=' | '>='; value: string }
  | { kind: 'range'; negated: boolean; low: string; high: string };

/** A parsed `<field>=<query>` filter: the record matches when any alternative matches. */
export interface FilterExpr {
  field: FieldInfo;
  raw: string;
  alternatives: FilterTerm[];
}

const invalid = (field: FieldInfo, value: string) =>
  new QueryError('262197', `The value "${value}" is invalid for field "${field.path}"`, field.path);

/** Rejects operands a typed field cannot hold (code 262197, ontap-rest.md · invalid value for a typed field). */
function checkOperand(field: FieldInfo, value: string, raw: string): void {
  if (field.type === 'integer' && !/^-?\d+$/.test(value)) throw invalid(field, raw);
  if (field.type === 'boolean' && !/^(true|false)$/i.test(value)) throw invalid(field, raw);
}

function parseTerm(field: FieldInfo, text: string, raw: string): FilterTerm {
  const negated = text.startsWith('!');
  const body = negated ? text.slice(1) : text;
  const quoted = unquote(body);
  if (quoted.literal) {
    checkOperand(field, quoted.value, raw);
    return { kind: 'equal', negated, value: quoted.value };
  }
  if (body.toLowerCase() === 'null') return { kind: 'null', negated };
  const comparison = /^(<=|>=|<|>)(.*)$/s.exec(body);
  if (comparison) {
    if (field.type === 'boolean') throw invalid(field, raw);
    const value = unquote(comparison[2]!).value;
    checkOperand(field, value, raw);
    return { kind: 'compare', negated, op: comparison[1] as '<', value };
  }
  const range = rangeParts(body);
  if (range) {
    if (field.type === 'boolean') throw invalid(field, raw);
    const [low, high] = range.map((part) => unquote(part).value) as [string, string];
    checkOperand(field, low, raw);
    checkOperand(field, high, raw);
    return { kind: 'range', negated, low, high };
  }
  if (body.includes('*')) {
    if (field.type === 'boolean') throw invalid(field, raw);
    return { kind: 'wildcard', negated, pattern: body };
  }
  checkOperand(field, body, raw);
  return { kind: 'equal', negated, value: body };
}

/** `a..b` outside quotes → [a, b]. */
function rangeParts(body: string): [string, string] | undefined {
  let quoted = false;
  let depth = 0;
  for (let i = 0; i < body.length - 1; i++) {
    const char = body[i]!;
    if (char === '"' && depth === 0) quoted = !quoted;
    else if (!quoted && char === '{') depth++;
    else if (!quoted && char === '}') depth--;
    else if (!quoted && depth === 0 && char === '.' && body[i + 1] === '.') return [body.slice(0, i), body.slice(i + 2)];
  }
  return undefined;
}

/** Parses a filter value for a field: alternatives separated by `|` (or `,`) outside quotes and braces. */
export function parseFilter(field: FieldInfo, raw: string): FilterExpr {
  const alternatives = splitOutside(raw, '|,', '262197', field.path).map((text) => parseTerm(field, text, raw));
  return { field, raw, alternatives };
}

function wildcardRegExp(pattern: string, opts: MatchOptions): RegExp {
  const source = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, opts.caseSensitive ? 's' : 'is');
}

/** Whether one set scalar value satisfies a term, ignoring the term's negation. */
function scalarMatches(value: unknown, term: Exclude<FilterTerm, { kind: 'null' }>, field: FieldInfo, opts: MatchOptions): boolean {
  switch (term.kind) {
    case 'equal':
      return compareValues(value, term.value, field, opts) === 0;
    case 'wildcard':
      return wildcardRegExp(term.pattern, opts).test(String(value));
    case 'compare': {
      const order = compareValues(value, term.value, field, opts);
      return term.op === '<' ? order < 0 : term.op === '>' ? order > 0 : term.op === '<=' ? order <= 0 : order >= 0;
    }
    case 'range':
      return compareValues(value, term.low, field, opts) >= 0 && compareValues(value, term.high, field, opts) <= 0;
  }
}

/**
 * Whether a record's field satisfies one term. Comparisons, ranges and equality never match an unset field
 * (only `null` does). Negation applies to set values only: `!v` does not match an unset field — the docs are
 * silent here, and conformance checks tolerate either reading. Arrays match when any element matches; a
 * negated term on an array matches when no element matches.
 */
export function termMatches(record: unknown, term: FilterTerm, field: FieldInfo, opts: MatchOptions): boolean {
  const value = getPath(record, field.path);
  const unset = value === undefined || value === null || (Array.isArray(value) && value.length === 0);
  if (term.kind === 'null') return term.negated ? !unset : unset;
  if (unset) return false;
  const values = Array.isArray(value) ? value : [value];
  const any = values.some((item) => item !== null && typeof item !== 'object' && scalarMatches(item, term, field, opts));
  return term.negated ? !any : any;
}

export function matchesFilter(record: unknown, expr: FilterExpr, opts: MatchOptions): boolean {
  return expr.alternatives.some((term) => termMatches(record, term, expr.field, opts));
}

/** The records that match every filter (filters on different fields combine with AND). */
export function applyFilters<T>(records: readonly T[], exprs: readonly FilterExpr[], opts: MatchOptions): T[] {
  if (exprs.length === 0) return [...records];
  return records.filter((record) => exprs.every((expr) => matchesFilter(record, expr, opts)));
}
