import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVeeamEmulator, type RunningVeeamEmulator } from '../../../src/emulator/veeam/server.ts';
import { asArray, GUID_RE, manualClock, pathOf, VeeamTestClient, withVeeam, xmlLinks, type Answer, type VeeamFixture } from './helpers.ts';

const MINUTE = 60_000;

function expectError(answer: Answer, status: number): void {
  expect(answer.status, answer.text).toBe(status);
  if (answer.json) {
    expect(answer.json).toEqual({ Message: expect.any(String), StatusCode: status, Status: null, FirstChanceExceptionMessage: null, StackTrace: null });
  } else {
    expect(answer.xml?.Error, answer.text).toMatchObject({ xmlns: 'http://www.veeam.com/ent/v1.0', StatusCode: String(status), Message: expect.any(String) });
  }
}

describe('Veeam emulator: entry point and logon', () => {
  let emulator: RunningVeeamEmulator;
  let client: VeeamTestClient;
  beforeAll(async () => {
    emulator = await startVeeamEmulator();
    client = new VeeamTestClient(emulator.url);
  });
  afterAll(() => emulator.close());

  it('serves GET /api/ without logon: links to log on, per supported version', async () => {
    const answer = await client.get('/api/', { via: 'none' });
    expect(answer.status).toBe(200);
    const root = answer.xml!.EnterpriseManager;
    expect(xmlLinks(root).map((link) => `${link.Rel} ${pathOf(link.Href)}`)).toEqual(['Down /api/logonSessions', 'Create /api/sessionMngr/?v=latest']);
    const versions = asArray(root.SupportedVersions.SupportedVersion);
    expect(versions.map((version: any) => version.Name)).toEqual(['v1_5', 'v1_6', 'v1_7']);
    expect(versions.map((version: any) => pathOf(xmlLinks(version)[0]!.Href))).toEqual(['/api/sessionMngr/?v=v1_5', '/api/sessionMngr/?v=v1_6', '/api/sessionMngr/?v=v1_7']);
  });

  it('logs on with Basic auth: 201, a base64 token in the header and the cookie, a LogonSession whose SessionId is not the token', async () => {
    const answer = await client.logon();
    expect(answer.status).toBe(201);
    const token = answer.headers['x-restsvcsessionid'] as string;
    expect(token).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(answer.headers['set-cookie']).toEqual([`X-RestSvcSessionId=${token}; Path=/api`]);
    const session = answer.xml!.LogonSession;
    expect(session.Type).toBe('LogonSession');
    expect(session.UserName).toBe('veeam');
    expect(session.SessionId).toMatch(GUID_RE);
    expect(pathOf(session.Href)).toBe(`/api/logonSessions/${session.SessionId}`);
    expect(token).not.toBe(session.SessionId);
    expect(Buffer.from(token, 'base64').toString()).not.toBe(session.SessionId);
    const remove = xmlLinks(session).find((link) => link.Rel === 'Delete')!;
    expect(pathOf(remove.Href)).toBe(`/api/logonSessions/${session.SessionId}`);
  });

  it('accepts every version, none, an empty v, an empty or a dummy body, and any case of the user name', async () => {
    for (const query of ['?v=latest', '?v=v1_7', '?v=v1_6', '?v=v1_5', '', '?v=']) expect((await client.logon({ query })).status, query).toBe(201);
    expect((await client.logon({ body: '' })).status).toBe(201);
    expect((await client.logon({ body: '<LogonSession/>' })).status).toBe(201);
    expect((await client.logon({ body: '{"dummy":true}' })).status).toBe(201);
    expect((await client.logon({ user: 'VEEAM' })).status).toBe(201);
  });

  it('refuses bad credentials with 401, the Basic challenge of realm RestSvc and an Error body', async () => {
    for (const credentials of [{ password: 'wrong' }, { user: 'admin' }, { user: '', password: '' }]) {
      const answer = await client.logon(credentials);
      expectError(answer, 401);
      expect(answer.headers['www-authenticate']).toBe('Basic Realm=RestSvc');
    }
    for (const authorization of [undefined, 'Basic', 'Basic !!!', 'Bearer abc', `Basic ${Buffer.from('nocolon').toString('base64')}`]) {
      const answer = await client.send('POST', '/api/sessionMngr/?v=latest', { headers: authorization ? { authorization } : {}, via: 'none', accept: 'application/json' });
      expectError(answer, 401);
      expect(answer.headers['www-authenticate']).toBe('Basic Realm=RestSvc');
    }
  });

  it('refuses an unknown API version with 400 and an Error body', async () => {
    for (const query of ['?v=v1_8', '?v=1.7', '?v=LATEST']) expectError(await client.logon({ query }), 400);
  });

  it('answers another method on the public resources with 405 and Allow', async () => {
    const get = await client.get('/api/sessionMngr/', { via: 'none' });
    expectError(get, 405);
    expect(get.headers.allow).toBe('POST');
    expectError(await client.send('DELETE', '/api/', { via: 'none' }), 405);
  });

  it('serves HTTPS with the self-signed certificate', async () => {
    const secure = await startVeeamEmulator({ tls: true });
    try {
      expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const tls = new VeeamTestClient(secure.url);
      expect((await tls.logon()).status).toBe(201);
      const answer = await tls.get('/api/backupServers');
      expect(answer.status).toBe(200);
      expect(answer.xml!.EntityReferences.Ref[0].Href).toMatch(/^https:\/\//);
    } finally {
      await secure.close();
    }
  });
});

describe('Veeam emulator: the session token', () => {
  let f: VeeamFixture;
  beforeAll(async () => {
    f = await withVeeam();
  });
  afterAll(() => f.close());

  it('refuses every other request without a valid token with 401 and an Error body', async () => {
    for (const path of ['/api/backupSessions', '/api/query?type=BackupJobSession', '/api/logonSessions', '/api/nowhere']) {
      expectError(await f.client.get(path, { via: 'none' }), 401);
      expectError(await f.client.get(path, { token: 'bm90LWEtdG9rZW4=' }), 401);
      expectError(await f.client.get(path, { via: 'none', accept: 'application/json' }), 401);
    }
  });

  it('reads the token from a header of any case or from the cookie; the cookie wins over the header', async () => {
    const token = f.client.token!;
    for (const name of ['X-RestSvcSessionId', 'x-restsvcsessionid', 'X-RESTSVCSESSIONID']) {
      expect((await f.client.get('/api/backupSessions', { via: 'none', headers: { [name]: token } })).status, name).toBe(200);
    }
    expect((await f.client.get('/api/backupSessions', { via: 'cookie' })).status).toBe(200);
    expect((await f.client.get('/api/backupSessions', { via: 'none', headers: { cookie: `lang=en; X-RestSvcSessionId=${token}; theme=dark` } })).status).toBe(200);
    expect((await f.client.get('/api/backupSessions', { via: 'none', headers: { cookie: `X-RestSvcSessionId=${token}`, 'X-RestSvcSessionId': 'Ym9ndXM=' } })).status).toBe(200);
    expectError(await f.client.get('/api/backupSessions', { via: 'none', headers: { cookie: 'X-RestSvcSessionId=Ym9ndXM=', 'X-RestSvcSessionId': token } }), 401);
  });

  it('lists and shows the logon sessions; DELETE logs off (204) and the token is dead afterwards', async () => {
    const other = new VeeamTestClient(f.emulator.url);
    const logon = await other.logon();
    const id = logon.xml!.LogonSession.SessionId;
    const listed = asArray((await f.client.get('/api/logonSessions')).xml!.EntityReferences.Ref).map((ref: any) => pathOf(ref.Href));
    expect(listed).toContain(`/api/logonSessions/${id}`);
    const shown = await f.client.get(`/api/logonSessions/${id}`, { accept: 'application/json' });
    expect(shown.json).toMatchObject({ SessionId: id, UserName: 'veeam', Type: 'LogonSession' });
    const removed = await other.send('DELETE', `/api/logonSessions/${id}`);
    expect([removed.status, removed.text]).toEqual([204, '']);
    expectError(await other.get('/api/backupSessions'), 401);
    expectError(await other.get('/api/backupSessions', { via: 'cookie' }), 401);
    expectError(await f.client.get(`/api/logonSessions/${id}`), 404);
    expectError(await f.client.send('DELETE', `/api/logonSessions/${id}`), 404);
    expect((await f.client.get('/api/backupSessions')).status).toBe(200);
  });
});

describe('Veeam emulator: idle expiry (15 minutes, sliding)', () => {
  it('keeps a session alive while it is used and expires it after 15 idle minutes', async () => {
    const clock = manualClock();
    const f = await withVeeam({ now: clock.now });
    try {
      for (let i = 0; i < 4; i++) {
        clock.advance(14 * MINUTE);
        expect((await f.client.get('/api/backupServers')).status, `after ${(i + 1) * 14} minutes`).toBe(200);
      }
      clock.advance(15 * MINUTE);
      expectError(await f.client.get('/api/backupServers'), 401);
      // Once expired, always expired: the clock going back does not revive it.
      clock.advance(-15 * MINUTE);
      expectError(await f.client.get('/api/backupServers'), 401);
      await f.client.logon();
      clock.advance(15 * MINUTE - 1);
      expect((await f.client.get('/api/backupServers')).status).toBe(200);
    } finally {
      await f.close();
    }
  });

  it('honours a shorter sessionTimeoutMs', async () => {
    const clock = manualClock();
    const f = await withVeeam({ now: clock.now, sessionTimeoutMs: 1000 });
    try {
      clock.advance(999);
      expect((await f.client.get('/api/backupServers')).status).toBe(200);
      clock.advance(1000);
      expectError(await f.client.get('/api/backupServers'), 401);
    } finally {
      await f.close();
    }
  });
});

describe('Veeam emulator: API versions', () => {
  it('hides the CDP resources (since v1_6) from a v1_5 session', async () => {
    const f = await withVeeam();
    try {
      const old = new VeeamTestClient(f.emulator.url);
      const logon = await old.logon({ query: '?v=v1_5' });
      expect(xmlLinks(logon.xml!.LogonSession).some((link) => link.Type.startsWith('Cdp'))).toBe(false);
      const task = f.emulator.state.data.cdpTaskSessions[0]!;
      expectError(await old.get('/api/cdpReplicaTaskSessions'), 404);
      expectError(await old.get(`/api/cdpReplicaTaskSessions/${task.id}`), 404);
      expectError(await old.get('/api/query?type=CdpReplicaTaskSession'), 400);
      expect((await old.get('/api/nas/jobs')).status).toBe(200);
      expect((await f.client.get(`/api/cdpReplicaTaskSessions/${task.id}`)).status).toBe(200);
      const v16 = new VeeamTestClient(f.emulator.url);
      await v16.logon({ query: '?v=v1_6' });
      expect((await v16.get('/api/query?type=CdpReplicaTaskSession')).status).toBe(200);
    } finally {
      await f.close();
    }
  });
});
