import { SeededRandom } from './random.ts';

/** Enumerations of the NDMP schema (ontap-ndmp.md): the seeded sessions cover every value. */
export const NDMP_ENUMS = {
  state: ['active', 'connected', 'halted', 'idle', 'listening', 'paused'],
  reason: [
    'aborted', 'connection_closed', 'connect_error', 'end_of_file', 'end_of_media', 'end_of_window',
    'internal_error', 'media_error', 'not_available', 'seek', 'successful',
  ],
  operation: ['backup', 'restore', 'none'],
  connectionType: ['local', 'tcp'],
  moverMode: ['read', 'write', 'data', 'raw'],
  backupEngine: ['dump', 'smtape'],
  authenticationTypes: ['plaintext', 'challenge', 'plaintext_sso'],
  mode: ['svm', 'node'],
} as const;

export interface NodeEntity {
  uuid: string;
  name: string;
  ndmp: { enabled: boolean; authentication_types: string[]; user?: string; password?: string };
}

export interface SvmEntity {
  uuid: string;
  name: string;
  ndmp: { enabled: boolean; authentication_types: string[] };
}

/** A session as stored: scope-independent; `renderSession` shapes it for the current NDMP mode. */
export interface SessionEntity {
  nodeUuid: string;
  svmUuid: string;
  nodeSessionId: number;
  svmSessionId: number;
  body: Record<string, unknown>;
}

export interface Dataset {
  nodes: NodeEntity[];
  svms: SvmEntity[];
  sessions: SessionEntity[];
}

export interface DatasetOptions {
  seed: number;
  sessions: number;
}

const NODE_NAMES = ['cluster1-01', 'cluster1-02', 'cluster1-03', 'cluster1-04'];
const SVM_NAMES = ['vs0', 'vs1', 'vs_backup', 'svm_nas'];
const VOLUMES = ['vol1', 'vol2', 'Vol_Archive', 'projects', 'home', 'db_logs'];
const TAPES = ['nrst0a', 'nrst1a', 'rst0l', 'nrst2m'];

/** Builds the deterministic dataset for a seed: 2+ nodes, 3+ SVMs and `sessions` sessions. */
export function buildDataset(options: DatasetOptions): Dataset {
  const random = new SeededRandom(options.seed);
  const nodeCount = 2 + (options.seed % 2);
  const svmCount = 3 + (options.seed % 2);
  const nodes: NodeEntity[] = NODE_NAMES.slice(0, nodeCount).map((name, i) => ({
    uuid: random.uuid(),
    name,
    ndmp: {
      enabled: i % 2 === 0,
      authentication_types: i % 2 === 0 ? ['challenge'] : ['plaintext', 'challenge'],
      ...(i % 2 === 0 ? { user: 'ndmpuser', password: `seed-${options.seed}-node-${i}` } : {}),
    },
  }));
  const svms: SvmEntity[] = SVM_NAMES.slice(0, svmCount).map((name, i) => ({
    uuid: random.uuid(),
    name,
    ndmp: {
      enabled: i !== 1,
      authentication_types: [['challenge'], ['plaintext', 'challenge'], ['plaintext_sso'], ['plaintext']][i % 4]!,
    },
  }));
  const perNode = new Map<string, number>();
  const perSvm = new Map<string, number>();
  const sessions: SessionEntity[] = [];
  // Addresses, paths and device ids repeat across sessions (a few thousand distinct values): one string each keeps
  // 100,000 sessions compact.
  const strings = new Map<string, string>();
  const intern = (text: string): string => {
    const known = strings.get(text);
    if (known !== undefined) return known;
    strings.set(text, text);
    return text;
  };
  let dataReasons = 0;
  let moverReasons = 0;
  for (let i = 0; i < options.sessions; i++) {
    const node = nodes[i % nodes.length]!;
    const svm = svms[(i + Math.floor(i / nodes.length)) % svms.length]!;
    const nodeSessionId = 1000 + (perNode.get(node.uuid) ?? 0);
    perNode.set(node.uuid, nodeSessionId - 999);
    const svmSessionId = 4000 + (perSvm.get(svm.uuid) ?? 0);
    perSvm.set(svm.uuid, svmSessionId - 3999);
    const dataState = NDMP_ENUMS.state[i % 6]!;
    const moverState = NDMP_ENUMS.state[(i + 3) % 6]!;
    const halting = (state: string) => state === 'halted' || state === 'paused';
    const data: Record<string, unknown> = {
      bytes_processed: random.int(0, 5_000_000_000),
      connection: {
        address: intern(`10.0.${random.int(0, 9)}.${random.int(1, 254)}`),
        port: random.int(10000, 20000),
        type: NDMP_ENUMS.connectionType[i % 2]!,
      },
      operation: NDMP_ENUMS.operation[i % 3]!,
      state: dataState,
    };
    if (halting(dataState) || i % 4 === 1) data.reason = NDMP_ENUMS.reason[dataReasons++ % 11]!;
    const mover: Record<string, unknown> = {
      bytes_moved: random.int(0, 5_000_000_000),
      connection: {
        address: intern(`10.1.${random.int(0, 9)}.${random.int(1, 254)}`),
        port: random.int(10000, 20000),
        type: NDMP_ENUMS.connectionType[(i + 1) % 2]!,
      },
      mode: NDMP_ENUMS.moverMode[i % 4]!,
      state: moverState,
    };
    if (halting(moverState) || i % 4 === 3) mover.reason = NDMP_ENUMS.reason[(moverReasons++ + 5) % 11]!;
    const body: Record<string, unknown> = {
      backup_engine: NDMP_ENUMS.backupEngine[i % 2]!,
      client_address: intern(`192.168.${random.int(0, 3)}.${random.int(1, 254)}`),
      client_port: random.int(1024, 65535),
      data,
      data_path: intern(`/${svm.name}/${random.pick(VOLUMES)}`),
      mover,
      source_address: intern(`10.2.0.${random.int(1, 254)}`),
      tape_device: random.pick(TAPES),
      tape_mode: NDMP_ENUMS.moverMode[(i + 2) % 4]!,
    };
    // Sessions without a SCSI server or tape leave those fields unset, so `null` filters have something to find.
    if (i % 5 !== 4) {
      body.scsi = { device_id: intern(`scsi-${random.int(0, 99)}`), host_adapter: random.int(0, 3), lun_id: random.int(0, 7), target_id: random.int(0, 15) };
    } else {
      delete body.tape_device;
    }
    sessions.push({ nodeUuid: node.uuid, svmUuid: svm.uuid, nodeSessionId, svmSessionId, body });
  }
  return { nodes, svms, sessions };
}
