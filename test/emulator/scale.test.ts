import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { buildCatalog, loadSpec } from '../../src/spec/index.ts';
import { applyFilters, paginate, parseFilter, parseOrderBy, sortRecords, type FieldInfo } from '../../src/oracle/index.ts';
import { INDEXED_FROM } from '../../src/emulator/ontap/query-index.ts';
import { STREAM_FROM } from '../../src/emulator/ontap/collection.ts';
import { DEFAULT_ONTAP_CONFIG } from '../../src/emulator/ontap/state.ts';
import { body, withEmulator, type EmulatorFixture, type Json } from './helpers.ts';

// Large collections are answered from indexes and streamed: the answers must be the oracle's, byte for byte
// the JSON a small collection would get.
const SESSIONS = Math.max(INDEXED_FROM, STREAM_FROM) + 500;
const MATCH = { caseSensitive: false };
const PATH = '/protocols/ndmp/sessions';

describe(`the ONTAP emulator with ${SESSIONS} sessions (indexed and streamed answers)`, () => {
  let f: EmulatorFixture;
  let all: Json[];
  let filterable: FieldInfo[];
  const identity = (record: Json) => `${record.svm.uuid}/${record.id}`;

  beforeAll(async () => {
    f = await withEmulator({ sessions: SESSIONS });
    all = body(await f.admin.get(PATH, { fields: '*' })).records;
    filterable = buildCatalog(await loadSpec()).filterableFields('ndmp_session_collection_get');
  });
  afterAll(() => f.close());

  const field = (path: string) => filterable.find((candidate) => candidate.path === path)!;

  it('streams a page larger than the streaming threshold as chunked JSON equal to the whole collection', async () => {
    const res = await request(`${f.emulator.url}/api${PATH}?fields=*`, {
      headers: { authorization: `Basic ${Buffer.from(`${DEFAULT_ONTAP_CONFIG.admin.name}:${DEFAULT_ONTAP_CONFIG.admin.password}`).toString('base64')}` },
    });
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-type']).toBe('application/hal+json');
    const streamed = (await res.body.json()) as Json;
    expect(Object.keys(streamed)).toEqual(['_links', 'num_records', 'records']);
    expect(streamed.num_records).toBe(SESSIONS);
    expect(streamed.records).toEqual(all);
    const pages: Json[] = [];
    for (const offset of [0, 700, 1400]) pages.push(...body(await f.admin.get(PATH, { fields: '*', max_records: 700, offset })).records);
    expect(pages).toEqual(all);
  });

  const queries: Array<[string, Array<[string, string]>, string | undefined]> = [
    ['an equality filter (indexed)', [['data.state', 'ACTIVE|idle']], undefined],
    ['two equality filters with order_by', [['data.operation', 'backup'], ['mover.mode', 'raw|read']], 'client_port desc'],
    ['a negation and a range (scanned)', [['mover.state', '!paused'], ['client_port', '20000..50000']], undefined],
    ['a wildcard with order_by on a string', [['data_path', '*vol*']], 'tape_device'],
    ['null with a two-key order', [['tape_device', 'null']], 'data.state,data.bytes_processed desc'],
    ['an integer equality', [['scsi.lun_id', '3']], 'id'],
  ];
  for (const [title, filters, orderBy] of queries) {
    it(`answers ${title} exactly as the oracle, on every page of a walk`, async () => {
      const exprs = filters.map(([path, raw]) => parseFilter(field(path), raw));
      let expected = applyFilters(all, exprs, MATCH);
      if (orderBy) expected = sortRecords(expected, parseOrderBy(orderBy, filterable), { ...MATCH, fields: filterable });
      const query: Record<string, string> = { fields: '*', max_records: '97', ...Object.fromEntries(filters), ...(orderBy ? { order_by: orderBy } : {}) };
      let page = body(await f.admin.get(PATH, query));
      const walked: Json[] = [...page.records];
      for (let next = page._links.next?.href; next; next = page._links.next?.href) {
        page = body(await f.admin.get(next));
        walked.push(...page.records);
      }
      expect(walked.map(identity)).toEqual(expected.map(identity));
      expect(walked).toEqual(expected);
      const offset = Math.floor(expected.length / 3);
      const slice = body(await f.admin.get(PATH, { ...query, offset: String(offset) }));
      expect(slice.records).toEqual(paginate(expected, 97, offset).page);
    });
  }

  it('finds an instance among many, in both NDMP modes', async () => {
    for (const record of [all[0]!, all[SESSIONS - 1]!, all[777]!]) {
      expect(body(await f.admin.get(record._links.self.href))).toEqual(record);
    }
    const res = await f.admin.patch('/protocols/ndmp', { mode: 'node' });
    expect(res.status).toBe(200);
    try {
      const nodeScoped = body(await f.admin.get(PATH, { fields: '*', max_records: 3, offset: 1200 })).records as Json[];
      for (const record of nodeScoped) expect(body(await f.admin.get(record._links.self.href))).toEqual(record);
    } finally {
      await f.admin.patch('/protocols/ndmp', { mode: 'svm' });
    }
  });
});
