import type { VeeamFaultName } from '../../../src/emulator/veeam/faults.ts';
import { startVeeamEmulator } from '../../../src/emulator/veeam/server.ts';
import type { VeeamState } from '../../../src/emulator/veeam/state.ts';
import { manualClock, parseOrderedXml, VeeamTestClient, type Answer, type Json, type RequestOptions } from './helpers.ts';
import { everyResource } from './paths.ts';

/** One request of the fixed script; `label` names it in differences. */
export interface Step {
  label: string;
  method: string;
  path: string;
  options: RequestOptions;
}

/** A response reduced to comparable facts: `status`, some headers, and the body flattened to path → value. */
export type Flat = Map<string, string>;

export interface Difference {
  step: Step;
  /** The clean answer's status of the step. */
  status: number;
  path: string;
  clean: string | undefined;
  faulty: string | undefined;
}

const MINUTE = 60_000;
const UNKNOWN = '0123abcd-0000-4000-8000-000000000000';
const BASIC = `Basic ${Buffer.from('veeam:veeam1!').toString('base64')}`;

/**
 * Runs the script on a fresh emulator with `faults` (same seed, same hand-moved clock every time) and returns
 * each step's flattened answer. The script covers every resource in both forms and both representations, the
 * query service (filters with bounds that equal data values, enum comparisons, sorting, pages), errors, the
 * token by header and cookie, idle time, and logoff.
 */
export async function runScript(faults: ReadonlySet<VeeamFaultName>): Promise<Array<{ step: Step; flat: Flat }>> {
  const clock = manualClock(Date.UTC(2025, 0, 31, 6));
  const emulator = await startVeeamEmulator({ seed: 31, now: clock.now, faults });
  const client = new VeeamTestClient(emulator.url);
  const out: Array<{ step: Step; flat: Flat }> = [];
  const run = async (step: Step) => {
    const answer = await client.send(step.method, step.path, step.options);
    out.push({ step, flat: flatten(answer, emulator.url) });
    return answer;
  };
  const get = (label: string, path: string, options: RequestOptions = {}) => run({ label, method: 'GET', path, options });
  try {
    await get('root', '/api/', { via: 'none' });
    const logon = await run({ label: 'logon', method: 'POST', path: '/api/sessionMngr/?v=latest', options: { via: 'none', headers: { authorization: BASIC } } });
    client.token = logon.headers['x-restsvcsessionid'] as string;
    const logonId = String(logon.xml?.LogonSession?.SessionId ?? logon.json?.SessionId);
    await run({ label: 'logon-bad', method: 'POST', path: '/api/sessionMngr/', options: { via: 'none', headers: { authorization: `Basic ${Buffer.from('veeam:nope').toString('base64')}` }, accept: 'application/json' } });
    await run({ label: 'logon-bad-version', method: 'POST', path: '/api/sessionMngr/?v=v9', options: { via: 'none', headers: { authorization: BASIC } } });
    await get('no-token', '/api/backupServers', { via: 'none' });
    await get('bad-token', '/api/backupServers', { token: 'Ym9ndXM=' });
    await get('cookie-only', '/api/backupServers', { via: 'cookie' });
    await get('cookie-wins', '/api/backupServers', { via: 'none', headers: { cookie: 'X-RestSvcSessionId=Ym9ndXM=', 'X-RestSvcSessionId': client.token } });
    for (const step of resourceSteps(emulator.state, logonId)) await run(step);
    for (const step of querySteps(emulator.state)) await run(step);
    for (const step of errorSteps(emulator.state)) await run(step);
    clock.advance(14 * MINUTE);
    await get('idle-14', '/api/backupServers');
    clock.advance(14 * MINUTE);
    await get('idle-28', '/api/backupServers');
    const again = await run({ label: 'logon-2', method: 'POST', path: '/api/sessionMngr/', options: { via: 'none', headers: { authorization: BASIC } } });
    const old = client.token;
    client.token = again.headers['x-restsvcsessionid'] as string;
    const id = (await client.get('/api/logonSessions', { accept: 'application/json' })).json!.Refs.map((ref: Json) => ref.Href.split('/').pop());
    await run({ label: 'logoff', method: 'DELETE', path: `/api/logonSessions/${id[id.length - 1]}`, options: {} });
    await get('after-logoff', '/api/backupServers');
    await get('after-logoff-cookie', '/api/backupServers', { via: 'cookie' });
    await get('old-token', '/api/backupServers', { token: old });
    return out;
  } finally {
    await emulator.close();
  }
}

