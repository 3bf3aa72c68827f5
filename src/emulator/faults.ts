/**
 * The emulator's switchable non-conformances. Each one breaks exactly one documented rule, so the fault
 * matrix can prove that some check of the suite notices it. Names are stable: the CLI and tests use them.
 */
export const FAULTS = {
  'shape-integer-as-string': 'session integers (client_port, bytes_processed, ports) are sent as JSON strings',
  'shape-unknown-enum': 'session data.state carries the undocumented value "running" on some records',
  'shape-flat-connection': 'data.connection is a string ("10.0.0.1:10000") instead of an ndmp_connect object',
  'shape-error-code-number': 'error bodies carry the code as a JSON number instead of a string',
  'filter-equality-ignored': 'plain-value (equality) filters on string fields are ignored',
  'filter-wildcard-literal': 'the * wildcard in a filter is matched literally',
  'filter-comparison-inclusive': '< and > filters include the bound (behave like <= and >=)',
  'filter-range-exclusive': 'a..b range filters exclude both bounds',
  'filter-negation-ignored': 'the ! prefix of a filter is ignored (!v behaves like v)',
  'filter-or-first-only': 'only the first alternative of a v1|v2 filter is applied',
  'filter-null-ignored': 'null / !null filters are ignored',
  'filter-nested-ignored': 'filters on nested (dotted) fields such as data.state are ignored',
  'fields-ignored': 'fields= is ignored on collections: records always carry every field',
  'fields-exclusion-ignored': 'the ! exclusions of fields= are ignored',
  'fields-star-incomplete': 'fields=* records of sessions lack the scsi object that the instance GET returns',
  'default-records-no-keys': 'default collection records lack the key fields (only _links)',
  'fields-drop-keys': 'records of an explicit fields= selection lack the key fields (only the selected fields and _links)',
  'paging-overlap': 'each next page repeats the last record of the previous page',
  'paging-num-records-total': 'num_records reports the whole collection size instead of the records returned',
  'return-records-ignored': 'return_records=false still returns the records array',
  'sort-desc-ignored': 'order_by ... desc sorts ascending',
  'error-unknown-param-accepted': 'an unknown query parameter is ignored instead of rejected with 262179',
  'error-return-timeout-unbounded': 'return_timeout outside 0..120 is accepted',
  'error-not-found-500': 'an unknown instance yields HTTP 500 instead of 404 / code 4',
  'error-bad-uuid-500': 'a malformed uuid yields HTTP 500 instead of the documented 400 error',
  'scope-nodes-in-svm-mode': 'node-scoped endpoints answer in SVM scope instead of failing with 68812801',
  'scope-session-id-format': 'in SVM scope, session ids lack the ":" form (2000 instead of 2000:4000)',
  'auth-anonymous-allowed': 'requests without credentials are served instead of rejected with 401',
  'auth-readonly-can-write': 'the readonly user may PATCH (no 403 / code 6)',
  'password-readable': 'the write-only node password is returned by GET',
  'patch-not-persisted': 'PATCH answers 200 but the change is not stored',
  'patch-sso-combination-accepted': 'plaintext_sso combined with other authentication types is accepted',
  'delete-not-removing': 'DELETE of a session answers 200 but the session remains',
} as const;

export type FaultName = keyof typeof FAULTS;

/** Throws a one-line error for an unknown fault name (the CLI turns it into exit code 2). */
export function parseFaults(names: readonly string[]): Set<FaultName> {
  for (const name of names) {
    if (!Object.hasOwn(FAULTS, name)) throw new Error(`unknown fault "${name}" (see: conformance faults)`);
  }
  return new Set(names as FaultName[]);
}
