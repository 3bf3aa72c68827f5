/** How the query language reads a field's values: integers numerically, the rest as text. */
export type FieldType = 'string' | 'integer' | 'boolean' | 'enum';

/** A field of a record as the query language sees it. */
export interface FieldInfo {
  /** Dotted path in the record, e.g. `data.connection.type`. */
  path: string;
  type: FieldType;
  /** An array of scalars (e.g. `authentication_types`): filters match per element; never sortable. */
  array: boolean;
  /** The documented values of an enum (informative only: filters accept any string). */
  enum?: string[];
  /** `false` makes `order_by` reject the field; absent means sortable (unless an array). */
  sortable?: boolean;
  /** The ONTAP release that introduced the field, when the spec says. */
  introduced?: string;
}

/** A query the server must reject: carries the ONTAP error code (a string) and the offending parameter. */
export class QueryError extends Error {
  override name = 'QueryError';
  constructor(readonly code: string, message: string, readonly target?: string) {
    super(message);
  }
}

/** String matching case: the docs are silent, so both readings are supported. */
export interface MatchOptions {
  caseSensitive: boolean;
}