function resourceSteps(state: VeeamState, logonId: string): Step[] {
  const { data } = state;
  const paths = [
    ...everyResource(state, logonId),
    ...data.jobs.filter((job) => job.nas).map((job) => `/api/nas/jobs/${job.id}/backupSessions`),
    ...data.cdpSessions.map((session) => `/api/cdpReplicaSessions/${session.id}/cdpReplicaTaskSessions`),
  ];
  return [...new Set(paths)].flatMap((path) => [
    { label: `xml ${path}`, method: 'GET', path, options: {} },
    { label: `json ${path}`, method: 'GET', path, options: { accept: 'application/json' } },
  ]);
}

function querySteps(state: VeeamState): Step[] {
  const { data } = state;
  const task = data.cdpTaskSessions[5]!;
  const session = data.backupSessions[12]!;
  const queries: Array<[string, string]> = [
    ['query-entities-cdp', 'type=CdpReplicaTaskSession&format=Entities&pageSize=1000'],
    ['query-entities-jobs', 'type=BackupJobSession&format=Entities&pageSize=1000'],
    ['query-lt-size', `type=CdpReplicaTaskSession&filter=TotalSize<${task.totalSize}&pageSize=1000`],
    ['query-gt-time', `type=BackupJobSession&filter=CreationTime>${new Date(session.creation).toISOString()}&pageSize=1000`],
    ['query-enum-state', 'type=BackupJobSession&filter=State<Working&pageSize=1000'],
    ['query-sort-state', 'type=BackupJobSession&sortAsc=State&pageSize=1000'],
    ['query-sort-desc', 'type=BackupJobSession&sortDesc=CreationTime&pageSize=1000'],
    ['query-page-1', 'type=BackupJobSession&pageSize=5&page=1'],
    ['query-page-2', 'type=BackupJobSession&pageSize=5&page=2'],
    ['query-page-3', 'type=BackupJobSession&pageSize=5&page=3'],
    ['query-nas', 'type=NasJob&format=Entities'],
  ];
  return queries.flatMap(([label, query]) => [
    { label: `${label} xml`, method: 'GET', path: `/api/query?${query}`, options: {} },
    { label: `${label} json`, method: 'GET', path: `/api/query?${query}`, options: { accept: 'application/json' } },
  ]);
}

function errorSteps(state: VeeamState): Step[] {
  const session = state.data.backupSessions[0]!;
  return [
    ...['backupSessions', 'cdpReplicaTaskSessions', 'nas/jobs', 'nas/jobs/{ID}/backupSessions'].flatMap((kind) => [
      { label: `unknown-id ${kind}`, method: 'GET', path: `/api/${kind.replace('/{ID}', '')}/${UNKNOWN}${kind.includes('{ID}') ? '/backupSessions' : ''}`, options: {} },
      { label: `unknown-id ${kind} json`, method: 'GET', path: `/api/${kind.replace('/{ID}', '')}/${UNKNOWN}${kind.includes('{ID}') ? '/backupSessions' : ''}`, options: { accept: 'application/json' } },
    ]),
    { label: 'malformed-id', method: 'GET', path: '/api/backupSessions/not-a-guid', options: {} },
    { label: 'method', method: 'POST', path: '/api/backupSessions', options: {} },
    { label: 'method json', method: 'DELETE', path: `/api/backupSessions/${session.id}`, options: { accept: 'application/json' } },
    { label: 'bad-filter', method: 'GET', path: '/api/query?type=BackupJobSession&filter=State=Working', options: { accept: 'application/json' } },
    { label: 'unknown-path', method: 'GET', path: '/api/colours', options: {} },
  ];
}

