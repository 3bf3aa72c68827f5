import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, errorCode, withEmulator, type EmulatorFixture } from './helpers.ts';

describe('ONTAP emulator: query language on collections', () => {
  let f: EmulatorFixture;
  beforeAll(async () => {
    f = await withEmulator({ sessions: 40 });
  });
  afterAll(() => f.close());

  it('puts only key fields and _links.self in default records', async () => {
    const svms = body(await f.admin.get('/protocols/ndmp/svms')).records;
    expect(Object.keys(svms[0]).sort()).toEqual(['_links', 'svm']);
    expect(Object.keys(svms[0].svm).sort()).toEqual(['name', 'uuid']);
    const empty = body(await f.admin.get('/protocols/ndmp/svms', { max_records: 1024, fields: '' })).records;
    expect(empty).toEqual(svms);
  });

  it('filters, selects fields, sorts and pages', async () => {
    const halted = body(await f.admin.get('/protocols/ndmp/sessions', { 'data.state': 'halted', fields: 'data.state,client_port' })).records;
    expect(halted.length).toBeGreaterThan(0);
    expect(halted.every((r: any) => r.data.state === 'halted' && Object.keys(r.data).length === 1)).toBe(true);
    const sorted = body(await f.admin.get('/protocols/ndmp/sessions', { order_by: 'client_port desc', fields: 'client_port' })).records.map((r: any) => r.client_port);
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
    const first = await f.admin.get('/protocols/ndmp/sessions', { max_records: 15 });
    expect(body(first).num_records).toBe(15);
    expect(first.headers.link).toMatch(/^<\/api\/protocols\/ndmp\/sessions\?.*start\.svm\.uuid=.*>; rel="next"$/);
    const ids: string[] = [];
    let page = first;
    for (;;) {
      ids.push(...body(page).records.map((r: any) => r._links.self.href));
      const next = body(page)._links.next?.href;
      if (!next) break;
      page = await f.admin.get(next);
    }
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    const count = body(await f.admin.get('/protocols/ndmp/sessions', { return_records: 'false' }));
    expect(count).toMatchObject({ num_records: 40 });
    expect(count.records).toBeUndefined();
  });

  it('answers fields=* with the same properties as the instance GET', async () => {
    const [record] = body(await f.admin.get('/protocols/ndmp/sessions', { fields: '*', max_records: 1 })).records;
    const instance = body(await f.admin.get(record._links.self.href));
    expect(record).toEqual(instance);
  });
});

describe('ONTAP emulator: documented errors', () => {
  let f: EmulatorFixture;
  beforeAll(async () => {
    f = await withEmulator();
  });
  afterAll(() => f.close());

  const cases: Array<[string, string, Record<string, string>, number, string]> = [
    ['unknown parameter', '/protocols/ndmp/sessions', { colour: 'blue' }, 400, '262179'],
    ['invalid typed value', '/protocols/ndmp/sessions', { client_port: 'abc' }, 400, '262197'],
    ['bad order_by', '/protocols/ndmp/sessions', { order_by: 'colour' }, 400, '262268'],
    ['return_timeout out of range', '/protocols/ndmp/sessions', { return_timeout: '600' }, 400, '262197'],
    ['unknown fields name', '/protocols/ndmp/svms', { fields: 'colour' }, 400, '262197'],
    ['unknown instance', '/protocols/ndmp/sessions/00000000-0000-4000-8000-000000000000/1:1', {}, 404, '4'],
    ['malformed owner uuid', '/protocols/ndmp/sessions/not-a-uuid/1', {}, 400, '68812802'],
    ['malformed svm uuid', '/protocols/ndmp/svms/not-a-uuid', {}, 400, '2'],
  ];
  for (const [label, path, query, status, code] of cases) {
    it(`${label} → ${status} / ${code}`, async () => {
      const res = await f.admin.get(path, query);
      expect(res.status).toBe(status);
      expect(errorCode(res)).toBe(code);
      expect(typeof body(res).error.message).toBe('string');
    });
  }

  it('names return_timeout as the target of its error', async () => {
    const res = await f.admin.get('/protocols/ndmp/svms', { return_timeout: '121' });
    expect(body(res).error.target).toBe('return_timeout');
  });
});

