/**
 * The filter language of Veeam Enterprise Manager's query service (veeam-em.md · Query service) as pure
 * functions: parse a `filter=` expression against a table of typed fields, evaluate it on records, sort and
 * page. The emulator serves `/api/query` with it and the conformance checks compute expected answers with it.
 *
 * Documented: `==` `!=` `<` `>` `<=` `>=`; `;` is AND, `,` is OR; parentheses group; strings with spaces are
 * double-quoted; enum values compare by their declaration order. Where the reference is silent this module
 * decides, and says so:
 * - `;` binds tighter than `,` (as in FIQL, which the syntax follows): `a,b;c` is `a OR (b AND c)`.
 * - Field names, enum values and booleans are matched case-insensitively; strings compare case-insensitively
 *   unless `caseSensitive` is set (EM runs on SQL Server, whose default collation ignores case).
 * - A bare value runs to the next `;` `,` `(` `)` `"` or blank. Inside double quotes `\"` and `\\` escape.
 * - The bare word `null` stands for an absent value and only with `==` / `!=`; `"null"` is the string.
 * - Date-times are ISO 8601 (`T` or a blank between date and time, optional fraction); no zone means UTC.
 * - A comparison with an absent value is false, except `!=` which is true (SQL-like `IS DISTINCT FROM`).
 */

/** How the query service reads a field: the literal's syntax and the order used by `<` and sorting. */
export type VeeamFieldKind =
  | { kind: 'string' }
  | { kind: 'dateTime' }
  | { kind: 'long' }
  | { kind: 'boolean' }
  /** Values in declaration order: `<` and sorting follow this order, not the alphabet. */
  | { kind: 'enum'; values: readonly string[] };

/** The filterable (and sortable) fields of one query type, by their documented names. */
export type VeeamFieldTable = Readonly<Record<string, VeeamFieldKind>>;

/** A record as the query service sees it: documented field name → value (absent: undefined or null). */
export type VeeamRecord = Readonly<Record<string, string | number | bigint | boolean | null | undefined>>;

export type VeeamOperator = '==' | '!=' | '<' | '>' | '<=' | '>=';

/** A typed literal: null (absent), or the value normalised for comparison. */
export type VeeamLiteral = { kind: 'null' } | { kind: 'value'; value: string | bigint | boolean | number };

export type VeeamFilter =
  | { kind: 'and'; items: VeeamFilter[] }
  | { kind: 'or'; items: VeeamFilter[] }
  | { kind: 'cmp'; field: string; op: VeeamOperator; literal: VeeamLiteral };

export interface VeeamMatchOptions {
  caseSensitive?: boolean;
}

/** A filter, sort or page request the server must reject with 400; `at` is the offending offset in the filter. */
export class VeeamQueryError extends Error {
  override name = 'VeeamQueryError';
  constructor(readonly code: 'VEEAM_QUERY_SYNTAX' | 'VEEAM_QUERY_FIELD' | 'VEEAM_QUERY_VALUE' | 'VEEAM_QUERY_PARAMETER', message: string, readonly at?: number) {
    super(message);
  }
}

