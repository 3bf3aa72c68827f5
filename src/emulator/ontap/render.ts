import type { NodeEntity, SessionEntity, SvmEntity } from '../data.ts';
import type { OntapState } from './state.ts';

type Json = Record<string, unknown>;

const self = (href: string) => ({ self: { href } });

export function nodeReference(node: { uuid: string; name: string }): Json {
  return { _links: self(`/api/cluster/nodes/${node.uuid}`), name: node.name, uuid: node.uuid };
}

export function svmReference(svm: { uuid: string; name: string }): Json {
  return { _links: self(`/api/svm/svms/${svm.uuid}`), name: svm.name, uuid: svm.uuid };
}

/** An ndmp_node record; the password is write-only and never rendered (unless that fault is on). */
export function renderNode(state: OntapState, node: NodeEntity): Json {
  const record: Json = {
    _links: self(`/api/protocols/ndmp/nodes/${node.uuid}`),
    authentication_types: [...node.ndmp.authentication_types],
    enabled: node.ndmp.enabled,
    node: nodeReference(node),
  };
  if (state.has('password-readable') && node.ndmp.password !== undefined) record.password = node.ndmp.password;
  if (node.ndmp.user !== undefined) record.user = node.ndmp.user;
  return record;
}

export function renderSvm(svm: SvmEntity): Json {
  return {
    _links: self(`/api/protocols/ndmp/svms/${svm.uuid}`),
    authentication_types: [...svm.ndmp.authentication_types],
    enabled: svm.ndmp.enabled,
    svm: svmReference(svm),
  };
}

/**
 * The node and SVM references of session records, one object per node or SVM shared by all its sessions (100,000
 * sessions need not carry 200,000 copies). Nothing writes to rendered references: projections copy, faults and
 * live mode change only the session's own nested values.
 */
const references = new WeakMap<OntapState, Map<string, Json>>();

function sharedReference(state: OntapState, kind: 'node' | 'svm', uuid: string): Json {
  let byUuid = references.get(state);
  if (!byUuid) references.set(state, (byUuid = new Map()));
  const key = `${kind}/${uuid}`;
  let reference = byUuid.get(key);
  if (!reference) {
    reference = kind === 'node' ? nodeReference(state.node(uuid)!) : svmReference(state.svm(uuid)!);
    byUuid.set(key, reference);
  }
  return reference;
}

/** An ndmp_session record shaped for the current NDMP mode (owner uuid, id format, svm object). */
export function renderSession(state: OntapState, session: SessionEntity): Json {
  const owner = state.ownerOf(session);
  const id = state.sessionId(session);
  const record: Json = {
    _links: self(`/api/protocols/ndmp/sessions/${owner}/${encodeURIComponent(id)}`),
    // Faults and live mode change nested values: only then is the stored body copied deeply.
    ...(state.config.live || state.config.faults.size > 0 ? structuredClone(session.body) : session.body),
    id,
    node: sharedReference(state, 'node', session.nodeUuid),
  };
  if (state.mode === 'svm') record.svm = sharedReference(state, 'svm', session.svmUuid);
  if (state.config.live) applyLiveProgress(state, record, session);
  // The top-level uuid appeared in 9.9.
  if (state.atLeast('9.9')) record.uuid = owner;
  applyShapeFaults(state, record, session);
  return sortKeys(record);
}

/** Active sessions move data as requests go by; now and then an idle data server becomes active. */
function applyLiveProgress(state: OntapState, record: Json, session: SessionEntity): void {
  const data = record.data as Json;
  const mover = record.mover as Json;
  const rate = 4096 * (1 + (session.nodeSessionId % 7));
  if (data.state === 'idle' && (session.nodeSessionId + Math.floor(state.requests / 20)) % 4 === 0) data.state = 'active';
  if (data.state === 'active') data.bytes_processed = (data.bytes_processed as number) + state.requests * rate;
  if (mover.state === 'active') mover.bytes_moved = (mover.bytes_moved as number) + state.requests * rate;
}

function applyShapeFaults(state: OntapState, record: Json, session: SessionEntity): void {
  const data = record.data as Json;
  const connection = data.connection as Json;
  if (state.has('shape-integer-as-string')) {
    record.client_port = String(record.client_port);
    data.bytes_processed = String(data.bytes_processed);
    connection.port = String(connection.port);
  }
  if (state.has('shape-unknown-enum') && session.nodeSessionId % 3 === 0) data.state = 'running';
  if (state.has('shape-flat-connection')) data.connection = `${connection.address}:${connection.port}`;
}

function sortKeys(record: Json): Json {
  // Keys are distinct, so the default code-unit order of sort() is the order `a < b` gives.
  const out: Json = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}
