import fc from 'fast-check';
import type { FieldInfo } from '../oracle/index.ts';

/** Operator families of the ONTAP query language (ontap-rest.md · Collection GET). */
export type OperatorFamily = 'equality' | 'wildcard' | 'comparison' | 'range' | 'negation' | 'or' | 'null';

export const OPERATOR_FAMILIES: readonly OperatorFamily[] = ['equality', 'wildcard', 'comparison', 'range', 'negation', 'or', 'null'];

/**
 * Which families a field's type supports in a way the reference defines. Arrays get no negation and no
 * comparisons: how `!` and `<` apply to a list of values is not documented.
 */
export function familiesFor(field: FieldInfo): OperatorFamily[] {
  if (field.type === 'boolean') return ['equality', 'negation', 'null'];
  if (field.array) return ['equality', 'wildcard', 'or', 'null'];
  if (field.type === 'integer') return ['equality', 'comparison', 'range', 'negation', 'or', 'null'];
  return [...OPERATOR_FAMILIES];
}

const SPECIAL = /[*|,!<>{}"]|\.\.|^null$/i;

/** Whether a value can be written literally: `"..."` cannot hold a quote, `{...}` cannot hold braces. */
export function expressible(value: unknown): boolean {
  const text = String(value);
  return !(text.includes('"') && /[{}]/.test(text));
}

/** Writes a value so the server reads it literally: quoted when it holds query characters. */
export function literal(value: unknown): string {
  const text = String(value);
  if (!SPECIAL.test(text)) return text;
  return text.includes('"') ? `{${text}}` : `"${text}"`;
}

/** The scalar values a field takes in live records (array elements flattened), de-duplicated. */
export function liveValues(records: readonly Record<string, unknown>[], field: FieldInfo): unknown[] {
  const seen = new Map<string, unknown>();
  for (const record of records) {
    let value: unknown = record;
    for (const part of field.path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && typeof item !== 'object') seen.set(String(item), item);
    }
  }
  return [...seen.values()];
}

const comparisonOp = fc.constantFrom('<', '>', '<=', '>=');

/**
 * Filter expressions of one family for one field, built from values the field really takes,
 * so that the filters select something and the oracle has a non-trivial answer to compare.
 */
export function filterExpression(field: FieldInfo, allValues: readonly unknown[], family: OperatorFamily): fc.Arbitrary<string> {
  const values = allValues.filter(expressible);
  const value = values.length > 0 ? fc.constantFrom(...values) : fc.constant(field.type === 'integer' ? 0 : 'x');
  const stringValue = value.map(String).filter((text) => !SPECIAL.test(text) && text.length > 0);
  switch (family) {
    case 'equality':
      return value.map(literal);
    case 'wildcard':
      return fc.tuple(stringValue, fc.nat(), fc.nat(), fc.constantFrom('prefix', 'suffix', 'infix', 'only')).map(([text, a, b, kind]) => {
        const i = a % (text.length + 1);
        const j = Math.max(i, b % (text.length + 1));
        if (kind === 'prefix') return `${text.slice(0, i)}*`;
        if (kind === 'suffix') return `*${text.slice(i)}`;
        if (kind === 'infix') return `${text.slice(0, i)}*${text.slice(j)}`;
        return '*';
      });
    case 'comparison':
      return fc.tuple(comparisonOp, value).map(([op, v]) => `${op}${literal(v)}`);
    case 'range':
      return fc.tuple(value, value).map(([a, b]) => {
        const [low, high] = orderPair(a, b);
        return `${literal(low)}..${literal(high)}`;
      });
    case 'negation':
      return value.map((v) => `!${literal(v)}`);
    case 'or': {
      // With a single live value, the second alternative is one no record has.
      const absent = field.type === 'integer' ? [-1, -2] : ['zz_no_such_value', 'zz_no_such_value_2'];
      const pool = values.length >= 2 ? value : fc.constantFrom(...values, ...absent);
      return fc.uniqueArray(pool, { minLength: 2, maxLength: 3, selector: String }).chain((vs) =>
        field.type === 'integer' || field.type === 'string'
          ? fc.tuple(fc.constant(vs), fc.boolean(), comparisonOp).map(([xs, addComparison, op]) =>
            [...xs.map(literal), ...(addComparison && !field.array ? [`${op}${literal(xs[0])}`] : [])].join('|'))
          : fc.constant(vs.map(literal).join('|')),
      );
    }
    case 'null':
      return fc.constantFrom('null', '!null');
  }
}

function orderPair(a: unknown, b: unknown): [unknown, unknown] {
  if (typeof a === 'number' && typeof b === 'number') return a <= b ? [a, b] : [b, a];
  return String(a) <= String(b) ? [a, b] : [b, a];
}

/** Values a typed filter must reject (code 262197): not an integer, not a boolean. */
export function invalidTypedValue(field: FieldInfo): fc.Arbitrary<string> {
  if (field.type === 'integer') return fc.constantFrom('abc', '1.5', '12abc', 'ten', '0x1G');
  if (field.type === 'boolean') return fc.constantFrom('maybe', 'yes2', 'enabled', '2');
  throw new Error(`field ${field.path} of type ${field.type} has no invalid values`);
}