/** Keys list items by what names them (Href, or Rel and Type of a link), so an extra item shifts nothing else. */
function itemKey(tag: string, attributes: Json, index: number): string {
  if (attributes.Rel !== undefined) return `${tag}[${attributes.Rel}|${attributes.Type ?? ''}]`;
  if (attributes.Href !== undefined) return `${tag}[${attributes.Href}]`;
  return `${tag}[${index}]`;
}

function flattenXml(entries: Json[], prefix: string, flat: Flat): void {
  const keys: string[] = [];
  const counts = new Map<string, number>();
  for (const entry of entries) {
    if ('#text' in entry) {
      flat.set(`${prefix}#text`, String(entry['#text']));
      continue;
    }
    const tag = Object.keys(entry).find((key) => key !== ':@')!;
    if (tag === '?xml') continue;
    const attributes = (entry[':@'] ?? {}) as Json;
    const index = counts.get(tag) ?? 0;
    counts.set(tag, index + 1);
    const key = itemKey(tag, attributes, index);
    keys.push(key);
    for (const [name, value] of Object.entries(attributes)) flat.set(`${prefix}/${key}@${name}`, String(value));
    flattenXml(entry[tag] as Json[], `${prefix}/${key}`, flat);
  }
  if (keys.length > 0) flat.set(`${prefix}#order`, keys.join(','));
}

function flattenJson(value: unknown, prefix: string, flat: Flat): void {
  if (Array.isArray(value)) {
    const keys = value.map((item, index) => itemKey('', (item ?? {}) as Json, index));
    flat.set(`${prefix}#order`, keys.join(','));
    value.forEach((item, index) => flattenJson(item, `${prefix}${keys[index]}`, flat));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flattenJson(child, `${prefix}.${key}`, flat);
  } else {
    flat.set(prefix, JSON.stringify(value));
  }
}

/** Tokens are random: they are replaced by placeholders, the origin (its port differs) by `http://host`. */
function flatten(answer: Answer, origin: string): Flat {
  const flat: Flat = new Map();
  const text = answer.text.split(origin).join('http://host');
  flat.set('status', String(answer.status));
  flat.set('header:content-type', String(answer.headers['content-type'] ?? ''));
  for (const name of ['www-authenticate', 'allow']) if (answer.headers[name] !== undefined) flat.set(`header:${name}`, String(answer.headers[name]));
  if (answer.headers['x-restsvcsessionid'] !== undefined) flat.set('header:x-restsvcsessionid', '<token>');
  if (answer.headers['set-cookie'] !== undefined) flat.set('header:set-cookie', String(answer.headers['set-cookie']).replace(/=[^;]+;/, '=<token>;'));
  if (answer.json !== undefined) flattenJson(JSON.parse(text), 'json', flat);
  else if (answer.xml !== undefined) flattenXml(parseOrderedXml(text), 'xml', flat);
  else if (text !== '') flat.set('text', text);
  return flat;
}

/** Every path whose value differs between the clean and the faulty run, step by step. */
export function differences(clean: Array<{ step: Step; flat: Flat }>, faulty: Array<{ step: Step; flat: Flat }>): Difference[] {
  const out: Difference[] = [];
  clean.forEach(({ step, flat }, index) => {
    const other = faulty[index]!.flat;
    for (const path of new Set([...flat.keys(), ...other.keys()])) {
      if (flat.get(path) !== other.get(path)) out.push({ step, status: Number(flat.get('status')), path, clean: flat.get(path), faulty: other.get(path) });
    }
  });
  return out;
}
