import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, EDGE_MARGIN_MS, VEEAM_ENUMS, WINDOW_MS } from '../../../src/emulator/veeam/data.ts';
import { asArray, manualClock, withVeeam, type Json, type VeeamFixture } from './helpers.ts';

const ids = (answer: { xml?: Json }) => asArray(answer.xml!.EntityReferences.Ref as Json[]).map((ref) => new URL(ref.Href).pathname.split('/').pop());

describe('Veeam emulator: the 30-day window of the session collections', () => {
  const clock = manualClock(Date.UTC(2025, 2, 30, 23, 59, 30));
  const start = clock.now();
  let f: VeeamFixture;
  beforeAll(async () => {
    f = await withVeeam({ seed: 11, now: clock.now });
  });
  afterAll(() => f.close());

  const recent = <T extends { creation: number; id: string }>(items: T[], now = clock.now()) => items.filter((item) => item.creation >= now - WINDOW_MS).map((item) => item.id);

  it('seeds sessions inside and outside the window, one a minute or less from the edge on each side', () => {
    const { backupSessions, cdpTaskSessions } = f.emulator.state.data;
    for (const sessions of [backupSessions, cdpTaskSessions]) {
      const ages = sessions.map((session) => start - session.creation);
      expect(ages.some((age) => age > WINDOW_MS + DAY_MS)).toBe(true);
      expect(ages.some((age) => age < WINDOW_MS - DAY_MS)).toBe(true);
      expect(ages).toContain(WINDOW_MS - EDGE_MARGIN_MS);
      expect(ages).toContain(WINDOW_MS + EDGE_MARGIN_MS);
    }
    expect(EDGE_MARGIN_MS).toBeLessThanOrEqual(60_000);
  });

  it('lists in /backupSessions and /cdpReplicaTaskSessions exactly the sessions created in the last 30 days', async () => {
    const { backupSessions, cdpTaskSessions } = f.emulator.state.data;
    expect(ids(await f.client.get('/api/backupSessions'))).toEqual(recent(backupSessions));
    expect(ids(await f.client.get('/api/cdpReplicaTaskSessions'))).toEqual(recent(cdpTaskSessions));
    expect(recent(backupSessions).length).toBeLessThan(backupSessions.length);
  });

  it('applies the window per NAS job and per CDP policy session, with running sessions listed and jobs without sessions empty', async () => {
    const { jobs, backupSessions, cdpSessions, cdpTaskSessions } = f.emulator.state.data;
    for (const job of jobs.filter((candidate) => candidate.nas)) {
      const answer = await f.client.get(`/api/nas/jobs/${job.id}/backupSessions`);
      expect(answer.status).toBe(200);
      expect(ids(answer)).toEqual(recent(backupSessions.filter((session) => session.jobId === job.id)));
    }
    const idle = jobs.filter((job) => job.nas && !backupSessions.some((session) => session.jobId === job.id));
    expect(idle).toHaveLength(1);
    expect((await f.client.get(`/api/nas/jobs/${idle[0]!.id}/backupSessions`, { accept: 'application/json' })).json).toEqual({ Refs: [] });
    const running = backupSessions.filter((session) => session.end === undefined);
    expect(new Set(running.map((session) => session.state))).toEqual(new Set(VEEAM_ENUMS.jobSessionState.filter((state) => state !== 'Stopped')));
    for (const policy of cdpSessions) {
      const answer = await f.client.get(`/api/cdpReplicaSessions/${policy.id}/cdpReplicaTaskSessions`);
      expect(ids(answer)).toEqual(recent(cdpTaskSessions.filter((task) => task.parentId === policy.id)));
    }
    // The policy session that straddles the edge lists its task 45 s inside and hides the one 45 s outside.
    const straddling = cdpSessions.find((policy) => start - policy.creation === WINDOW_MS + 5 * 60_000)!;
    expect(ids(await f.client.get(`/api/cdpReplicaSessions/${straddling.id}/cdpReplicaTaskSessions`))).toHaveLength(1);
  });

  it('still serves an old session by its ID: the window applies to collections, and a running one has no EndTimeUTC', async () => {
    const old = f.emulator.state.data.cdpTaskSessions.find((task) => task.end === undefined && start - task.creation > WINDOW_MS)!;
    expect(old).toBeDefined();
    expect(ids(await f.client.get('/api/cdpReplicaTaskSessions'))).not.toContain(old.id);
    const entity = (await f.client.get(`/api/cdpReplicaTaskSessions/${old.id}?format=Entity`, { accept: 'application/json' })).json!;
    expect([entity.State, entity.EndTimeUTC]).toEqual([old.state, null]);
  });

  it('moves with the clock: a minute later the session 45 s inside the edge has left every collection', async () => {
    const { backupSessions } = f.emulator.state.data;
    const edge = backupSessions.filter((session) => start - session.creation === WINDOW_MS - EDGE_MARGIN_MS);
    expect(edge.length).toBeGreaterThan(0);
    for (const session of edge) expect(ids(await f.client.get('/api/backupSessions'))).toContain(session.id);
    clock.advance(60_000);
    const after = ids(await f.client.get('/api/backupSessions'));
    expect(after).toEqual(recent(backupSessions));
    for (const session of edge) expect(after).not.toContain(session.id);
  });

  it('lets the query service see every session, older ones included (its documented scope has no window)', async () => {
    const { backupSessions, cdpTaskSessions } = f.emulator.state.data;
    const count = async (type: string) => (await f.client.get(`/api/query?type=${type}&pageSize=1000`, { accept: 'application/json' })).json!.Refs.Refs.length;
    expect(await count('BackupJobSession')).toBe(backupSessions.length);
    expect(await count('CdpReplicaTaskSession')).toBe(cdpTaskSessions.length);
  });
});

