import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withVeeam, type Answer, type VeeamFixture } from './helpers.ts';

const UNKNOWN = '0123abcd-0000-4000-8000-000000000000';
const INSTANCES = ['backupServers', 'jobs', 'nas/jobs', 'backupSessions', 'backupTaskSessions', 'cdpReplicaSessions', 'cdpReplicaTaskSessions', 'logonSessions'];
const SUB_COLLECTIONS = ['nas/jobs/{ID}/backupSessions', 'backupSessions/{ID}/taskSessions', 'cdpReplicaSessions/{ID}/cdpReplicaTaskSessions'];

/** An error answer: a 4xx status with an Error document in the negotiated form, never a 5xx. */
function mustBeErrorDocument(answer: Answer, where: string): void {
  expect(answer.status, `${where} → ${answer.status} ${answer.text}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${where} → ${answer.status} ${answer.text}`).toBeLessThan(500);
  if (answer.json !== undefined) {
    expect(Object.keys(answer.json).sort(), where).toEqual(['FirstChanceExceptionMessage', 'Message', 'StackTrace', 'Status', 'StatusCode']);
    expect(answer.json.StatusCode, where).toBe(answer.status);
  } else {
    expect(answer.xml?.Error?.StatusCode, `${where}: ${answer.text}`).toBe(String(answer.status));
    expect(typeof answer.xml?.Error?.Message, where).toBe('string');
  }
}

describe('Veeam emulator: documented errors', () => {
  let f: VeeamFixture;
  beforeAll(async () => {
    f = await withVeeam();
  });
  afterAll(() => f.close());

  it('answers an unknown ID with 404 and an Error document, in XML and JSON', async () => {
    for (const path of [...INSTANCES.map((p) => `${p}/${UNKNOWN}`), ...SUB_COLLECTIONS.map((p) => p.replace('{ID}', UNKNOWN))]) {
      for (const accept of [undefined, 'application/json']) {
        const answer = await f.client.get(`/api/${path}`, { accept });
        expect(answer.status, path).toBe(404);
        mustBeErrorDocument(answer, path);
      }
    }
    const json = await f.client.get(`/api/backupSessions/${UNKNOWN}`, { accept: 'application/json' });
    expect(json.json).toEqual({ Message: expect.stringContaining(UNKNOWN), StatusCode: 404, Status: null, FirstChanceExceptionMessage: null, StackTrace: null });
  });

  it('answers a malformed (non-GUID) ID with 404 too: it names nothing in the collection', async () => {
    for (const id of ['nope', '123', `${UNKNOWN}x`, UNKNOWN.replace(/-/g, ''), '%7B00000000-0000-0000-0000-000000000000%7D', 'urn:veeam:Job:' + UNKNOWN]) {
      for (const path of [...INSTANCES.map((p) => `${p}/${id}`), ...SUB_COLLECTIONS.map((p) => p.replace('{ID}', id))]) {
        const answer = await f.client.get(`/api/${path}`);
        expect(answer.status, path).toBe(404);
        mustBeErrorDocument(answer, path);
      }
    }
  });

  it('answers an unsupported method with 405, Allow and an Error document', async () => {
    const session = f.emulator.state.data.backupSessions[0]!;
    for (const [method, path, allow] of [
      ['POST', '/api/backupSessions', 'GET'], ['DELETE', `/api/backupSessions/${session.id}`, 'GET'], ['PUT', '/api/query?type=NasJob', 'GET'],
      ['PATCH', '/api/nas/jobs', 'GET'], ['POST', '/api/logonSessions', 'GET'], ['PUT', `/api/logonSessions/${UNKNOWN}`, 'GET, DELETE'], ['OPTIONS', '/api/jobs', 'GET'],
    ] as const) {
      const answer = await f.client.send(method, path, { body: '<x/>' });
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.allow).toBe(allow);
      mustBeErrorDocument(answer, `${method} ${path}`);
    }
  });

  it('answers unknown resources with 404 (after logon) and 401 (before)', async () => {
    for (const path of ['/api/colours', '/api/backupSessions/x/y/z', '/api/nas', '/api/Backupsessions', '/apis', '/', '/favicon.ico']) {
      mustBeErrorDocument(await f.client.get(path), path);
      expect((await f.client.get(path)).status, path).toBe(404);
    }
    expect((await f.client.get('/api/colours', { via: 'none' })).status).toBe(401);
  });

  it('rejects an unknown format of an instance with 400, and a body over 1 MiB with 400', async () => {
    const session = f.emulator.state.data.backupSessions[0]!;
    mustBeErrorDocument(await f.client.get(`/api/backupSessions/${session.id}?format=Everything`), 'format');
    expect((await f.client.get(`/api/backupSessions/${session.id}?format=entity`)).xml!.BackupJobSession).toBeDefined();
    const big = await f.client.send('POST', '/api/sessionMngr/?v=latest', { body: 'x'.repeat(1_100_000), via: 'none' });
    expect(big.status).toBe(400);
  });
});

