import type { VeeamState } from '../../../src/emulator/veeam/state.ts';

/**
 * One request per resource and form the emulator serves, picked from the seeded data: every collection, every
 * instance in its reference and entity forms (running and finished sessions, results with and without a
 * reason), the query service per type in both formats, and an unknown ID.
 */
export function everyResource(state: VeeamState, logonId: string): string[] {
  const { data } = state;
  const nas = data.jobs.filter((job) => job.nas);
  const other = data.jobs.find((job) => !job.nas)!;
  const running = data.backupSessions.find((session) => session.end === undefined)!;
  const failed = data.backupSessions.find((session) => session.result === 'Failed')!;
  const cdpRunning = data.cdpTaskSessions.find((task) => task.end === undefined)!;
  const cdpWarning = data.cdpTaskSessions.find((task) => task.result !== 'Success' && task.end !== undefined)!;
  const task = data.backupTaskSessions.find((candidate) => candidate.reason !== undefined)!;
  const policy = data.cdpSessions.find((session) => session.end !== undefined)!;
  const both = (path: string) => [path, `${path}?format=Entity`];
  return [
    '/api/',
    '/api/logonSessions',
    `/api/logonSessions/${logonId}`,
    '/api/backupServers',
    ...both(`/api/backupServers/${data.servers[0]!.id}`),
    '/api/jobs',
    ...both(`/api/jobs/${other.id}`),
    ...both(`/api/jobs/${nas[0]!.id}`),
    '/api/nas/jobs',
    ...both(`/api/nas/jobs/${nas[0]!.id}`),
    `/api/nas/jobs/${nas[0]!.id}/backupSessions`,
    `/api/nas/jobs/${nas[nas.length - 1]!.id}/backupSessions`,
    '/api/backupSessions',
    ...both(`/api/backupSessions/${running.id}`),
    ...both(`/api/backupSessions/${failed.id}`),
    `/api/backupSessions/${failed.id}/taskSessions`,
    ...both(`/api/backupTaskSessions/${task.id}`),
    '/api/cdpReplicaSessions',
    ...both(`/api/cdpReplicaSessions/${policy.id}`),
    `/api/cdpReplicaSessions/${policy.id}/cdpReplicaTaskSessions`,
    '/api/cdpReplicaTaskSessions',
    ...both(`/api/cdpReplicaTaskSessions/${cdpRunning.id}`),
    ...both(`/api/cdpReplicaTaskSessions/${cdpWarning.id}`),
    ...['CdpReplicaTaskSession', 'BackupJobSession', 'NasJob'].flatMap((type) => [
      `/api/query?type=${type}&pageSize=3&page=2`,
      `/api/query?type=${type}&format=Entities&pageSize=3`,
    ]),
    '/api/backupSessions/00000000-0000-0000-0000-000000000000',
  ];
}
