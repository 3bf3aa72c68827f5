import type { BackupServerEntity, BackupSessionEntity, CdpPolicySessionEntity, JobEntity, TaskSessionEntity } from './data.ts';
import { attr, bool, dateTime, int, long, str, value, type LinkSpec, type VAttr, type VChild } from './model.ts';
import { formatDateTime, formatNameTime } from './representation.ts';
import type { VeeamState } from './state.ts';

/** What every renderer needs: the state (data, faults) and the absolute API root of this request (`https://host:port/api`). */
export interface RenderContext {
  state: VeeamState;
  base: string;
}

/**
 * One resource kind: its type names, where it lives and what its two forms carry. The reference form
 * (`EntityRef` / `Ref`) and the entity form (`?format=Entity`) are built from this by render.ts.
 */
export interface Kind<T> {
  /** Entity type and root element of the entity form, e.g. `BackupJobSession`. */
  type: string;
  /** Type of the reference form, e.g. `BackupJobSessionReference`. */
  reference: string;
  /** The `<Type>` of `urn:veeam:<Type>:<guid>`. */
  uidType: string;
  /** The wrapper element of a list of entities (query `format=Entities`), e.g. `BackupJobSessions`. */
  plural: string;
  path(item: T): string;
  name(item: T, ctx: RenderContext): string;
  /** The GUID in the UID: the item's own, unless the UID/Href fault names the parent's. */
  uidGuid(item: T, ctx: RenderContext): string;
  ups(item: T, ctx: RenderContext): LinkSpec[];
  downs(item: T, ctx: RenderContext): LinkSpec[];
  /** Extra attributes of the entity form after Type, Href, Name, UID (VmDisplayName). */
  entityAttrs(item: T, ctx: RenderContext): VAttr[];
  /** Elements of the entity form after Links, in the documented order. */
  elements(item: T, ctx: RenderContext): VChild[];
}

export const uid = (type: string, guid: string) => `urn:veeam:${type}:${guid}`;

/** `<object name>@<yyyy-MM-dd HH:mm:ss>` (veeam-em.md · Names of sessions); the fault writes ISO 8601 instead. */
export function sessionName(ctx: RenderContext, objectName: string, creation: number): string {
  const time = ctx.state.has('veeam-session-name-iso') ? formatDateTime(creation) : formatNameTime(creation);
  return `${objectName}@${time}`;
}

function serverUp(ctx: RenderContext, serverId: string): LinkSpec {
  const server = ctx.state.server(serverId)!;
  return { rel: 'Up', type: 'BackupServerReference', href: `${ctx.base}/backupServers/${server.id}`, name: server.name };
}

/** The end time as rendered: absent while running, unless the fault dates it at the creation time. */
function endTime(ctx: RenderContext, session: { creation: number; end?: number }): VChild {
  const end = session.end ?? (ctx.state.has('veeam-end-time-while-running') ? session.creation : undefined);
  return value('EndTimeUTC', dateTime(end));
}

const uidOf = (ctx: RenderContext, own: string, parent: string) => (ctx.state.has('veeam-uid-href-mismatch') ? parent : own);

export const SERVER: Kind<BackupServerEntity> = {
  type: 'BackupServer', reference: 'BackupServerReference', uidType: 'BackupServer', plural: 'BackupServers',
  path: (server) => `backupServers/${server.id}`,
  name: (server) => server.name,
  uidGuid: (server) => server.id,
  ups: () => [],
  downs: () => [],
  entityAttrs: () => [],
  elements: (server) => [value('Description', str(server.description)), value('Port', int(server.port)), value('Version', str(server.version))],
};

export const JOB: Kind<JobEntity> = {
  type: 'Job', reference: 'JobReference', uidType: 'Job', plural: 'Jobs',
  path: (job) => `jobs/${job.id}`,
  name: (job) => job.name,
  uidGuid: (job) => job.id,
  ups: (job, ctx) => [serverUp(ctx, job.serverId)],
  downs: () => [],
  entityAttrs: () => [],
  elements: (job) => [
    value('JobType', str(job.jobType)), value('Platform', str(job.platform)), value('Description', str(job.description)),
    value('ScheduleEnabled', bool(job.scheduleEnabled)),
  ],
};

export const NAS_JOB: Kind<JobEntity> = {
  type: 'NasJob', reference: 'NasJobReference', uidType: 'NasJob', plural: 'NasJobs',
  path: (job) => `nas/jobs/${job.id}`,
  name: (job) => job.name,
  uidGuid: (job) => job.id,
  ups: (job, ctx) => [serverUp(ctx, job.serverId)],
  downs: (job, ctx) => [{ rel: 'Down', type: 'BackupJobSessionReferenceList', href: `${ctx.base}/nas/jobs/${job.id}/backupSessions` }],
  entityAttrs: () => [],
  elements: (job) => [
    value('Description', str(job.description)), value('NextRun', dateTime(job.nextRun)),
    value('ScheduleConfigured', bool(job.scheduleConfigured)), value('ScheduleEnabled', bool(job.scheduleEnabled)),
  ],
};

