import { buildDataset, type Dataset, type SessionEntity } from '../data.ts';
import type { FaultName } from '../faults.ts';

export type NdmpMode = 'svm' | 'node';

export interface Credentials {
  name: string;
  password: string;
}

export interface OntapEmulatorConfig {
  /** ONTAP release reported by /api/cluster, "9.14.1". */
  version: string;
  mode: NdmpMode;
  seed: number;
  sessions: number;
  admin: Credentials;
  readonly: Credentials;
  faults: ReadonlySet<FaultName>;
  /** Live sessions: counters grow and some states change from one request to the next, as on a busy cluster. */
  live: boolean;
}

export const DEFAULT_ONTAP_CONFIG: OntapEmulatorConfig = {
  version: '9.14.1',
  mode: 'svm',
  seed: 1,
  sessions: 40,
  admin: { name: 'admin', password: 'netapp1!' },
  readonly: { name: 'viewer', password: 'viewer1!' },
  faults: new Set(),
  live: false,
};

/** The emulated cluster: configuration plus the mutable NDMP state (mode, configs, sessions). */
export class OntapState {
  readonly config: OntapEmulatorConfig;
  readonly data: Dataset;
  mode: NdmpMode;
  /** Bumped on every change so rendered collections can be cached between requests. */
  revision = 0;
  /** Requests served so far: the clock of live sessions. */
  requests = 0;

  constructor(config: OntapEmulatorConfig) {
    this.config = config;
    this.mode = config.mode;
    this.data = buildDataset({ seed: config.seed, sessions: config.sessions });
  }

  get versionTuple(): [number, number, number] {
    const [g = 9, m = 0, p = 0] = this.config.version.split('.').map((part) => Number.parseInt(part, 10));
    return [g, m, p];
  }

  /** True when the emulated release is at least `version` ("9.9"). */
  atLeast(version: string): boolean {
    const want = version.split('.').map(Number);
    const have = this.versionTuple;
    for (let i = 0; i < 3; i++) {
      const a = have[i] ?? 0;
      const b = want[i] ?? 0;
      if (a !== b) return a > b;
    }
    return true;
  }

  /** Counts a request; in live mode every request moves the sessions on. */
  tick(): void {
    this.requests++;
    if (this.config.live) this.revision++;
  }

  has(fault: FaultName): boolean {
    return this.config.faults.has(fault);
  }

  node(uuid: string) {
    return this.data.nodes.find((node) => node.uuid === uuid);
  }

  svm(uuid: string) {
    return this.data.svms.find((svm) => svm.uuid === uuid);
  }

  private sessionIndex?: { key: string; byPath: Map<string, SessionEntity> };

  /** The session that the path key (owner uuid, session id) names in the current mode (the first, if several do). */
  findSession(owner: string, id: string): SessionEntity | undefined {
    if (this.config.live) return this.data.sessions.find((session) => this.ownerOf(session) === owner && this.sessionId(session) === id);
    // An index per revision and mode: an instance GET must not scan 100,000 sessions.
    const key = `${this.revision}:${this.mode}`;
    if (this.sessionIndex?.key !== key) {
      const byPath = new Map<string, SessionEntity>();
      for (const session of this.data.sessions) {
        const path = `${this.ownerOf(session)}/${this.sessionId(session)}`;
        if (!byPath.has(path)) byPath.set(path, session);
      }
      this.sessionIndex = { key, byPath };
    }
    return this.sessionIndex.byPath.get(`${owner}/${id}`);
  }

  ownerOf(session: SessionEntity): string {
    return this.mode === 'node' ? session.nodeUuid : session.svmUuid;
  }

  sessionId(session: SessionEntity): string {
    if (this.mode === 'node' || this.has('scope-session-id-format')) return String(session.nodeSessionId);
    return `${session.nodeSessionId}:${session.svmSessionId}`;
  }

  removeSession(session: SessionEntity): void {
    const index = this.data.sessions.indexOf(session);
    if (index >= 0) this.data.sessions.splice(index, 1);
    this.revision++;
  }
}