describe('Veeam emulator: tolerance of real clients', () => {
  let f: VeeamFixture;
  beforeAll(async () => {
    f = await withVeeam();
  });
  afterAll(() => f.close());

  it('reads // and trailing slashes as one slash, upper-case GUIDs as lower-case, and answers HEAD like GET without a body', async () => {
    const session = f.emulator.state.data.backupSessions[0]!;
    for (const path of ['//api//backupSessions', '/api/backupSessions/', '/api//backupSessions//', `/api/backupSessions/${session.id.toUpperCase()}`, `//api//sessionMngr//?v=latest`]) {
      const answer = path.includes('sessionMngr') ? await f.client.send('POST', path, { headers: { authorization: `Basic ${Buffer.from('veeam:veeam1!').toString('base64')}` } }) : await f.client.get(path);
      expect(answer.status, path).toBeLessThan(300);
    }
    const upper = await f.client.get(`/api/backupSessions/${session.id.toUpperCase()}`);
    expect(upper.xml!.EntityRef.Href).toMatch(new RegExp(`/api/backupSessions/${session.id}$`));
    const head = await f.client.send('HEAD', '/api/backupSessions');
    expect([head.status, head.text]).toEqual([200, '']);
  });

  it('ignores unknown query parameters, as EM does', async () => {
    expect((await f.client.get('/api/backupSessions?colour=blue&format=Entity')).status).toBe(200);
    expect((await f.client.get('/api/backupSessions?colour=blue')).status).toBe(200);
    expect((await f.client.get('/api/query?type=NasJob&colour=blue')).status).toBe(200);
  });

  it('never answers 500 to random paths, queries and headers: 200 or a 4xx Error document', async () => {
    const ids = [...f.emulator.state.data.backupSessions.slice(0, 3).map((s) => s.id), UNKNOWN];
    const segment = fc.oneof(
      fc.constantFrom('api', 'backupSessions', 'nas', 'jobs', 'query', 'cdpReplicaTaskSessions', 'cdpReplicaSessions', 'taskSessions', 'backupSessions', 'logonSessions', 'sessionMngr', '', '..', '.', '%', '%zz', '%00', '%2F', ...ids),
      fc.string({ maxLength: 8 }).map(encodeURIComponent),
    );
    const param = fc.tuple(
      fc.constantFrom('type', 'filter', 'format', 'sortAsc', 'sortDesc', 'pageSize', 'page', 'v', 'x'),
      fc.oneof(fc.constantFrom('BackupJobSession', 'NasJob', 'CdpReplicaTaskSession', 'Entity', 'Entities', 'State==Working', '(', '"', 'a==', '0', '-1', '99999999999999999999', 'State'), fc.string({ maxLength: 12 })),
    );
    const accept = fc.constantFrom(undefined, 'application/json', '*/*', 'text/html', 'application/json;q=abc', ';;;', 'application/xml;q=0');
    await fc.assert(fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.array(param, { maxLength: 4 }), accept, fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'), async (segments, params, acceptValue, method) => {
      const query = params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
      const path = `/api/${segments.join('/')}${query ? `?${query}` : ''}`;
      const answer = await f.client.send(method, path, { accept: acceptValue });
      if (answer.status >= 300 || method !== 'GET') {
        if (answer.status === 201 || answer.status === 204) return;
        mustBeErrorDocument(answer, `${method} ${path}`);
      }
    }), { numRuns: 400, seed: 7 });
  });

  it('never answers 500 to random filters, and echoes control characters into a well-formed XML Error', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('BackupJobSession', 'CdpReplicaTaskSession', 'NasJob'), fc.string({ unit: 'binary', maxLength: 30 }), async (type, filter) => {
      const answer = await f.client.get(`/api/query?type=${type}&filter=${encodeURIComponent(filter)}`);
      if (answer.status !== 200) mustBeErrorDocument(answer, filter);
    }), { numRuns: 300, seed: 7 });
    const controls = await f.client.get(`/api/query?type=${encodeURIComponent('\u0001\u0000bad')}`);
    mustBeErrorDocument(controls, 'control characters');
  });
});
