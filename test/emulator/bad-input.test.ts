import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collapseSlashes, startOntapEmulator, type RunningOntapEmulator } from '../../src/emulator/ontap/server.ts';
import { DEFAULT_ONTAP_CONFIG } from '../../src/emulator/ontap/state.ts';
import type { Json } from './helpers.ts';

interface RawResponse {
  status: number;
  text: string;
  json: Json | undefined;
}

const AUTH = `Basic ${Buffer.from(`${DEFAULT_ONTAP_CONFIG.admin.name}:${DEFAULT_ONTAP_CONFIG.admin.password}`).toString('base64')}`;

/**
 * Sends the request target exactly as given: undici and fetch normalise URLs (dot segments, escapes) before sending,
 * which would keep `..` and malformed escapes from ever reaching the emulator.
 */
function raw(emulator: RunningOntapEmulator, method: string, path: string, body?: string): Promise<RawResponse> {
  const { hostname, port } = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: AUTH, accept: 'application/hal+json' };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: Json | undefined;
        try {
          json = JSON.parse(text) as Json;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A 200 with a JSON body, or a 4xx with an ONTAP error body `{"error":{"message","code"}}`; never a 5xx. */
function mustBeOkOrOntapError(res: RawResponse, path: string): void {
  const where = `${path} -> ${res.status} ${res.text}`;
  expect(res.status, where).toBeLessThan(500);
  expect(res.json, where).toBeTypeOf('object');
  if (res.status === 200) return;
  expect(res.status, where).toBeGreaterThanOrEqual(400);
  expect(res.json?.error?.message, where).toBeTypeOf('string');
  expect(res.json?.error?.code, where).toMatch(/^\d+$/);
}

const MALFORMED = ['%', '%%', '%z', '%zz', '%2', '%E0%A4%A', '%C3', '%C3%28', '%FF', '%ED%A0%80', '%u0041', '%00', '%2F', '%2f..', '%2e%2e', '%252', '%25'];
const TRICKY = ['..', '.', '/', '//', '..%2F..', '~', '@', ':', ';', '=', '+', ',', '!', '*', "'", '(', ')', '$', '&', '-', '_'];
/** Characters a request target may carry literally (RFC 3986 pchar without `%`). */
const PCHAR = /^[A-Za-z0-9._~!$&'()*+,;=:@-]{1,12}$/;

/** Path segments built from malformed escapes, dot segments, slashes, encoded unicode and plain characters. */
const segment = fc.array(
  fc.oneof(
    fc.constantFrom(...MALFORMED),
    fc.constantFrom(...TRICKY),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).map(encodeURIComponent),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }).map((text) => {
      try {
        return encodeURIComponent(text);
      } catch {
        return '%ED%B0%80'; // A lone surrogate cannot be encoded: send the escape of one instead.
      }
    }),
    fc.stringMatching(PCHAR),
  ),
  { minLength: 1, maxLength: 4 },
).map((parts) => parts.join(''));