export const BACKUP_SESSION: Kind<BackupSessionEntity> = {
  type: 'BackupJobSession', reference: 'BackupJobSessionReference', uidType: 'BackupJobSession', plural: 'BackupJobSessions',
  path: (session) => `backupSessions/${session.id}`,
  name: (session, ctx) => sessionName(ctx, ctx.state.job(session.jobId)!.name, session.creation),
  uidGuid: (session, ctx) => uidOf(ctx, session.id, session.jobId),
  ups: (session, ctx) => {
    const job = ctx.state.job(session.jobId)!;
    return [serverUp(ctx, session.serverId), { rel: 'Up', type: 'JobReference', href: `${ctx.base}/jobs/${job.id}`, name: job.name }];
  },
  downs: (session, ctx) => [{ rel: 'Down', type: 'BackupTaskSessionReferenceList', href: `${ctx.base}/backupSessions/${session.id}/taskSessions` }],
  entityAttrs: () => [],
  elements: (session, ctx) => {
    const job = ctx.state.job(session.jobId)!;
    const created = value('CreationTimeUTC', dateTime(session.creation));
    const state = value('State', str(session.state));
    const order = ctx.state.has('veeam-element-order') ? [state, endTime(ctx, session), created] : [created, endTime(ctx, session), state];
    return [
      value('JobUid', str(uid('Job', job.id))), value('JobName', str(job.name)), value('JobType', str(job.jobType)),
      ...order,
      value('Result', str(session.result)), value('Progress', int(session.progress)),
      value('FailureMessage', str(session.failureMessage)), value('IsRetry', bool(session.isRetry)),
    ];
  },
};

/** Reason only with Warning or Failed (seed 003); the fault adds one to successful sessions. */
function reason(ctx: RenderContext, task: { result: string; reason?: string }): VChild {
  const text = task.result === 'Success' ? (ctx.state.has('veeam-reason-on-success') ? 'Completed successfully' : undefined) : task.reason;
  return value('Reason', str(text));
}

export const BACKUP_TASK: Kind<TaskSessionEntity> = {
  type: 'BackupTaskSession', reference: 'BackupTaskSessionReference', uidType: 'BackupTaskSession', plural: 'BackupTaskSessions',
  path: (task) => `backupTaskSessions/${task.id}`,
  name: (task, ctx) => sessionName(ctx, task.objectName, task.creation),
  uidGuid: (task) => task.id,
  ups: (task, ctx) => {
    const parent = ctx.state.backupSession(task.parentId)!;
    return [serverUp(ctx, task.serverId), { rel: 'Up', type: 'BackupJobSessionReference', href: `${ctx.base}/backupSessions/${parent.id}`, name: BACKUP_SESSION.name(parent, ctx) }];
  },
  downs: () => [],
  entityAttrs: (task) => [attr('VmDisplayName', str(task.objectName))],
  elements: (task, ctx) => [
    value('JobSessionUid', str(uid('BackupJobSession', task.parentId))), value('CreationTimeUTC', dateTime(task.creation)), endTime(ctx, task),
    value('State', str(task.state)), value('Result', str(task.result)), value('Reason', str(task.result === 'Success' ? undefined : task.reason)),
    value('TotalSize', long(task.totalSize)),
  ],
};

export const CDP_SESSION: Kind<CdpPolicySessionEntity> = {
  type: 'CdpReplicaSession', reference: 'CdpReplicaSessionReference', uidType: 'CdpReplicaSession', plural: 'CdpReplicaSessions',
  path: (session) => `cdpReplicaSessions/${session.id}`,
  name: (session, ctx) => sessionName(ctx, session.policyName, session.creation),
  uidGuid: (session) => session.id,
  ups: (session, ctx) => [serverUp(ctx, session.serverId)],
  downs: (session, ctx) => [{ rel: 'Down', type: 'CdpReplicaTaskSessionReferenceList', href: `${ctx.base}/cdpReplicaSessions/${session.id}/cdpReplicaTaskSessions` }],
  entityAttrs: () => [],
  elements: (session, ctx) => [
    value('CreationTimeUTC', dateTime(session.creation)), endTime(ctx, session), value('State', str(session.state)),
    value('Result', str(session.result)), value('Reason', str(session.result === 'Success' ? undefined : session.reason)),
  ],
};

export const CDP_TASK: Kind<TaskSessionEntity> = {
  type: 'CdpReplicaTaskSession', reference: 'CdpReplicaTaskSessionReference', uidType: 'CdpReplicaTaskSession', plural: 'CdpReplicaTaskSessions',
  path: (task) => `cdpReplicaTaskSessions/${task.id}`,
  name: (task, ctx) => sessionName(ctx, task.objectName, task.creation),
  uidGuid: (task, ctx) => uidOf(ctx, task.id, task.parentId),
  ups: (task, ctx) => {
    const parent = ctx.state.cdpSession(task.parentId)!;
    return [serverUp(ctx, task.serverId), { rel: 'Up', type: 'CdpReplicaSessionReference', href: `${ctx.base}/cdpReplicaSessions/${parent.id}`, name: CDP_SESSION.name(parent, ctx) }];
  },
  downs: () => [],
  entityAttrs: (task, ctx) => (ctx.state.has('veeam-attribute-as-element') ? [] : [attr('VmDisplayName', str(task.objectName))]),
  elements: (task, ctx) => {
    const created = value('CreationTimeUTC', dateTime(task.creation));
    const stateName = task.state === 'InProgress' && ctx.state.has('veeam-invalid-enum') ? 'Running' : task.state;
    const state = value('State', str(stateName));
    const order = ctx.state.has('veeam-element-order') ? [state, endTime(ctx, task), created] : [created, endTime(ctx, task), state];
    return [
      ...(ctx.state.has('veeam-attribute-as-element') ? [value('VmDisplayName', str(task.objectName))] : []),
      value('PolicySessionUid', str(uid('CdpReplicaSession', task.parentId))),
      ...order,
      value('Result', str(task.result)), reason(ctx, task), value('TotalSize', long(task.totalSize)),
    ];
  },
};
