import type { VeeamFieldKind, VeeamFieldTable, VeeamRecord } from '../../oracle/veeam-query.ts';
import { VEEAM_ENUMS, type BackupSessionEntity, type JobEntity, type TaskSessionEntity } from './data.ts';
import { BACKUP_SESSION, CDP_SESSION, CDP_TASK, NAS_JOB, uid, type Kind, type RenderContext } from './kinds.ts';
import type { VeeamApiVersion } from './state.ts';

/** One `type=` of the query service: its filter fields (veeam-em.md · Query service) and how an item reads as a record. */
export interface QueryType<T> {
  name: string;
  since: VeeamApiVersion;
  kind: Kind<T>;
  fields: VeeamFieldTable;
  items(ctx: RenderContext): readonly T[];
  record(item: T, ctx: RenderContext): VeeamRecord;
}

const STRING: VeeamFieldKind = { kind: 'string' };
const DATE_TIME: VeeamFieldKind = { kind: 'dateTime' };
const enumOf = (values: readonly string[]): VeeamFieldKind => ({ kind: 'enum', values });

function serverFields(ctx: RenderContext, serverId: string) {
  const server = ctx.state.server(serverId)!;
  return { BackupServerUid: uid('BackupServer', server.id), BackupServerName: server.name };
}

const CDP_TASK_QUERY: QueryType<TaskSessionEntity> = {
  name: 'CdpReplicaTaskSession',
  since: 'v1_6',
  kind: CDP_TASK,
  fields: {
    Id: STRING, Name: STRING, PolicySessionUid: STRING, PolicySessionName: STRING, BackupServerUid: STRING, BackupServerName: STRING,
    CreationTimeUTC: DATE_TIME, EndTimeUTC: DATE_TIME, State: enumOf(VEEAM_ENUMS.taskState), Reason: STRING, TotalSize: { kind: 'long' },
    VmDisplayName: STRING,
  },
  items: (ctx) => ctx.state.data.cdpTaskSessions,
  // Id is the UID (spec: type uid, source attribute UID), not the bare GUID of the path.
  record: (task, ctx) => ({
    Id: uid('CdpReplicaTaskSession', CDP_TASK.uidGuid(task, ctx)),
    Name: CDP_TASK.name(task, ctx),
    PolicySessionUid: uid('CdpReplicaSession', task.parentId),
    PolicySessionName: CDP_SESSION.name(ctx.state.cdpSession(task.parentId)!, ctx),
    ...serverFields(ctx, task.serverId),
    CreationTimeUTC: task.creation,
    EndTimeUTC: task.end,
    State: task.state,
    Reason: task.result === 'Success' ? undefined : task.reason,
    TotalSize: task.totalSize,
    VmDisplayName: task.objectName,
  }),
};

/** CreationTime and EndTime are the CreationTimeUTC and EndTimeUTC of the entity: the service compares in UTC. */
const BACKUP_SESSION_QUERY: QueryType<BackupSessionEntity> = {
  name: 'BackupJobSession',
  since: 'v1_5',
  kind: BACKUP_SESSION,
  fields: {
    UID: STRING, Name: STRING, JobType: enumOf(VEEAM_ENUMS.jobType), JobUid: STRING, JobName: STRING, CreationTime: DATE_TIME, EndTime: DATE_TIME,
    State: enumOf(VEEAM_ENUMS.jobSessionState), Result: enumOf(VEEAM_ENUMS.jobSessionResult), IsRetry: { kind: 'boolean' },
    BackupServerUid: STRING, BackupServerName: STRING,
  },
  items: (ctx) => ctx.state.data.backupSessions,
  record: (session, ctx) => {
    const job = ctx.state.job(session.jobId)!;
    return {
      UID: uid('BackupJobSession', BACKUP_SESSION.uidGuid(session, ctx)),
      Name: BACKUP_SESSION.name(session, ctx),
      JobType: job.jobType,
      JobUid: uid('Job', job.id),
      JobName: job.name,
      CreationTime: session.creation,
      EndTime: session.end,
      State: session.state,
      Result: session.result,
      IsRetry: session.isRetry,
      ...serverFields(ctx, session.serverId),
    };
  },
};

/** The reference lists no NasJob fields: these are the spec's (specs/veeam, x-veeam-query-fields). */
const NAS_JOB_QUERY: QueryType<JobEntity> = {
  name: 'NasJob',
  since: 'v1_5',
  kind: NAS_JOB,
  fields: {
    UID: STRING, Name: STRING, Description: STRING, NextRun: DATE_TIME, ScheduleConfigured: { kind: 'boolean' }, ScheduleEnabled: { kind: 'boolean' },
    BackupServerUid: STRING, BackupServerName: STRING,
  },
  items: (ctx) => ctx.state.data.jobs.filter((job) => job.nas),
  record: (job, ctx) => ({
    UID: uid('NasJob', job.id), Name: job.name, Description: job.description, NextRun: job.nextRun,
    ScheduleConfigured: job.scheduleConfigured, ScheduleEnabled: job.scheduleEnabled, ...serverFields(ctx, job.serverId),
  }),
};

export const QUERY_TYPES: ReadonlyArray<QueryType<any>> = [CDP_TASK_QUERY, BACKUP_SESSION_QUERY, NAS_JOB_QUERY];
