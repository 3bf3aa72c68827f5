export type FieldType = 'string' | 'integer' | 'boolean' | 'enum';

/** A field of a record as the query language sees it. */
export interface FieldInfo {
  path: string;
  type: FieldType;
  array: boolean;
  enum?: string[];
  sortable?: boolean;
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
