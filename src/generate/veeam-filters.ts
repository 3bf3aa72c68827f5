import fc from 'fast-check';
import { parseVeeamDateTime, type VeeamFieldKind, type VeeamFieldTable, type VeeamOperator } from '../oracle/veeam-query.ts';
import type { VeeamQueryField } from '../spec/veeam/index.ts';

/**
 * Filters for Veeam Enterprise Manager's query service (veeam-em.md · Query service), drawn from values the
 * server really holds, so that every filter selects something and the oracle has a non-trivial answer.
 */

export const VEEAM_EQUALITY_OPERATORS: readonly VeeamOperator[] = ['==', '!='];
export const VEEAM_ORDERING_OPERATORS: readonly VeeamOperator[] = ['<', '>', '<=', '>='];

/** A record as the checks read it from a representation: field name → the value's text (absent: undefined). */
export type VeeamTextRecord = Readonly<Record<string, string | undefined>>;

/** How the oracle reads a catalog field: UIDs are strings; enums keep their declaration order. */
export function veeamFieldKind(field: VeeamQueryField): VeeamFieldKind {
  switch (field.type) {
    case 'datetime':
      return { kind: 'dateTime' };
    case 'long':
      return { kind: 'long' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'enum':
      return { kind: 'enum', values: field.enum ?? [] };
    default:
      return { kind: 'string' };
  }
}

/** The oracle's field table of a query type. */
export function veeamFieldTable(fields: readonly VeeamQueryField[]): VeeamFieldTable {
  return Object.fromEntries(fields.map((field) => [field.name, veeamFieldKind(field)]));
}

/** Characters that end a bare value (or could be read as an operator): such values are written in double quotes. */
const NEEDS_QUOTES = /[\s;,()"=!<>]/;

/**
 * Writes a value as a filter literal: bare when it can be, in double quotes when it holds blanks or filter
 * characters (or is the word null). Undefined when the reference gives no way to write it: how a double quote
 * or a backslash is escaped inside quotes is not documented.
 */
export function veeamLiteral(field: VeeamQueryField, value: string): string | undefined {
  if (field.type === 'datetime') {
    const time = parseVeeamDateTime(value);
    if (time === undefined) return undefined;
    // The representation's own spelling when it is UTC (it may carry more digits than milliseconds), else UTC.
    return /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) ? value : new Date(time).toISOString();
  }
  if (field.type === 'boolean') return /^(true|false)$/i.test(value) ? value.toLowerCase() : undefined;
  if (field.type === 'long') return /^[+-]?\d+$/.test(value) ? value : undefined;
  if (value.includes('"') || value.includes('\\') || value === '') return undefined;
  return NEEDS_QUOTES.test(value) || value.toLowerCase() === 'null' ? `"${value}"` : value;
}

/**
 * The distinct values a field takes in `records` that can be written as literals, in first-seen order.
 * For an enum, the declared values (all of them: `<` and `>` are about the declaration order, present or not),
 * less `exclude` (values whose place in that order is not documented).
 */
export function liveVeeamValues(records: readonly VeeamTextRecord[], field: VeeamQueryField, exclude: ReadonlySet<string> = new Set()): string[] {
  if (field.type === 'enum') return (field.enum ?? []).filter((value) => !exclude.has(value.toLowerCase()));
  const seen = new Set<string>();
  for (const record of records) {
    const value = record[field.name];
    if (value !== undefined && veeamLiteral(field, value) !== undefined) seen.add(value);
  }
  return [...seen];
}

/** One comparison `field op value` and its text. */
export interface VeeamComparison {
  field: string;
  op: VeeamOperator;
  value: string;
  text: string;
}

/** The comparison `field op value`; throws when the value cannot be written (see veeamLiteral). */
export function veeamComparisonOf(field: VeeamQueryField, op: VeeamOperator, value: string): VeeamComparison {
  const literal = veeamLiteral(field, value);
  if (literal === undefined) throw new Error(`veeamComparisonOf(${field.name}): "${value}" cannot be written as a literal`);
  return { field: field.name, op, value, text: `${field.name}${op}${literal}` };
}

/** Comparisons of one field with one of `ops` and a value from `values` (which must be writable and non-empty). */
export function veeamComparison(field: VeeamQueryField, values: readonly string[], ops: readonly VeeamOperator[]): fc.Arbitrary<VeeamComparison> {
  if (values.length === 0 || ops.length === 0) throw new Error(`veeamComparison(${field.name}): needs at least one value and one operator`);
  return fc.tuple(fc.constantFrom(...ops), fc.constantFrom(...values)).map(([op, value]) => veeamComparisonOf(field, op, value));
}

/**
 * AND (`;`) and OR (`,`) of two to four atoms, grouped with parentheses. Where AND and OR mix, every group is
 * parenthesised: which of the two binds tighter is not documented, so no filter relies on it.
 */
export function veeamCombination(atom: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const [a, b, c, d] = [atom, atom, atom, atom];
  return fc.oneof(
    fc.tuple(a, b).map(([x, y]) => `${x};${y}`),
    fc.tuple(a, b).map(([x, y]) => `${x},${y}`),
    fc.tuple(a, b, c).map(([x, y, z]) => `${x};${y};${z}`),
    fc.tuple(a, b, c).map(([x, y, z]) => `(${x};${y}),${z}`),
    fc.tuple(a, b, c).map(([x, y, z]) => `${x};(${y},${z})`),
    fc.tuple(a, b, c, d).map(([w, x, y, z]) => `(${w},${x});(${y},${z})`),
    fc.tuple(a, b).map(([x, y]) => `((${x}));(${y})`),
  );
}

/**
 * Filters that do not parse under any reading of the reference: a single `=` or `=!` for an operator, a missing
 * value (of a typed field) or field, unbalanced parentheses, an unterminated quote, an empty group, a value the
 * field's type cannot hold.
 */
export function malformedVeeamFilter(fields: readonly VeeamQueryField[]): fc.Arbitrary<string> {
  if (fields.length === 0) throw new Error('malformedVeeamFilter: needs at least one field');
  const field = fc.constantFrom(...fields);
  // `Name==` might be read as the empty string: a missing value is only malformed where no value is empty.
  const typed = fields.filter((f) => f.type !== 'string' && f.type !== 'uid');
  const valueless = typed.length > 0 ? fc.constantFrom(...typed) : field;
  const word = fc.constantFrom('Working', 'Success', 'abc', '42');
  const syntax = fc.tuple(field, valueless, word, fc.nat(7)).map(([f, v, w, kind]) => [
    `${f.name}=${w}`,
    `${f.name}=!${w}`,
    typed.length > 0 ? `${v.name}==` : `(${f.name}==${w}`,
    `==${w}`,
    `(${f.name}==${w}`,
    `${f.name}==${w})`,
    `${f.name}=="${w}`,
    '()',
  ][kind]!);
  const badValues = fields.flatMap((f): string[] => {
    if (f.type === 'datetime') return [`${f.name}>=not-a-date`, `${f.name}<2024-13-45T99:00:00Z`];
    if (f.type === 'long') return [`${f.name}>ten`];
    if (f.type === 'boolean') return [`${f.name}==perhaps`];
    if (f.type === 'enum') return [`${f.name}==NoSuch${f.name}`];
    return [];
  });
  return badValues.length > 0 ? fc.oneof(syntax, fc.constantFrom(...badValues)) : syntax;
}
