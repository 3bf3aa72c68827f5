import type { BackupSessionEntity, TaskSessionEntity, VeeamDataset } from './data.ts';

/** A stable per-session number, so every session moves at its own pace yet the same way on every run. */
const pace = (id: string) => Number.parseInt(id.slice(0, 8), 16) >>> 0;

/**
 * One step of a busy server, taken before each request in live mode (as the ONTAP emulator's live sessions):
 * job sessions go Starting/Pausing/Resuming → Working → Stopping → Stopped with a result and an end time,
 * their tasks start and finish with them; CDP task sessions grow and now and then complete, and a policy
 * session completes with its last task. Finished sessions never change again.
 */
export function advanceLive(data: VeeamDataset, tasksOf: Map<string, TaskSessionEntity[]>, now: number, requests: number): void {
  for (const session of data.backupSessions) {
    if (session.end === undefined) advanceJobSession(session, tasksOf.get(session.id) ?? [], now);
  }
  for (const policy of data.cdpSessions) {
    if (policy.end !== undefined) continue;
    const tasks = tasksOf.get(policy.id) ?? [];
    for (const task of tasks) {
      if (task.end !== undefined) continue;
      if (task.state === 'Pending') task.state = 'InProgress';
      task.totalSize += 16384 * (1 + (pace(task.id) % 64));
      if (requests >= 100 + (pace(task.id) % 200)) finishTask(task, now);
    }
    if (tasks.every((task) => task.end !== undefined)) {
      policy.state = 'Completed';
      policy.end = Math.max(now, policy.creation + 1);
    }
  }
}

function advanceJobSession(session: BackupSessionEntity, tasks: TaskSessionEntity[], now: number): void {
  switch (session.state) {
    case 'Starting':
    case 'Resuming':
      session.state = 'Working';
      break;
    case 'Pausing':
      session.state = 'Resuming';
      break;
    case 'Working':
      // One or two points per request: a session runs for 50 to 100 requests, long enough for a suite to see it run.
      session.progress = Math.min(100, session.progress + 1 + (pace(session.id) % 2));
      if (session.progress === 100) session.state = 'Stopping';
      break;
    default: {
      const outcome = pace(session.id) % 5;
      session.state = 'Stopped';
      session.progress = 100;
      session.result = outcome === 3 ? 'Warning' : outcome === 4 ? 'Failed' : 'Success';
      if (session.result !== 'Success') session.failureMessage = `${session.result === 'Failed' ? 'Failed' : 'Finished with warnings'}: see the task sessions`;
      session.end = Math.max(now, session.creation + 1);
      for (const task of tasks) {
        if (task.end !== undefined) continue;
        if (session.result !== 'Success' && task === tasks[0]) {
          task.result = session.result === 'Failed' ? 'Failed' : 'Warning';
          task.reason = session.failureMessage;
        }
        finishTask(task, session.end);
      }
      return;
    }
  }
  const active = tasks.find((task) => task.end === undefined && task.state === 'InProgress') ?? tasks.find((task) => task.state === 'Pending');
  if (active) {
    active.state = 'InProgress';
    active.totalSize += 16 * 1024 * 1024 * (1 + (pace(active.id) % 8));
  }
}

function finishTask(task: TaskSessionEntity, now: number): void {
  task.state = 'Completed';
  task.end = Math.max(now, task.creation + 1);
}
