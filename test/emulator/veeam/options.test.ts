import { describe, expect, it } from 'vitest';
import { DEFAULT_VEEAM_CONFIG, startVeeamEmulator, VEEAM_DEFAULT_PORT } from '../../../src/emulator/veeam/index.ts';
import { VeeamTestClient } from './helpers.ts';

describe('Veeam emulator: options', () => {
  it('defaults to 127.0.0.1, the account veeam / veeam1!, and suggests EM port 9398 to the CLI', async () => {
    expect(DEFAULT_VEEAM_CONFIG.user).toEqual({ name: 'veeam', password: 'veeam1!' });
    expect(DEFAULT_VEEAM_CONFIG.sessionTimeoutMs).toBe(15 * 60_000);
    expect(VEEAM_DEFAULT_PORT).toBe(9398);
    const emulator = await startVeeamEmulator();
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await emulator.close();
    }
  });

  it('serves the account it is given, and only that one', async () => {
    const emulator = await startVeeamEmulator({ user: { name: 'LAB\\svc_veeam', password: 'p:ss wörd' } });
    try {
      const client = new VeeamTestClient(emulator.url);
      expect((await client.logon({ user: 'lab\\SVC_VEEAM', password: 'p:ss wörd' })).status).toBe(201);
      expect((await client.logon()).status).toBe(401);
    } finally {
      await emulator.close();
    }
  });

  it('rejects bad options early, naming the API', async () => {
    for (const options of [{ backupServers: 0 }, { nasJobs: -1 }, { sessionsPerJob: 1.5 }, { sessionTimeoutMs: 0 }, { seed: Number.NaN }, { user: { name: 'a:b', password: 'x' } }]) {
      await expect(startVeeamEmulator(options), JSON.stringify(options)).rejects.toThrow(/^startVeeamEmulator: /);
    }
  });

  it('serves an empty but well-formed dataset when every size is zero', async () => {
    const emulator = await startVeeamEmulator({ nasJobs: 0, otherJobs: 0, cdpPolicies: 0 });
    try {
      const client = new VeeamTestClient(emulator.url);
      await client.logon();
      for (const path of ['/api/backupSessions', '/api/nas/jobs', '/api/cdpReplicaTaskSessions']) {
        expect((await client.get(path, { accept: 'application/json' })).json, path).toEqual({ Refs: [] });
      }
      const query = (await client.get('/api/query?type=BackupJobSession', { accept: 'application/json' })).json!;
      expect(query.PagingInfo).toMatchObject({ PageNum: 1, PagesCount: 1 });
    } finally {
      await emulator.close();
    }
  });
});
