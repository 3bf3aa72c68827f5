import { SeededRandom } from '../random.ts';
import {
  buildVeeamDataset, DEFAULT_VEEAM_DATASET, WINDOW_MS,
  type BackupServerEntity, type BackupSessionEntity, type CdpPolicySessionEntity, type JobEntity, type TaskSessionEntity,
  type VeeamDataset, type VeeamDatasetOptions,
} from './data.ts';
import type { VeeamFaultName } from './faults.ts';
import { advanceLive } from './live.ts';

export interface VeeamCredentials {
  name: string;
  password: string;
}

/** The API versions a logon may ask for (veeam-em.md · Base, versions); `latest` is v1_7. */
export const VEEAM_API_VERSIONS = ['v1_5', 'v1_6', 'v1_7'] as const;
export type VeeamApiVersion = (typeof VEEAM_API_VERSIONS)[number];

export interface VeeamEmulatorConfig extends Omit<VeeamDatasetOptions, 'anchor'> {
  /** The one account EM accepts (HTTP Basic at logon); the name matches case-insensitively, as Windows accounts do. */
  user: VeeamCredentials;
  /** Idle time after which a logon session expires; every authenticated request restarts it (sliding). */
  sessionTimeoutMs: number;
  /** Live sessions: running sessions move on (state, progress, sizes, end times) from one request to the next. */
  live: boolean;
  faults: ReadonlySet<VeeamFaultName>;
  /** The clock, in epoch milliseconds: the 30-day window, session expiry, live end times and the Date header. */
  now: () => number;
}

export const DEFAULT_VEEAM_CONFIG: VeeamEmulatorConfig = {
  seed: 1,
  ...DEFAULT_VEEAM_DATASET,
  user: { name: 'veeam', password: 'veeam1!' },
  sessionTimeoutMs: 15 * 60_000,
  live: false,
  faults: new Set(),
  now: () => Date.now(),
};

/**
 * Bad options fail early with a message naming the API (a CLI turns it into exit code 2): sizes are
 * non-negative integers (at least one backup server), the timeout positive, the seed an integer.
 */
export function checkVeeamConfig(config: VeeamEmulatorConfig): void {
  const sizes = ['backupServers', 'nasJobs', 'otherJobs', 'sessionsPerJob', 'cdpPolicies', 'policySessionsPerPolicy', 'tasksPerPolicySession'] as const;
  for (const name of sizes) {
    if (!Number.isSafeInteger(config[name]) || config[name] < (name === 'backupServers' ? 1 : 0)) {
      throw new RangeError(`startVeeamEmulator: ${name} must be a ${name === 'backupServers' ? 'positive' : 'non-negative'} integer, not ${config[name]}`);
    }
  }
  if (!Number.isSafeInteger(config.seed)) throw new RangeError(`startVeeamEmulator: seed must be an integer, not ${config.seed}`);
  if (!(config.sessionTimeoutMs > 0)) throw new RangeError(`startVeeamEmulator: sessionTimeoutMs must be positive, not ${config.sessionTimeoutMs}`);
  if (config.user.name === '' || config.user.name.includes(':')) throw new RangeError('startVeeamEmulator: the user name must be non-empty and without ":"');
}

/** A logon session: the token is what clients send back, the id is what /logonSessions/{ID} names. */
export interface LogonSessionRecord {
  id: string;
  token: string;
  userName: string;
  version: VeeamApiVersion;
  created: number;
  lastSeen: number;
}

/** The emulated Enterprise Manager: configuration, the seeded data (anchored at start time) and logon sessions. */
export class VeeamState {
  readonly config: VeeamEmulatorConfig;
  readonly data: VeeamDataset;
  /** Requests served so far: the clock of live sessions. */
  requests = 0;
  readonly logons = new Map<string, LogonSessionRecord>();
  private readonly sessionIds: SeededRandom;
  private readonly index: {
    servers: Map<string, BackupServerEntity>;
    jobs: Map<string, JobEntity>;
    backupSessions: Map<string, BackupSessionEntity>;
    backupTaskSessions: Map<string, TaskSessionEntity>;
    cdpSessions: Map<string, CdpPolicySessionEntity>;
    cdpTaskSessions: Map<string, TaskSessionEntity>;
  };
  readonly tasksOf = new Map<string, TaskSessionEntity[]>();

  constructor(config: VeeamEmulatorConfig) {
    checkVeeamConfig(config);
    this.config = config;
    this.data = buildVeeamDataset({ ...config, anchor: config.now() });
    // Logon session ids are seeded too, so two emulators with one seed answer one script identically.
    this.sessionIds = new SeededRandom(config.seed ^ 0x5e55_1d5);
    const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((item) => [item.id, item]));
    this.index = {
      servers: byId(this.data.servers), jobs: byId(this.data.jobs), backupSessions: byId(this.data.backupSessions),
      backupTaskSessions: byId(this.data.backupTaskSessions), cdpSessions: byId(this.data.cdpSessions), cdpTaskSessions: byId(this.data.cdpTaskSessions),
    };
    for (const task of [...this.data.backupTaskSessions, ...this.data.cdpTaskSessions]) {
      const list = this.tasksOf.get(task.parentId) ?? [];
      list.push(task);
      this.tasksOf.set(task.parentId, list);
    }
  }

  now(): number {
    return this.config.now();
  }

  has(fault: VeeamFaultName): boolean {
    return this.config.faults.has(fault);
  }

  /** Counts a request; in live mode every request moves the running sessions on. */
  tick(): void {
    this.requests++;
    if (this.config.live) advanceLive(this.data, this.tasksOf, this.now(), this.requests);
  }

  /** True when a session created at `creation` is listed by the session collections (created in the last 30 days). */
  inWindow(creation: number): boolean {
    return creation >= this.now() - WINDOW_MS || this.has('veeam-window-leak');
  }

  /** GUIDs in paths match case-insensitively (.NET parses them so); the stored ids are lower case. */
  server = (id: string) => this.index.servers.get(id.toLowerCase());
  job = (id: string) => this.index.jobs.get(id.toLowerCase());
  backupSession = (id: string) => this.index.backupSessions.get(id.toLowerCase());
  backupTaskSession = (id: string) => this.index.backupTaskSessions.get(id.toLowerCase());
  cdpSession = (id: string) => this.index.cdpSessions.get(id.toLowerCase());
  cdpTaskSession = (id: string) => this.index.cdpTaskSessions.get(id.toLowerCase());

  /** Opens a logon session; the token is random (never derived from the seed), the id is seeded. Expired ones are dropped. */
  openLogon(userName: string, version: VeeamApiVersion, token: string): LogonSessionRecord {
    for (const [key, record] of this.logons) if (this.expired(record)) this.logons.delete(key);
    const now = this.now();
    const record: LogonSessionRecord = { id: this.sessionIds.uuid(), token, userName, version, created: now, lastSeen: now };
    this.logons.set(token, record);
    return record;
  }

  logonById(id: string): LogonSessionRecord | undefined {
    for (const record of this.logons.values()) if (record.id === id.toLowerCase() && !this.expired(record)) return record;
    return undefined;
  }

  /** Idle for the whole timeout (or, with the fault, that long after logon). */
  expired(record: LogonSessionRecord): boolean {
    const since = this.has('veeam-expiry-not-sliding') ? record.created : record.lastSeen;
    return this.now() - since >= this.config.sessionTimeoutMs;
  }
}
