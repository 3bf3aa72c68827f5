import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, errorCode, withEmulator, type EmulatorFixture } from './helpers.ts';

describe('ONTAP emulator: transport, auth, version, mode', () => {
  let f: EmulatorFixture;
  beforeAll(async () => {
    f = await withEmulator({ version: '9.12.1' });
  });
  afterAll(() => f.close());

  it('rejects missing and wrong credentials with 401', async () => {
    expect((await f.anonymous.get('/protocols/ndmp/sessions')).status).toBe(401);
    const wrong = f.admin.withCredentials({ name: 'admin', password: 'nope' });
    expect((await wrong.get('/protocols/ndmp/sessions')).status).toBe(401);
    await wrong.close();
  });

  it('reports the emulated version as integers', async () => {
    const res = await f.admin.get('/cluster', { fields: 'version' });
    expect(res.status).toBe(200);
    expect(body(res).version).toMatchObject({ generation: 9, major: 12, minor: 1 });
    expect(body(res).name).toBeUndefined();
  });

  it('answers HAL unless plain JSON is asked for, and tolerates // and client headers', async () => {
    const hal = await f.admin.get('/protocols/ndmp');
    expect(hal.headers['content-type']).toBe('application/hal+json');
    const plain = await f.admin.send('GET', '/api//protocols/ndmp', undefined, undefined, { accept: 'application/json', 'x-dot-client-app': 'na_ontap_rest_info/23.0' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('application/json');
    expect(body(plain).mode).toBe('svm');
  });

  it('lets the readonly user read but not write (403, code "6")', async () => {
    expect((await f.readonly.get('/protocols/ndmp/svms')).status).toBe(200);
    const res = await f.readonly.patch('/protocols/ndmp', { mode: 'node' });
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('6');
    expect(body(await f.admin.get('/protocols/ndmp')).mode).toBe('svm');
  });

  it('answers an unsupported method with 405 and never a 500 for bad input', async () => {
    expect((await f.admin.send('POST', '/protocols/ndmp/sessions', undefined, {})).status).toBe(405);
    for (const path of ['/protocols/ndmp/sessions/%ZZ/1', '/protocols/ndmp/svms/%00', '/protocols/ndmp/sessions?fields={', '/protocols/ndmp/sessions?order_by=%20']) {
      expect((await f.admin.get(path)).status).toBeLessThan(500);
    }
  });

  it('switches the NDMP mode by PATCH and applies the scope rules of each mode', async () => {
    const nodesInSvm = await f.admin.get('/protocols/ndmp/nodes');
    expect([nodesInSvm.status, errorCode(nodesInSvm)]).toEqual([400, '68812801']);
    expect((await f.admin.patch('/protocols/ndmp', { mode: 'node' })).status).toBe(200);
    const svmsInNode = await f.admin.get('/protocols/ndmp/svms');
    expect([svmsInNode.status, errorCode(svmsInNode)]).toEqual([400, '65601536']);
    expect((await f.admin.get('/protocols/ndmp/nodes')).status).toBe(200);
    const sessions = body(await f.admin.get('/protocols/ndmp/sessions', { fields: '*' })).records;
    expect(sessions[0].id).toMatch(/^\d+$/);
    expect(sessions[0].svm).toBeUndefined();
    expect(sessions[0].uuid).toBe(sessions[0].node.uuid);
    expect((await f.admin.patch('/protocols/ndmp', { mode: 'svm' })).status).toBe(200);
    const svmSessions = body(await f.admin.get('/protocols/ndmp/sessions', { fields: '*' })).records;
    expect(svmSessions[0].id).toMatch(/^\d+:\d+$/);
    expect(svmSessions[0].uuid).toBe(svmSessions[0].svm.uuid);
  });
});

describe('ONTAP emulator: TLS', () => {
  it('serves HTTPS with a self-signed certificate that a strict client refuses', async () => {
    const f = await withEmulator({ tls: true });
    try {
      expect(f.emulator.url).toMatch(/^https:/);
      expect((await f.admin.get('/protocols/ndmp')).status).toBe(200);
      const strict = f.admin.withCredentials(undefined);
      const { OntapClient } = await import('../../src/client/ontap-client.ts');
      const verifying = new OntapClient({ baseUrl: f.emulator.url });
      await expect(verifying.get('/protocols/ndmp')).rejects.toThrow(/certificate|self-signed|not trusted/);
      await Promise.all([strict.close(), verifying.close()]);
    } finally {
      await f.close();
    }
  });
});

describe('ONTAP emulator: seeded data', () => {
  it('is deterministic per seed and covers every enum value', async () => {
    const a = await withEmulator({ seed: 7 });
    const b = await withEmulator({ seed: 7 });
    const c = await withEmulator({ seed: 8 });
    try {
      const read = async (f: EmulatorFixture) => body(await f.admin.get('/protocols/ndmp/sessions', { fields: '*' })).records;
      const [ra, rb, rc] = await Promise.all([read(a), read(b), read(c)]);
      expect(ra.map((r: any) => r._links)).toEqual(rb.map((r: any) => r._links));
      expect(JSON.stringify(ra)).toEqual(JSON.stringify(rb));
      expect(JSON.stringify(ra)).not.toEqual(JSON.stringify(rc));
      const values = (path: string) => new Set(ra.map((r: any) => path.split('.').reduce((v: any, k) => v?.[k], r)).filter((v: unknown) => v !== undefined));
      expect(values('data.state').size).toBe(6);
      expect(values('mover.state').size).toBe(6);
      expect(values('data.reason').size).toBe(11);
      expect(values('mover.reason').size).toBe(11);
      expect(values('data.operation').size).toBe(3);
      expect(values('mover.mode').size).toBe(4);
      expect(values('tape_mode').size).toBe(4);
      expect(values('backup_engine').size).toBe(2);
      expect(values('data.connection.type').size).toBe(2);
      const nodes = body(await a.admin.get('/protocols/ndmp/svms')).num_records;
      expect(nodes).toBeGreaterThanOrEqual(3);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('serves 100,000 sessions with filters and paging', async () => {
    const f = await withEmulator({ sessions: 100_000 });
    try {
      const count = await f.admin.get('/protocols/ndmp/sessions', { return_records: 'false' });
      expect(body(count).num_records).toBe(100_000);
      const page = await f.admin.get('/protocols/ndmp/sessions', { max_records: 5, 'data.state': 'halted', fields: 'data.state' });
      expect(body(page).records).toHaveLength(5);
      expect(body(page).records.every((r: any) => r.data.state === 'halted')).toBe(true);
      expect(body(page)._links.next.href).toContain('start.');
    } finally {
      await f.close();
    }
  });
});
