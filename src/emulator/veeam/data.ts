import { SeededRandom } from '../random.ts';

/** Enumerations in their declaration order (veeam-em.md; the query service compares enums by this order). */
export const VEEAM_ENUMS = {
  jobSessionState: ['Starting', 'Stopping', 'Working', 'Pausing', 'Resuming', 'Stopped'],
  /** `None` is what EM shows while a job session runs (undocumented, declared last as in the spec). */
  jobSessionResult: ['Success', 'Warning', 'Failed', 'None'],
  /** Replica and Copy come from the 2017 EM schema, the rest from the current reference (specs/veeam). */
  jobType: ['Backup', 'Replica', 'Copy', 'BackupCopy', 'ImmediateBackupCopy', 'ImmediateBackupCopyWorker', 'AgentBackup', 'AgentManagement', 'NasBackup'],
  taskState: ['InProgress', 'Pending', 'Completed'],
  taskResult: ['Success', 'Warning', 'Failed'],
} as const;

export type JobSessionState = (typeof VEEAM_ENUMS.jobSessionState)[number];
export type JobSessionResult = (typeof VEEAM_ENUMS.jobSessionResult)[number];
export type JobType = (typeof VEEAM_ENUMS.jobType)[number];
export type TaskState = (typeof VEEAM_ENUMS.taskState)[number];
export type TaskResult = (typeof VEEAM_ENUMS.taskResult)[number];

export const DAY_MS = 24 * 3600_000;
/** Session collections list only sessions created in the last 30 days (seed 004). */
export const WINDOW_MS = 30 * DAY_MS;

export interface BackupServerEntity {
  id: string;
  name: string;
  description: string;
  port: number;
  version: string;
}

export interface JobEntity {
  id: string;
  name: string;
  jobType: JobType;
  serverId: string;
  platform: string;
  description: string;
  scheduleConfigured: boolean;
  scheduleEnabled: boolean;
  /** Next scheduled run; absent when the schedule is off. */
  nextRun?: number;
  /** File share backup jobs are also served under /nas/jobs. */
  nas: boolean;
}

/** Times are epoch milliseconds; `end` is absent while the session runs. */
export interface BackupSessionEntity {
  id: string;
  jobId: string;
  serverId: string;
  creation: number;
  end?: number;
  state: JobSessionState;
  result: JobSessionResult;
  progress: number;
  failureMessage?: string;
  isRetry: boolean;
}

/** A task of a backup job session or of a CDP policy session: one VM or file share. */
export interface TaskSessionEntity {
  id: string;
  parentId: string;
  serverId: string;
  objectName: string;
  creation: number;
  end?: number;
  state: TaskState;
  result: TaskResult;
  reason?: string;
  totalSize: number;
}

export interface CdpPolicySessionEntity {
  id: string;
  policyName: string;
  serverId: string;
  creation: number;
  end?: number;
  state: TaskState;
  result: TaskResult;
  reason?: string;
}

export interface VeeamDataset {
  servers: BackupServerEntity[];
  jobs: JobEntity[];
  /** Ordered by creation time, like every session list below. */
  backupSessions: BackupSessionEntity[];
  backupTaskSessions: TaskSessionEntity[];
  cdpSessions: CdpPolicySessionEntity[];
  cdpTaskSessions: TaskSessionEntity[];
}

/** Dataset size knobs; `anchor` is "now" when the data is made: windows and edges are placed relative to it. */
export interface VeeamDatasetOptions {
  seed: number;
  anchor: number;
  backupServers: number;
  /** File share (NAS) backup jobs; the last one never ran (no sessions). */
  nasJobs: number;
  /** Jobs of other types (Backup, BackupCopy), so that "a job's sessions all belong to it" is testable. */
  otherJobs: number;
  sessionsPerJob: number;
  cdpPolicies: number;
  policySessionsPerPolicy: number;
  tasksPerPolicySession: number;
}

export const DEFAULT_VEEAM_DATASET: Omit<VeeamDatasetOptions, 'seed' | 'anchor'> = {
  backupServers: 2,
  nasJobs: 4,
  otherJobs: 3,
  sessionsPerJob: 10,
  cdpPolicies: 2,
  policySessionsPerPolicy: 3,
  tasksPerPolicySession: 4,
};

