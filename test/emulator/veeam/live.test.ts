import { describe, expect, it } from 'vitest';
import { manualClock, withVeeam, type Json, type VeeamFixture } from './helpers.ts';

const entity = async (f: VeeamFixture, path: string): Promise<Json> => (await f.client.get(`${path}?format=Entity`, { accept: 'application/json' })).json!;

describe('Veeam emulator: live mode', () => {
  it('moves running sessions on between requests: states, progress, sizes, then a result and an end time', async () => {
    const clock = manualClock();
    const f = await withVeeam({ live: true, now: clock.now, seed: 2 });
    try {
      const { data } = f.emulator.state;
      const running = data.backupSessions.filter((s) => s.end === undefined).map((s) => s.id);
      const cdp = data.cdpTaskSessions.filter((t) => t.end === undefined).map((t) => t.id);
      const finished = data.backupSessions.find((s) => s.end !== undefined)!;
      const before = await entity(f, `/api/backupSessions/${finished.id}`);
      const sizes = new Map<string, number>();
      for (const id of cdp) sizes.set(id, (await entity(f, `/api/cdpReplicaTaskSessions/${id}`)).TotalSize);
      const seenStates = new Set<string>();
      for (let i = 0; i < 120; i++) {
        clock.advance(30_000);
        for (const id of running) seenStates.add((await entity(f, `/api/backupSessions/${id}`)).State);
      }
      expect(seenStates.has('Working')).toBe(true);
      for (const id of running) {
        const now = await entity(f, `/api/backupSessions/${id}`);
        expect(now.State, id).toBe('Stopped');
        expect(['Success', 'Warning', 'Failed']).toContain(now.Result);
        expect(now.Progress).toBe(100);
        expect(Date.parse(now.EndTimeUTC)).toBeGreaterThanOrEqual(Date.parse(now.CreationTimeUTC));
        const tasks = (await f.client.get(`/api/backupSessions/${id}/taskSessions`, { accept: 'application/json' })).json!.Refs;
        for (const ref of tasks) expect((await f.client.get(`${new URL(ref.Href).pathname}?format=Entity`, { accept: 'application/json' })).json!.State).toBe('Completed');
      }
      let completed = 0;
      for (const id of cdp) {
        const now = await entity(f, `/api/cdpReplicaTaskSessions/${id}`);
        expect(now.TotalSize).toBeGreaterThan(sizes.get(id)!);
        expect(now.EndTimeUTC === null).toBe(now.State !== 'Completed');
        if (now.State === 'Completed') completed++;
      }
      expect(completed).toBeGreaterThan(0);
      expect(await entity(f, `/api/backupSessions/${finished.id}`)).toEqual(before);
    } finally {
      await f.close();
    }
  });

  it('keeps every answer the same between requests when not live', async () => {
    const f = await withVeeam({ seed: 2 });
    try {
      const first = (await f.client.get('/api/query?type=BackupJobSession&format=Entities&pageSize=500')).text;
      for (let i = 0; i < 20; i++) await f.client.get('/api/backupSessions');
      expect((await f.client.get('/api/query?type=BackupJobSession&format=Entities&pageSize=500')).text).toBe(first);
    } finally {
      await f.close();
    }
  });

  it('is deterministic: two live emulators with one seed and one clock answer one script alike', async () => {
    const clock = manualClock();
    const [a, b] = await Promise.all([withVeeam({ live: true, now: clock.now, seed: 8 }), withVeeam({ live: true, now: clock.now, seed: 8 })]);
    try {
      for (let i = 0; i < 40; i++) {
        const [ta, tb] = await Promise.all([a, b].map(async (f) => (await f.client.get('/api/query?type=CdpReplicaTaskSession&format=Entities&pageSize=500')).text.replace(/127\.0\.0\.1:\d+/g, 'host')));
        expect(ta).toBe(tb);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
