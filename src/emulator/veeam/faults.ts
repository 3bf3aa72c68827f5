/**
 * The Veeam emulator's switchable non-conformances. Each one breaks exactly one rule of veeam-em.md or the
 * seed pages (003, 004), so the fault matrix can prove that some check of the suite notices it; nothing that
 * the reference leaves undocumented is a fault. Names are stable: the CLI and tests use them.
 */
export const VEEAM_FAULTS = {
  'veeam-logon-status-200': 'a successful logon answers 200 instead of 201',
  'veeam-logon-no-challenge': 'a logon with bad credentials answers 401 without WWW-Authenticate: Basic Realm=RestSvc',
  'veeam-token-not-required': 'requests without an X-RestSvcSessionId token are served instead of rejected with 401',
  'veeam-logoff-ineffective': 'DELETE /logonSessions/{ID} answers 204 but the token keeps working',
  'veeam-expiry-not-sliding': 'a logon session expires 15 minutes after logon however active it is (no sliding expiry)',
  'veeam-cookie-ignored': 'the X-RestSvcSessionId cookie is ignored: only the header authenticates',
  'veeam-json-by-default': 'answers are JSON when the client sends no Accept header or */*',
  'veeam-wrong-namespace': 'XML documents use the namespace http://www.veeam.com/ent/v2.0',
  'veeam-attribute-as-element': 'VmDisplayName of a CdpReplicaTaskSession entity is an element instead of an attribute',
  'veeam-element-order': 'State comes before CreationTimeUTC in CdpReplicaTaskSession and BackupJobSession entities',
  'veeam-invalid-enum': 'running CdpReplicaTaskSession entities have State "Running" instead of "InProgress"',
  'veeam-end-time-while-running': 'running sessions carry an EndTimeUTC (their creation time)',
  'veeam-reason-on-success': 'CdpReplicaTaskSession entities with Result Success carry a Reason',
  'veeam-session-name-iso': 'session names use <name>@<ISO 8601 time> instead of <name>@<yyyy-MM-dd HH:mm:ss>',
  'veeam-timestamps-not-utc': 'timestamps are written with a +02:00 offset instead of UTC with Z (same instant)',
  'veeam-uid-href-mismatch': 'the UID of a session carries the GUID of its parent instead of the GUID in its Href',
  'veeam-no-alternate-link': 'references and entities lack their Alternate link',
  'veeam-format-entity-ignored': '?format=Entity answers the reference form',
  'veeam-json-links-object': 'JSON Links is an object {"Link":[...]} instead of an array',
  'veeam-json-number-as-string': 'JSON numbers (TotalSize, Progress, paging numbers, StatusCode) are strings',
  'veeam-json-null-omitted': 'absent optional values are left out of JSON instead of being null',
  'veeam-window-leak': 'session collections also list sessions created more than 30 days ago',
  'veeam-nas-sessions-foreign': '/nas/jobs/{ID}/backupSessions also lists the sessions of the other NAS jobs',
  'veeam-unknown-id-500': 'an unknown (well-formed) ID answers 500 instead of 404',
  'veeam-method-not-allowed-404': 'an unsupported method answers 404 instead of 405',
  'veeam-error-not-error-document': 'error answers carry a text/plain message instead of an Error document',
  'veeam-query-comparison-inclusive': 'query filters: < and > include the bound (behave like <= and >=)',
  'veeam-query-enum-alphabetical': 'query filters and sorting compare enum values alphabetically instead of by declaration order',
  'veeam-query-sort-desc-ignored': 'query sortDesc sorts ascending',
  'veeam-query-paging-overlap': 'each query page after the first repeats the last record of the previous page',
} as const;

export type VeeamFaultName = keyof typeof VEEAM_FAULTS;

/** Throws a one-line error for an unknown fault name (the CLI turns it into exit code 2). */
export function parseVeeamFaults(names: readonly string[]): Set<VeeamFaultName> {
  for (const name of names) {
    if (!Object.hasOwn(VEEAM_FAULTS, name)) throw new Error(`unknown Veeam fault "${name}" (see: conformance faults)`);
  }
  return new Set(names as VeeamFaultName[]);
}