const SERVER_NAMES = ['vbr01.lab.local', 'vbr02.lab.local', 'vbr03.lab.local', 'vbr04.lab.local'];
const NAS_JOB_NAMES = ['NFS Share Backup', 'SMB Finance & HR', 'Projects Share', 'Home Directories', 'Engineering NAS'];
const OTHER_JOB_NAMES = ['VM Backup Daily', 'SQL Backup', 'Backup Copy Offsite', 'Exchange Backup'];
const SHARES = ['\\\\fs01\\projects', 'nfs01:/export/home', '\\\\fs02\\finance', 'nfs02:/export/eng'];
const VMS = ['virt03-ubuntu01', 'web-01', 'db-01', 'SQL & Reporting 01', 'app-02', 'dc-01'];
const REASONS = ['RPO exceeded', 'Failed to process disk 1', 'Target datastore is low on space', 'Snapshot took longer than expected'];
const FAILURES = ['Processing \\\\fs01\\projects Error: access denied', 'Job finished with warning: 2 files skipped', 'Failed to connect to the repository'];
const RUNNING_STATES: JobSessionState[] = ['Working', 'Starting', 'Pausing', 'Resuming', 'Stopping'];
/** The seeded edges of the 30-day window: a session this long inside it and one this long outside. */
export const EDGE_MARGIN_MS = 45_000;

/**
 * Builds the deterministic dataset for (seed, anchor): sessions spread over 45 days so that collections hide
 * some; per window edge one session 45 s inside and one 45 s outside; running sessions without EndTimeUTC
 * in every state; NAS jobs with and without sessions; CDP policy sessions with several task sessions; and a
 * CDP task session still running although it was created 31 days ago.
 */
