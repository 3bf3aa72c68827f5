import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { buildCatalog, compareVersions, DEFAULT_SPEC_PATH, loadSpec } from '../../src/spec/index.ts';

const catalog = buildCatalog(await loadSpec());

describe('specs/ontap/ndmp.yaml', () => {
  it('is a valid OpenAPI 3 document', async () => {
    await expect(SwaggerParser.validate(DEFAULT_SPEC_PATH)).resolves.toBeTruthy();
  });

  it('has every NDMP operation with its version, scope and documented codes', () => {
    const expected: Array<[string, string, string, string, string]> = [
      ['ndmp_get', 'GET', '/protocols/ndmp', '9.7', 'any'],
      ['ndmp_patch', 'PATCH', '/protocols/ndmp', '9.7', 'any'],
      ['ndmp_node_collection_get', 'GET', '/protocols/ndmp/nodes', '9.7', 'node'],
      ['ndmp_node_get', 'GET', '/protocols/ndmp/nodes/{node.uuid}', '9.7', 'node'],
      ['ndmp_node_modify', 'PATCH', '/protocols/ndmp/nodes/{node.uuid}', '9.7', 'node'],
      ['ndmp_svm_collection_get', 'GET', '/protocols/ndmp/svms', '9.7', 'svm'],
      ['ndmp_svm_get', 'GET', '/protocols/ndmp/svms/{svm.uuid}', '9.7', 'svm'],
      ['ndmp_svm_modify', 'PATCH', '/protocols/ndmp/svms/{svm.uuid}', '9.7', 'svm'],
      ['ndmp_password_get', 'GET', '/protocols/ndmp/svms/{svm.uuid}/passwords/{user}', '9.9', 'svm'],
      ['ndmp_session_collection_get', 'GET', '/protocols/ndmp/sessions', '9.7', 'any'],
      ['ndmp_session_get', 'GET', '/protocols/ndmp/sessions/{owner.uuid}/{session.id}', '9.7', 'any'],
      ['ndmp_session_delete', 'DELETE', '/protocols/ndmp/sessions/{owner.uuid}/{session.id}', '9.7', 'any'],
    ];
    for (const [id, method, path, introduced, scope] of expected) {
      expect(catalog.operation(id)).toMatchObject({ method, path, introduced, scope });
    }
    const codes = (id: string) => catalog.operation(id).errorCodes.map((c) => c.code);
    expect(codes('ndmp_node_modify')).toEqual(['68812800', '68812801', '68812802']);
    expect(codes('ndmp_svm_modify')).toContain('65601551');
    expect(codes('ndmp_session_delete')).toEqual(['68812802', '68812803', '68812804', '68812805', '68812806']);
    expect(codes('ndmp_node_collection_get')).toContain('68812801');
    expect(codes('ndmp_password_get')).toContain('65601536');
  });

  it('lists every session filter of seed 001 with its type', () => {
    const fields = new Map(catalog.filterableFields('ndmp_session_collection_get').map((f) => [f.path, f]));
    const seed001 = ['client_port', 'uuid', 'data.connection.address', 'data.connection.port', 'data.connection.type', 'data.bytes_processed',
      'data.operation', 'data.state', 'data.reason', 'data_path', 'node.name', 'node.uuid', 'tape_mode', 'client_address', 'mover.reason',
      'mover.state', 'mover.mode', 'mover.connection.address', 'mover.connection.port', 'mover.connection.type', 'mover.bytes_moved', 'id',
      'backup_engine', 'tape_device', 'scsi.lun_id', 'scsi.host_adapter', 'scsi.device_id', 'scsi.target_id', 'source_address', 'svm.name', 'svm.uuid'];
    expect([...fields.keys()].sort()).toEqual([...seed001].sort());
    expect(fields.get('client_port')).toMatchObject({ type: 'integer', array: false, introduced: '9.7' });
    expect(fields.get('uuid')).toMatchObject({ type: 'string', introduced: '9.9' });
    expect(fields.get('data.state')).toMatchObject({ type: 'enum', enum: ['active', 'connected', 'halted', 'idle', 'listening', 'paused'] });
    expect(fields.get('data.reason')!.enum).toHaveLength(11);
    expect(fields.get('mover.mode')!.enum).toEqual(['read', 'write', 'data', 'raw']);
    expect(fields.get('backup_engine')!.enum).toEqual(['dump', 'smtape']);
  });

  it('types the node and SVM filters, keys and patchable fields', () => {
    const auth = catalog.filterableFields('ndmp_svm_collection_get').find((f) => f.path === 'authentication_types');
    expect(auth).toMatchObject({ type: 'enum', array: true, sortable: false, enum: ['plaintext', 'challenge', 'plaintext_sso'] });
    expect(catalog.filterableFields('ndmp_node_collection_get').map((f) => f.path).sort()).toEqual(['authentication_types', 'enabled', 'node.name', 'node.uuid', 'user']);
    expect(catalog.keys('ndmp_svm_collection_get').required).toEqual(['svm.uuid']);
    expect(catalog.keys('ndmp_session_collection_get').allowed).toContain('svm.uuid');
    expect(catalog.patchableFields('ndmp_node_modify')).toEqual(['enabled', 'authentication_types', 'user', 'password']);
    expect(catalog.patchableFields('ndmp_svm_modify')).toEqual(['enabled', 'authentication_types']);
    expect(catalog.writeOnlyFields('ndmp_node_get')).toEqual(['password']);
  });

  it('compares ONTAP versions numerically', () => {
    expect(compareVersions('9.12.1', '9.9')).toBeGreaterThan(0);
    expect(compareVersions('9.8.0', '9.9')).toBeLessThan(0);
    expect(compareVersions('9.9', '9.9.0')).toBe(0);
  });
});

describe('error codes the checks expect', () => {
  it('are all documented in the spec', async () => {
    const { CODES } = await import('../../src/checks/codes.ts');
    for (const [name, code] of Object.entries(CODES)) expect(catalog.documents(code), `${name} = ${code}`).toBe(true);
    expect(catalog.documents('99999999')).toBe(false);
    expect(catalog.genericErrorCodes.find((c) => c.code === '262179')).toMatchObject({ status: 400 });
  });
});