describe('ONTAP emulator: bad path segments', () => {
  let svmScope: RunningOntapEmulator;
  let nodeScope: RunningOntapEmulator;
  let svmUuid: string;
  let nodeUuid: string;
  let sessionOwner: string;
  let sessionId: string;
  let nodeSessionOwner: string;
  let nodeSessionId: string;

  beforeAll(async () => {
    [svmScope, nodeScope] = await Promise.all([startOntapEmulator({ sessions: 10 }), startOntapEmulator({ sessions: 10, mode: 'node' })]);
    svmUuid = svmScope.state.data.svms[0]!.uuid;
    nodeUuid = nodeScope.state.data.nodes[0]!.uuid;
    const [owner, id] = String((await raw(svmScope, 'GET', '/api/protocols/ndmp/sessions?max_records=1')).json!.records[0]._links.self.href).split('/').slice(-2);
    [sessionOwner, sessionId] = [owner!, id!];
    const [nodeOwner, nodeId] = String((await raw(nodeScope, 'GET', '/api/protocols/ndmp/sessions?max_records=1')).json!.records[0]._links.self.href).split('/').slice(-2);
    [nodeSessionOwner, nodeSessionId] = [nodeOwner!, nodeId!];
  });
  afterAll(() => Promise.all([svmScope.close(), nodeScope.close()]));

  it('answers the reported malformed escapes with 400 / code 2, not 500', async () => {
    const paths = [
      '/api/protocols/ndmp/svms/%E0%A4%A',
      '/api/protocols/ndmp/sessions/%zz/1',
      `/api/protocols/ndmp/sessions/${sessionOwner}/%zz`,
      `/api/protocols/ndmp/sessions/${sessionOwner}/%E0%A4%A`,
      `/api/protocols/ndmp/svms/${svmUuid}/passwords/%E0%A4%A`,
      `/api/protocols/ndmp/svms/${svmUuid}/passwords/%`,
    ];
    for (const path of paths) {
      for (const method of ['GET', 'DELETE', 'PATCH']) {
        const res = await raw(svmScope, method, path, method === 'PATCH' ? '{}' : undefined);
        if (res.status === 405) continue; // the route has no such method
        expect(res.status, `${method} ${path} ${res.text}`).toBe(400);
        expect(res.json?.error?.code, `${method} ${path}`).toBe('2');
        expect(res.json?.error?.message).toBeTypeOf('string');
      }
    }
    const nodeRes = await raw(nodeScope, 'GET', '/api/protocols/ndmp/nodes/%E0%A4%A');
    expect([nodeRes.status, nodeRes.json?.error?.code]).toEqual([400, '2']);
    // The session is still there: a malformed DELETE removed nothing.
    expect((await raw(svmScope, 'GET', `/api/protocols/ndmp/sessions/${sessionOwner}/${sessionId}`)).status).toBe(200);
  });

  it('answers generated segments in every parameter position of every route with 200 or an ONTAP 4xx', async () => {
    // Each route, with each parameter either generated or a real value (so later parameters are reached too).
    const routes: Array<{ emulator: () => RunningOntapEmulator; build: (p: Array<string | undefined>) => string; real: () => string[] }> = [
      { emulator: () => svmScope, real: () => [svmUuid], build: ([a]) => `/api/protocols/ndmp/svms/${a}` },
      { emulator: () => svmScope, real: () => [svmUuid, 'ndmpuser'], build: ([a, b]) => `/api/protocols/ndmp/svms/${a}/passwords/${b}` },
      { emulator: () => svmScope, real: () => [sessionOwner, sessionId], build: ([a, b]) => `/api/protocols/ndmp/sessions/${a}/${b}` },
      { emulator: () => nodeScope, real: () => [nodeUuid], build: ([a]) => `/api/protocols/ndmp/nodes/${a}` },
      { emulator: () => nodeScope, real: () => [nodeSessionOwner, nodeSessionId], build: ([a, b]) => `/api/protocols/ndmp/sessions/${a}/${b}` },
    ];
    const before = JSON.stringify([svmScope.state.data, nodeScope.state.data]);
    await fc.assert(fc.asyncProperty(
      fc.nat(routes.length - 1), fc.array(fc.option(segment, { freq: 3 }), { minLength: 2, maxLength: 2 }), fc.boolean(), fc.constantFrom('GET', 'PATCH'),
      async (index, generated, doubled, method) => {
        const route = routes[index]!;
        const params = route.real().map((real, i) => generated[i] ?? real);
        let path = route.build(params);
        if (doubled) path = path.replace(/\//g, '//');
        mustBeOkOrOntapError(await raw(route.emulator(), method, path, method === 'PATCH' ? '{"no_such_field":1}' : undefined), `${method} ${path}`);
      },
    ), { numRuns: 400, seed: 11 });
    // Nothing was changed (the PATCH bodies carry only an unknown field).
    expect(JSON.stringify([svmScope.state.data, nodeScope.state.data])).toBe(before);
  });

  it('treats repeated slashes as one, also before /api (real clients send them)', async () => {
    for (const path of ['//api//protocols//ndmp', '//api/protocols/ndmp', '/api//protocols/ndmp/', '///api///protocols///ndmp?fields=mode']) {
      const res = await raw(svmScope, 'GET', path);
      expect(res.status, `${path} ${res.text}`).toBe(200);
      expect(res.json).toMatchObject({ mode: 'svm' });
    }
    const svms = await raw(svmScope, 'GET', '//api//protocols//ndmp//svms?fields=svm.name');
    expect(svms.status).toBe(200);
    expect(svms.json?.num_records).toBe(svmScope.state.data.svms.length);
  });

  it('collapses slashes in the path only, keeping the query string as sent', () => {
    expect(collapseSlashes('//api//protocols//ndmp')).toBe('/api/protocols/ndmp');
    expect(collapseSlashes('//api//x?svm.name=a//b&fields=//')).toBe('/api/x?svm.name=a//b&fields=//');
    expect(collapseSlashes('/api/x#a//b')).toBe('/api/x#a//b');
    expect(collapseSlashes('http://host//api')).toBe('http://host//api');
  });
});

describe('ONTAP emulator: PATCH keys that are not fields', () => {
  let svmScope: RunningOntapEmulator;
  let nodeScope: RunningOntapEmulator;

  beforeAll(async () => {
    [svmScope, nodeScope] = await Promise.all([startOntapEmulator({ sessions: 5 }), startOntapEmulator({ sessions: 5, mode: 'node' })]);
  });
  afterAll(() => Promise.all([svmScope.close(), nodeScope.close()]));

  const PATCHABLE = new Set(['_links', 'mode', 'enabled', 'authentication_types', 'user', 'password']);
  const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype', 'constructor', 'polluted'];
  const keys = fc.oneof(
    fc.constantFrom(...PROTOTYPE_NAMES),
    fc.string({ minLength: 1, maxLength: 16 }).filter((key) => !PATCHABLE.has(key)),
  );
  const values: fc.Arbitrary<unknown> = fc.oneof(fc.constant({ polluted: 'yes' }), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  const prototypeNamesBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  it('rejects every unknown key with 400 / 262203 on the SVM, node and NDMP mode PATCH endpoints, changing nothing', async () => {
    const svm = svmScope.state.data.svms[0]!;
    const node = nodeScope.state.data.nodes[0]!;
    // Each endpoint with a valid field that would change something if the body were applied in part.
    const endpoints = [
      { emulator: svmScope, path: '/api/protocols/ndmp', valid: () => ({ mode: 'node' }) },
      { emulator: svmScope, path: `/api/protocols/ndmp/svms/${svm.uuid}`, valid: () => ({ enabled: !svm.ndmp.enabled }) },
      { emulator: nodeScope, path: `/api/protocols/ndmp/nodes/${node.uuid}`, valid: () => ({ user: 'changed-by-patch' }) },
    ];
    const snapshot = () => JSON.stringify([svmScope.state.mode, nodeScope.state.mode, svmScope.state.data, nodeScope.state.data]);
    const before = snapshot();
    await fc.assert(fc.asyncProperty(
      fc.nat(endpoints.length - 1), keys, values, fc.constantFrom('alone', 'after-valid', 'before-valid'),
      async (index, key, value, placement) => {
        const endpoint = endpoints[index]!;
        // Written as text so that "__proto__" is an own key of the parsed body, as a client would send it.
        const unknown = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
        const valid = JSON.stringify(endpoint.valid()).slice(1, -1);
        const text = placement === 'alone' ? `{${unknown}}` : placement === 'after-valid' ? `{${valid},${unknown}}` : `{${unknown},${valid}}`;
        const res = await raw(endpoint.emulator, 'PATCH', endpoint.path, text);
        const where = `${endpoint.path} ${text} -> ${res.status} ${res.text}`;
        expect(res.status, where).toBe(400);
        expect(res.json?.error?.code, where).toBe('262203');
        expect(res.json?.error?.target, where).toBe(key);
        expect(snapshot(), where).toBe(before);
        expect(({} as Json).polluted, where).toBeUndefined();
      },
    ), { numRuns: 300, seed: 11, examples: PROTOTYPE_NAMES.flatMap((key) => [0, 1, 2].map((i) => [i, key, { polluted: 'yes' }, 'after-valid'] as [number, string, unknown, 'after-valid'])) });
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNamesBefore);
    expect(Object.getPrototypeOf(svm.ndmp)).toBe(Object.prototype);
  });

  it('still applies a body with only patchable fields', async () => {
    const res = await raw(svmScope, 'PATCH', '/api/protocols/ndmp', '{"mode":"svm","_links":{}}');
    expect(res.status, res.text).toBe(200);
  });
});
