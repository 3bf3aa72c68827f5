import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, loadSpec } from '../../src/spec/index.ts';
import { body, withEmulator, type EmulatorFixture } from './helpers.ts';

const catalog = buildCatalog(await loadSpec());
const PATHS = ['/protocols/ndmp', '/protocols/ndmp/sessions', '/protocols/ndmp/svms', '/protocols/ndmp/nodes', '/cluster'];
const names = fc.oneof(
  fc.constantFrom(...catalog.filterableFields('ndmp_session_collection_get').map((f) => f.path), 'fields', 'order_by', 'max_records', 'return_records', 'return_timeout', 'ignore_unknown_fields', 'start.id', 'offset'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const values = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('*', '**', '!', '|', '..', '{', '}', '"', '<', '>=', 'null', '!null', 'a..', '..b', '{a,', '-1', '1e9', '99999999999999999999'));

/** The answer to bad input is a 4xx with an ONTAP error body, never a 500 and never a hang. */
function mustBeClientError(res: { status: number; json: unknown; text: string }): void {
  expect(res.status, res.text).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.status, res.text).toBeGreaterThanOrEqual(400);
    expect(typeof body(res).error?.code, res.text).toBe('string');
  }
}

describe('ONTAP emulator under generated bad input', () => {
  let f: EmulatorFixture;
  beforeAll(async () => {
    f = await withEmulator({ sessions: 30 });
  });
  afterAll(() => f.close());

  it('answers random query strings on every GET with 200 or a 4xx error body', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...PATHS), fc.array(fc.tuple(names, values), { maxLength: 4 }), async (path, pairs) => {
      mustBeClientError(await f.admin.get(path, new URLSearchParams(pairs)));
    }), { numRuns: 300, seed: 7 });
  });

  it('answers random PATCH bodies with 200 or a 4xx error body', async () => {
    const [svm] = body(await f.admin.get('/protocols/ndmp/svms')).records;
    const targets = ['/protocols/ndmp', `/protocols/ndmp/svms/${svm.svm.uuid}`];
    const bodies = fc.oneof(fc.jsonValue(), fc.string(), fc.record({ enabled: fc.jsonValue(), authentication_types: fc.jsonValue() }, { requiredKeys: [] }));
    await fc.assert(fc.asyncProperty(fc.constantFrom(...targets), bodies, async (path, payload) => {
      mustBeClientError(await f.admin.patch(path, typeof payload === 'string' ? payload : JSON.stringify(payload)));
    }), { numRuns: 200, seed: 7 });
    // Restore the NDMP mode a generated body may have switched.
    await f.admin.patch('/protocols/ndmp', { mode: 'svm' });
  });

  it('answers random instance paths with a 4xx error body', async () => {
    const segment = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent), fc.uuid());
    await fc.assert(fc.asyncProperty(fc.constantFrom('sessions', 'svms', 'nodes'), segment, segment, async (kind, a, b) => {
      mustBeClientError(await f.admin.get(`/protocols/ndmp/${kind}/${a}${kind === 'sessions' ? `/${b}` : ''}`));
    }), { numRuns: 200, seed: 7 });
  });
});
