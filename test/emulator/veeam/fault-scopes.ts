import type { VeeamFaultName } from '../../../src/emulator/veeam/faults.ts';
import type { Difference } from './fault-script.ts';

/** What each fault may change in the script's answers: its one rule, and nothing else. */
export type Scope = (d: Difference) => boolean;

const label = (d: Difference, ...prefixes: string[]) => prefixes.some((prefix) => d.step.label.startsWith(prefix));
const bare = (value: string | undefined) => (value === undefined ? undefined : value.replace(/^"|"$/g, ''));
const absent = (value: string | undefined) => value === undefined || value === 'null';
const list = (value: string | undefined) => (value ? value.split(',') : []);
/** `EndTimeUTC[0]` → `EndTimeUTC`: the element name of a key in an `#order` list. */
const nameOf = (key: string) => key.replace(/\[.*$/, '');
const isOrder = (d: Difference) => d.path.endsWith('#order');
/** An order that changed only by items `ignored` says to ignore. */
const orderChangeOnly = (d: Difference, ignored: (key: string) => boolean) =>
  isOrder(d) && list(d.clean).filter((key) => !ignored(key)).join() === list(d.faulty).filter((key) => !ignored(key)).join();
/** A query parameter of the step's request. */
const param = (d: Difference, name: string) => new URL(d.step.path, 'http://host').searchParams.get(name);
const isQuery = (d: Difference) => d.step.path.startsWith('/api/query') && d.path !== 'status';
/** An order that only gained items, keeping the others in place. */
const orderGrewOnly = (d: Difference) => {
  const faulty = list(d.faulty);
  let at = 0;
  return isOrder(d) && list(d.clean).every((key) => (at = faulty.indexOf(key, at) + 1) > 0);
};
const sessionCollection = /^(xml|json) \/api\/(backupSessions|cdpReplicaTaskSessions|nas\/jobs\/[^/]+\/backupSessions|cdpReplicaSessions\/[^/]+\/cdpReplicaTaskSessions)$/;
const ISO_NAME = /@\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DOC_NAME = /@\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const isJson = (d: Difference) => d.path.startsWith('json');

export const FAULT_SCOPES: Record<VeeamFaultName, Scope> = {
  'veeam-logon-status-200': (d) => d.step.method === 'POST' && d.path === 'status' && d.clean === '201' && d.faulty === '200',
  'veeam-logon-no-challenge': (d) => d.step.label === 'logon-bad' && d.path === 'header:www-authenticate' && d.faulty === undefined,
  'veeam-token-not-required': (d) => d.step.label === 'no-token',
  'veeam-logoff-ineffective': (d) => label(d, 'after-logoff'),
  'veeam-expiry-not-sliding': (d) => label(d, 'idle-28', 'old-token'),
  'veeam-cookie-ignored': (d) => label(d, 'cookie-only', 'cookie-wins', 'after-logoff-cookie'),
  'veeam-json-by-default': (d) => d.step.options.accept === undefined && d.path !== 'status',
  'veeam-wrong-namespace': (d) => d.path.endsWith('@xmlns') && d.faulty === 'http://www.veeam.com/ent/v2.0',
  'veeam-attribute-as-element': (d) => d.path.includes('CdpReplicaTaskSession') && (d.path.endsWith('@VmDisplayName') || d.path.endsWith('/VmDisplayName[0]#text') || orderChangeOnly(d, (key) => nameOf(key) === 'VmDisplayName')),
  'veeam-element-order': (d) => /CdpReplicaTaskSession|BackupJobSession/.test(d.path) && isOrder(d) && [...list(d.clean)].sort().join() === [...list(d.faulty)].sort().join(),
  'veeam-invalid-enum': (d) => /(\/State\[0\]#text|\.State)$/.test(d.path) && bare(d.clean) === 'InProgress' && bare(d.faulty) === 'Running',
  'veeam-end-time-while-running': (d) => (/EndTimeUTC(\[0\]#text)?$/.test(d.path) && absent(d.clean)) || orderChangeOnly(d, (key) => nameOf(key) === 'EndTimeUTC'),
  'veeam-reason-on-success': (d) => (/Reason(\[0\]#text)?$/.test(d.path) && absent(d.clean)) || orderChangeOnly(d, (key) => nameOf(key) === 'Reason'),
  'veeam-session-name-iso': (d) => /(@|\.)Name$/.test(d.path) && DOC_NAME.test(bare(d.clean) ?? '') && ISO_NAME.test(bare(d.faulty) ?? '')
    && bare(d.clean)!.split('@')[0] === bare(d.faulty)!.split('@')[0],
  'veeam-timestamps-not-utc': (d) => bare(d.faulty)?.endsWith('+02:00') === true && Date.parse(bare(d.clean)!) === Date.parse(bare(d.faulty)!),
  'veeam-uid-href-mismatch': (d) => /(@|\.)UID$/.test(d.path),
  'veeam-no-alternate-link': (d) => d.path.includes('[Alternate|') || orderChangeOnly(d, (key) => key.includes('[Alternate|')),
  'veeam-format-entity-ignored': (d) => /format=Entity(&|$)/.test(d.step.path) && d.path !== 'status',
  'veeam-json-links-object': (d) => isJson(d) && d.path.includes('.Links'),
  'veeam-json-number-as-string': (d) => isJson(d) && /^-?\d+$/.test(d.clean ?? '') && d.faulty === JSON.stringify(d.clean),
  'veeam-json-null-omitted': (d) => isJson(d) && d.clean === 'null' && d.faulty === undefined,
  'veeam-window-leak': (d) => sessionCollection.test(d.step.label) && (d.clean === undefined || orderGrewOnly(d)),
  'veeam-nas-sessions-foreign': (d) => /nas\/jobs\/[^/]+\/backupSessions$/.test(d.step.label) && (d.clean === undefined || orderGrewOnly(d)),
  // Only well-formed IDs: a malformed one keeps its 404.
  'veeam-unknown-id-500': (d) => /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\/|$)/.test(d.step.path) && /^(status|.*@StatusCode|json\.StatusCode)$/.test(d.path) && d.clean === '404' && d.faulty === '500',
  'veeam-method-not-allowed-404': (d) => label(d, 'method') && /^(status|header:allow|.*@StatusCode|.*@Message|json\.StatusCode|json\.Message)$/.test(d.path),
  'veeam-error-not-error-document': (d) => d.status >= 400 && d.path !== 'status',
  'veeam-query-comparison-inclusive': (d) => isQuery(d) && /[<>](?!=)/.test(param(d, 'filter') ?? ''),
  'veeam-query-enum-alphabetical': (d) => isQuery(d) && (/(State|Result|JobType)\s*[<>]/.test(param(d, 'filter') ?? '') || /^(State|Result|JobType)$/.test(param(d, 'sortAsc') ?? param(d, 'sortDesc') ?? '')),
  'veeam-query-sort-desc-ignored': (d) => isQuery(d) && param(d, 'sortDesc') !== null,
  'veeam-query-paging-overlap': (d) => isQuery(d) && Number(param(d, 'page') ?? 1) > 1,
};