export function buildVeeamDataset(options: VeeamDatasetOptions): VeeamDataset {
  const random = new SeededRandom(options.seed);
  const { anchor } = options;
  const servers: BackupServerEntity[] = Array.from({ length: Math.max(1, options.backupServers) }, (_, i) => ({
    id: random.uuid(),
    name: SERVER_NAMES[i % SERVER_NAMES.length]! + (i >= SERVER_NAMES.length ? `-${i}` : ''),
    description: `Backup server ${i + 1}`,
    port: 9392,
    version: '12.3.1.1139',
  }));
  const serverOf = (i: number) => servers[i % servers.length]!;
  const jobs: JobEntity[] = [];
  const nameOf = (names: string[], i: number) => names[i % names.length]! + (i >= names.length ? ` ${i}` : '');
  for (let i = 0; i < options.nasJobs; i++) {
    const scheduleEnabled = i % 2 === 0;
    jobs.push({
      id: random.uuid(), name: nameOf(NAS_JOB_NAMES, i), jobType: 'NasBackup', serverId: serverOf(i).id, platform: 'FileShare', description: 'File share backup',
      scheduleConfigured: i !== options.nasJobs - 1, scheduleEnabled, ...(scheduleEnabled ? { nextRun: anchor + random.int(1, 24) * 3600_000 } : {}), nas: true,
    });
  }
  for (let i = 0; i < options.otherJobs; i++) {
    const jobType: JobType = i % 3 === 2 ? 'BackupCopy' : 'Backup';
    jobs.push({
      id: random.uuid(), name: nameOf(OTHER_JOB_NAMES, i), jobType, serverId: serverOf(i + 1).id, platform: 'VMware', description: `${jobType} job`,
      scheduleConfigured: true, scheduleEnabled: true, nextRun: anchor + random.int(1, 24) * 3600_000, nas: false,
    });
  }

  const backupSessions: BackupSessionEntity[] = [];
  const backupTaskSessions: TaskSessionEntity[] = [];
  let outcome = 0;
  let running = 0;
  const finished = (creation: number, jobIndex: number): Pick<BackupSessionEntity, 'end' | 'state' | 'result' | 'progress' | 'failureMessage'> => {
    const result = (['Success', 'Success', 'Warning', 'Success', 'Failed'] as const)[outcome++ % 5]!;
    return {
      end: creation + random.int(2, 90) * 60_000 + random.int(0, 999),
      state: 'Stopped',
      result,
      progress: 100,
      ...(result === 'Success' ? {} : { failureMessage: FAILURES[(outcome + jobIndex) % FAILURES.length]! }),
    };
  };
  const addSession = (job: JobEntity, jobIndex: number, creation: number, runningNow: boolean) => {
    const state = RUNNING_STATES[running % RUNNING_STATES.length]!;
    const status = runningNow
      ? { state, result: 'None' as const, progress: state === 'Starting' ? 0 : random.int(1, 95) }
      : finished(creation, jobIndex);
    if (runningNow) running++;
    const session: BackupSessionEntity = { id: random.uuid(), jobId: job.id, serverId: job.serverId, creation, ...status, isRetry: random.int(0, 5) === 0 };
    backupSessions.push(session);
    const objects = job.nas ? SHARES : VMS;
    for (let t = 0, n = random.int(1, 3); t < n; t++) {
      const done = session.end !== undefined;
      const result: TaskResult = session.result === 'Failed' && t === 0 ? 'Failed' : session.result === 'Warning' && t === 0 ? 'Warning' : 'Success';
      backupTaskSessions.push({
        id: random.uuid(), parentId: session.id, serverId: job.serverId, objectName: objects[(jobIndex + t) % objects.length]!,
        creation: creation + 1000 * (t + 1), ...(done ? { end: session.end! } : {}),
        state: done ? 'Completed' : t === 0 ? 'InProgress' : 'Pending', result,
        ...(result === 'Success' ? {} : { reason: REASONS[t % REASONS.length]! }),
        totalSize: random.int(1, 4096) * 1024 * 1024 * 16,
      });
    }
  };
  const span = 45 * DAY_MS;
  jobs.forEach((job, jobIndex) => {
    if (job.nas && jobIndex === options.nasJobs - 1) return;
    const count = Math.max(1, options.sessionsPerJob);
    for (let s = 0; s < count; s++) {
      const creation = anchor - span + Math.floor((s * span) / count) + random.int(0, 7200_000);
      addSession(job, jobIndex, Math.min(creation, anchor - 3 * 3600_000), false);
    }
    // Every job that runs has a session in progress, except the first job of another type (all finished).
    if (job.nas || jobIndex !== options.nasJobs) addSession(job, jobIndex, anchor - random.int(5, 50) * 60_000 - random.int(0, 999), true);
  });
  // The window's edges: on the first NAS job and on the first job of another type.
  for (const jobIndex of [0, options.nasJobs]) {
    const job = jobs[jobIndex];
    if (!job) continue;
    addSession(job, jobIndex, anchor - WINDOW_MS + EDGE_MARGIN_MS, false);
    addSession(job, jobIndex, anchor - WINDOW_MS - EDGE_MARGIN_MS, false);
  }

  const cdpSessions: CdpPolicySessionEntity[] = [];
  const cdpTaskSessions: TaskSessionEntity[] = [];
  let taskOutcome = 0;
  const addPolicySession = (policy: number, creation: number, runningNow: boolean, taskTimes: number[]) => {
    const server = serverOf(policy);
    const session: CdpPolicySessionEntity = { id: random.uuid(), policyName: `CDP Policy ${policy + 1}`, serverId: server.id, creation, state: runningNow ? 'InProgress' : 'Completed', result: 'Success' };
    if (!runningNow) session.end = Math.max(...taskTimes) + random.int(60, 3600) * 1000;
    cdpSessions.push(session);
    taskTimes.forEach((taskCreation, t) => {
      const result = (['Success', 'Success', 'Warning', 'Success', 'Failed', 'Success'] as const)[taskOutcome++ % 6]!;
      const state: TaskState = runningNow ? (t % 3 === 2 ? 'Pending' : 'InProgress') : 'Completed';
      if (result !== 'Success' && session.result !== 'Failed') session.result = result;
      cdpTaskSessions.push({
        id: random.uuid(), parentId: session.id, serverId: server.id, objectName: VMS[(policy * 2 + t) % VMS.length]!,
        creation: taskCreation, ...(runningNow ? {} : { end: session.end! - random.int(1, 59) * 1000 }), state, result,
        ...(result === 'Success' ? {} : { reason: REASONS[taskOutcome % REASONS.length]! }),
        totalSize: random.int(1, 1 << 20) * 16384,
      });
    });
  };
  const tasks = Math.max(1, options.tasksPerPolicySession);
  const spread = (creation: number) => Array.from({ length: tasks }, (_, t) => creation + 10_000 * (t + 1) + random.int(0, 999));
  for (let policy = 0; policy < options.cdpPolicies; policy++) {
    const count = Math.max(1, options.policySessionsPerPolicy);
    for (let s = 0; s < count; s++) {
      const creation = anchor - span + Math.floor(((s + 0.5) * span) / count) + random.int(0, 3600_000);
      addPolicySession(policy, Math.min(creation, anchor - DAY_MS), false, spread(Math.min(creation, anchor - DAY_MS)));
    }
    const started = anchor - random.int(10, 120) * 60_000;
    addPolicySession(policy, started, true, spread(started));
  }
  if (options.cdpPolicies > 0) {
    // One policy session straddles the edge: a task 45 s outside the window and one 45 s inside it.
    addPolicySession(0, anchor - WINDOW_MS - 5 * 60_000, false, [anchor - WINDOW_MS - EDGE_MARGIN_MS, anchor - WINDOW_MS + EDGE_MARGIN_MS]);
    // CDP runs continuously: a task session created 31 days ago may still be in progress.
    addPolicySession(options.cdpPolicies - 1, anchor - 31 * DAY_MS, true, [anchor - 31 * DAY_MS + 30_000]);
  }
  const byCreation = <T extends { creation: number }>(list: T[]) => list.sort((a, b) => a.creation - b.creation);
  return {
    servers, jobs,
    backupSessions: byCreation(backupSessions), backupTaskSessions: byCreation(backupTaskSessions),
    cdpSessions: byCreation(cdpSessions), cdpTaskSessions: byCreation(cdpTaskSessions),
  };
}