const OPERATORS: readonly VeeamOperator[] = ['==', '!=', '<=', '>=', '<', '>'];
const BARE_END = /[;,()"\s]/;

/** Parses `text` (already URL-decoded); an empty or blank text is no filter at all (undefined). */
export function parseVeeamFilter(text: string, fields: VeeamFieldTable): VeeamFilter | undefined {
  if (text.trim() === '') return undefined;
  const parser = new Parser(text, fields);
  const filter = parser.parseOr();
  parser.skipBlanks();
  if (!parser.atEnd()) parser.fail('VEEAM_QUERY_SYNTAX', `unexpected "${text[parser.pos]}"`);
  return filter;
}

class Parser {
  pos = 0;
  constructor(readonly text: string, readonly fields: VeeamFieldTable) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipBlanks(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  fail(code: VeeamQueryError['code'], message: string): never {
    throw new VeeamQueryError(code, `Invalid filter at position ${this.pos}: ${message}.`, this.pos);
  }

  parseOr(): VeeamFilter {
    const items = [this.parseAnd()];
    while (this.eat(',')) items.push(this.parseAnd());
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  parseAnd(): VeeamFilter {
    const items = [this.parsePrimary()];
    while (this.eat(';')) items.push(this.parsePrimary());
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  eat(char: string): boolean {
    this.skipBlanks();
    if (this.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }

  parsePrimary(): VeeamFilter {
    if (this.eat('(')) {
      const inner = this.parseOr();
      if (!this.eat(')')) this.fail('VEEAM_QUERY_SYNTAX', 'missing ")"');
      return inner;
    }
    return this.parseComparison();
  }

  parseComparison(): VeeamFilter {
    this.skipBlanks();
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0];
    if (!name) this.fail('VEEAM_QUERY_SYNTAX', 'a field name is expected');
    const field = Object.keys(this.fields).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (!field) this.fail('VEEAM_QUERY_FIELD', `unknown field "${name}"`);
    this.pos += name.length;
    this.skipBlanks();
    const op = OPERATORS.find((candidate) => this.text.startsWith(candidate, this.pos));
    if (!op) this.fail('VEEAM_QUERY_SYNTAX', `an operator (${OPERATORS.join(' ')}) is expected after "${name}"`);
    this.pos += op.length;
    this.skipBlanks();
    const { raw, quoted } = this.parseValue();
    return { kind: 'cmp', field, op, literal: this.typed(field, op, raw, quoted) };
  }

  parseValue(): { raw: string; quoted: boolean } {
    if (this.text[this.pos] === '"') {
      let raw = '';
      for (this.pos++; !this.atEnd(); this.pos++) {
        const char = this.text[this.pos]!;
        if (char === '"') {
          this.pos++;
          return { raw, quoted: true };
        }
        if (char === '\\' && (this.text[this.pos + 1] === '"' || this.text[this.pos + 1] === '\\')) this.pos++;
        raw += this.text[this.pos];
      }
      this.fail('VEEAM_QUERY_SYNTAX', 'unterminated quoted string');
    }
    const start = this.pos;
    while (!this.atEnd() && !BARE_END.test(this.text[this.pos]!)) this.pos++;
    if (this.pos === start) this.fail('VEEAM_QUERY_SYNTAX', 'a value is expected (use "" for the empty string)');
    return { raw: this.text.slice(start, this.pos), quoted: false };
  }

  typed(field: string, op: VeeamOperator, raw: string, quoted: boolean): VeeamLiteral {
    if (!quoted && raw.toLowerCase() === 'null') {
      if (op !== '==' && op !== '!=') this.fail('VEEAM_QUERY_VALUE', `null only compares with == or != (field "${field}")`);
      return { kind: 'null' };
    }
    const value = parseLiteral(this.fields[field]!, raw);
    if (value === undefined) this.fail('VEEAM_QUERY_VALUE', `"${raw}" is not a valid value of field "${field}"`);
    return { kind: 'value', value };
  }
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** Epoch milliseconds of an ISO 8601 date-time (no zone = UTC), or undefined when malformed or impossible. */
export function parseVeeamDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year!, month! - 1, day!, hour, minute, second, millis);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = m[8];
  if (!zone || zone.toUpperCase() === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [zh, zm] = zone.slice(1).split(':').map(Number);
  if (zh! > 14 || zm! > 59) return undefined;
  return utc - sign * (zh! * 60 + zm!) * 60_000;
}

/** The comparable form of a literal or a record value of `kind`; undefined when it is not one. */
function parseLiteral(kind: VeeamFieldKind, raw: string): string | bigint | boolean | number | undefined {
  switch (kind.kind) {
    case 'string':
      return raw;
    case 'long':
      return /^[+-]?\d+$/.test(raw) ? BigInt(raw) : undefined;
    case 'boolean':
      return /^(true|false)$/i.test(raw) ? raw.toLowerCase() === 'true' : undefined;
    case 'dateTime':
      return parseVeeamDateTime(raw);
    case 'enum': {
      const index = kind.values.findIndex((value) => value.toLowerCase() === raw.toLowerCase());
      return index < 0 ? undefined : index;
    }
  }
}

/** A record value in comparable form (see parseLiteral); undefined when absent. Unknown enum values sort last. */
function normalise(kind: VeeamFieldKind, value: VeeamRecord[string]): string | bigint | boolean | number | undefined {
  if (value === undefined || value === null) return undefined;
  if (kind.kind === 'dateTime') return typeof value === 'number' ? value : parseVeeamDateTime(String(value));
  if (kind.kind === 'long') return typeof value === 'bigint' ? value : parseLiteral(kind, String(value));
  if (kind.kind === 'boolean') return typeof value === 'boolean' ? value : parseLiteral(kind, String(value));
  if (kind.kind === 'enum') return parseLiteral(kind, String(value)) ?? kind.values.length;
  return String(value);
}

/** Orders two comparable values of one kind: negative, 0 or positive. */
function compareNormalised(a: string | bigint | boolean | number, b: string | bigint | boolean | number, caseSensitive: boolean): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const [x, y] = caseSensitive ? [a, b] : [a.toLowerCase(), b.toLowerCase()];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}

/** True when `record` satisfies `filter` (undefined: no filter, every record matches). */
export function matchesVeeamFilter(filter: VeeamFilter | undefined, record: VeeamRecord, fields: VeeamFieldTable, options: VeeamMatchOptions = {}): boolean {
  if (!filter) return true;
  switch (filter.kind) {
    case 'and':
      return filter.items.every((item) => matchesVeeamFilter(item, record, fields, options));
    case 'or':
      return filter.items.some((item) => matchesVeeamFilter(item, record, fields, options));
    case 'cmp': {
      const value = normalise(fields[filter.field]!, record[filter.field]);
      if (filter.literal.kind === 'null') return (value === undefined) === (filter.op === '==');
      if (value === undefined) return filter.op === '!=';
      const order = compareNormalised(value, filter.literal.value, options.caseSensitive ?? false);
      return { '==': order === 0, '!=': order !== 0, '<': order < 0, '>': order > 0, '<=': order <= 0, '>=': order >= 0 }[filter.op];
    }
  }
}

/** The canonical (table) spelling of a field name given in any case, or undefined when unknown. */
export function veeamFieldName(name: string, fields: VeeamFieldTable): string | undefined {
  return Object.keys(fields).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
}

/**
 * Stable sort by one field (`sortAsc` / `sortDesc`); absent values come first ascending, last descending;
 * ties keep their input order in both directions.
 */
export function sortVeeamRecords<T extends VeeamRecord>(records: readonly T[], field: string, direction: 'asc' | 'desc', fields: VeeamFieldTable, options: VeeamMatchOptions = {}): T[] {
  const kind = fields[field];
  if (!kind) throw new VeeamQueryError('VEEAM_QUERY_FIELD', `Unknown sort field "${field}".`);
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = records.map((record, index) => ({ record, index, key: normalise(kind, record[field]) }));
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) {
      const absent = (a.key === undefined ? 0 : 1) - (b.key === undefined ? 0 : 1);
      return absent !== 0 ? absent * sign : a.index - b.index;
    }
    return compareNormalised(a.key, b.key, options.caseSensitive ?? false) * sign || a.index - b.index;
  });
  return keyed.map(({ record }) => record);
}

/** Page `page` (1-based) of `pageSize` records and the page count (at least 1, so First and Last always exist). */
export function pageVeeamRecords<T>(records: readonly T[], pageSize: number, page: number): { items: T[]; pagesCount: number } {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new VeeamQueryError('VEEAM_QUERY_PARAMETER', `pageSize must be a positive integer, not ${pageSize}.`);
  if (!Number.isSafeInteger(page) || page < 1) throw new VeeamQueryError('VEEAM_QUERY_PARAMETER', `page must be a positive integer, not ${page}.`);
  const start = (page - 1) * pageSize;
  return { items: records.slice(start, start + pageSize), pagesCount: Math.max(1, Math.ceil(records.length / pageSize)) };
}