describe('ONTAP emulator: writes', () => {
  let f: EmulatorFixture;
  beforeAll(async () => {
    f = await withEmulator();
  });
  afterAll(() => f.close());

  const svmPath = async () => {
    const [svm] = body(await f.admin.get('/protocols/ndmp/svms')).records;
    return `/protocols/ndmp/svms/${svm.svm.uuid}`;
  };

  it('persists an SVM PATCH, also with the string booleans of the vendor examples', async () => {
    const path = await svmPath();
    expect((await f.admin.patch(path, { enabled: 'false', authentication_types: ['plaintext'] })).status).toBe(200);
    expect(body(await f.admin.get(path))).toMatchObject({ enabled: false, authentication_types: ['plaintext'] });
  });

  it('rejects invalid SVM PATCH bodies with their codes', async () => {
    const path = await svmPath();
    const expectations: Array<[unknown, string]> = [
      [{ svm: { name: 'x' } }, '262203'],
      [{ authentication_types: ['kerberos'] }, '262197'],
      [{ authentication_types: ['plaintext_sso', 'challenge'] }, '65601551'],
      ['{"enabled": tru', '262199'],
    ];
    for (const [patch, code] of expectations) {
      const res = await f.admin.patch(path, patch);
      expect([res.status, errorCode(res)]).toEqual([400, code]);
    }
  });

  it('keeps the node password write-only and needs a user to enable a node', async () => {
    await f.admin.patch('/protocols/ndmp', { mode: 'node' });
    try {
      const nodes = body(await f.admin.get('/protocols/ndmp/nodes', { fields: '*' })).records;
      const withUser = nodes.find((n: any) => n.user);
      const withoutUser = nodes.find((n: any) => !n.user);
      const path = `/protocols/ndmp/nodes/${withUser.node.uuid}`;
      expect((await f.admin.patch(path, { password: 'S3cret!pw' })).status).toBe(200);
      for (const res of [await f.admin.get(path), await f.admin.get(path, { fields: 'password' }), await f.admin.get('/protocols/ndmp/nodes', { fields: '**' })]) {
        expect(res.text).not.toContain('password');
      }
      const enable = await f.admin.patch(`/protocols/ndmp/nodes/${withoutUser.node.uuid}`, { enabled: true });
      expect([enable.status, errorCode(enable)]).toEqual([400, '68812800']);
    } finally {
      await f.admin.patch('/protocols/ndmp', { mode: 'svm' });
    }
  });

  it('deletes a session and generates NDMP passwords', async () => {
    const [session] = body(await f.admin.get('/protocols/ndmp/sessions', { max_records: 1 })).records;
    expect((await f.admin.delete(session._links.self.href)).status).toBe(200);
    const gone = await f.admin.get(session._links.self.href);
    expect([gone.status, errorCode(gone)]).toEqual([404, '4']);
    const path = await svmPath();
    const generated = body(await f.admin.get(`${path}/passwords/ndmpuser`));
    expect(generated.user).toBe('ndmpuser');
    expect(generated.password).toMatch(/^\S{8,}$/);
  });
});

describe('ONTAP emulator: instance GETs', () => {
  let f: EmulatorFixture;
  beforeAll(async () => {
    f = await withEmulator();
  });
  afterAll(() => f.close());

  it('take fields, return_timeout (0..120) and ignore_unknown_fields, and nothing else', async () => {
    const [svm] = body(await f.admin.get('/protocols/ndmp/svms')).records;
    const path = `/protocols/ndmp/svms/${svm.svm.uuid}`;
    expect(body(await f.admin.get(path, { fields: 'enabled' }))).toEqual({ _links: svm._links, enabled: true, svm: { name: svm.svm.name, uuid: svm.svm.uuid } });
    expect((await f.admin.get(path, { fields: 'colour', ignore_unknown_fields: 'true' })).status).toBe(200);
    expect(errorCode(await f.admin.get(path, { return_timeout: '121' }))).toBe('262197');
    expect(errorCode(await f.admin.get(path, { max_records: '5' }))).toBe('262179');
  });
});