describe('Veeam emulator: seeded data', () => {
  it('is deterministic per seed and clock, differs between seeds, and covers every documented enum value', async () => {
    const clock = manualClock();
    const [a, b, c] = await Promise.all([withVeeam({ seed: 4, now: clock.now }), withVeeam({ seed: 4, now: clock.now }), withVeeam({ seed: 5, now: clock.now })]);
    try {
      const read = async (fixture: VeeamFixture) => (await fixture.client.get('/api/query?type=BackupJobSession&format=Entities&pageSize=1000')).text.replace(/127\.0\.0\.1:\d+/g, 'host');
      const [ta, tb, tc] = await Promise.all([read(a), read(b), read(c)]);
      expect(ta).toBe(tb);
      expect(ta).not.toBe(tc);
      const { data } = a.emulator.state;
      expect(new Set(data.backupSessions.map((s) => s.state))).toEqual(new Set(VEEAM_ENUMS.jobSessionState));
      expect(new Set(data.backupSessions.map((s) => s.result))).toEqual(new Set(VEEAM_ENUMS.jobSessionResult));
      expect(new Set(data.cdpTaskSessions.map((s) => s.state))).toEqual(new Set(VEEAM_ENUMS.taskState));
      expect(new Set(data.cdpTaskSessions.map((s) => s.result))).toEqual(new Set(VEEAM_ENUMS.taskResult));
      expect(data.backupSessions.some((s) => s.isRetry)).toBe(true);
      expect(data.jobs.filter((job) => !job.nas).length).toBeGreaterThanOrEqual(3);
      const perPolicy = data.cdpSessions.map((policy) => data.cdpTaskSessions.filter((task) => task.parentId === policy.id).length);
      expect(Math.max(...perPolicy)).toBeGreaterThan(2);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('scales with the size knobs', async () => {
    const f = await withVeeam({ backupServers: 3, nasJobs: 6, otherJobs: 2, sessionsPerJob: 50, cdpPolicies: 3, policySessionsPerPolicy: 5, tasksPerPolicySession: 6 });
    try {
      const { data } = f.emulator.state;
      expect([data.servers.length, data.jobs.length]).toEqual([3, 8]);
      expect(data.backupSessions.length).toBe(7 * 51 - 1 + 4);
      expect(data.cdpTaskSessions.length).toBe(3 * 6 * 6 + 3);
    } finally {
      await f.close();
    }
  });
});
