import { describe, expect, it } from 'vitest';
import { buildCatalog, loadSpec } from '../../src/spec/index.ts';

const catalog = buildCatalog(await loadSpec());

describe('the key fields of collection records (x-ontap-keys)', () => {
  it('resolve the session owner by NDMP mode and the uuid by release', () => {
    const sessions = 'ndmp_session_collection_get';
    expect(catalog.keys(sessions, { version: '9.12.1', mode: 'svm' }).required).toEqual(['id', 'uuid', 'svm.uuid']);
    expect(catalog.keys(sessions, { version: '9.9.0', mode: 'node' }).required).toEqual(['id', 'uuid', 'node.uuid']);
    expect(catalog.keys(sessions, { version: '9.8.0', mode: 'svm' }).required).toEqual(['id', 'svm.uuid']);
  });

  it('without a target, name only the keys every target carries', () => {
    expect(catalog.keys('ndmp_session_collection_get').required).toEqual(['id']);
    expect(catalog.keys('ndmp_svm_collection_get').required).toEqual(['svm.uuid']);
    expect(catalog.keys('ndmp_node_collection_get', { version: '9.8.0', mode: 'node' }).required).toEqual(['node.uuid']);
  });

  it('are fields of the record schema, and every required key may accompany a selection', () => {
    for (const op of ['ndmp_session_collection_get', 'ndmp_svm_collection_get', 'ndmp_node_collection_get']) {
      for (const mode of ['svm', 'node'] as const) {
        const { required, allowed } = catalog.keys(op, { version: '9.16.1', mode });
        for (const key of required) expect(allowed, `${op} ${mode}`).toContain(key);
      }
    }
  });
});
