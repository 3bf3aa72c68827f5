import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import {
  compareVeeamVersions, loadVeeamSpec, VEEAM_SPEC_PATH, veeamOperation, veeamOperations, veeamQueryCatalog, veeamQueryType,
  veeamSchema, veeamUndocumented, veeamXmlRoot, veeamXmlRoots,
} from '../../src/spec/veeam/index.ts';

type Schema = OpenAPIV3.SchemaObject & Record<string, unknown>;

const spec = await loadVeeamSpec();
const EXAMPLES = resolve(import.meta.dirname, '../../fixtures/veeam/examples');
const manifest = JSON.parse(readFileSync(resolve(EXAMPLES, 'manifest.json'), 'utf8')) as { examples: Array<{ operationId: string; xml?: string; json?: string }> };
const props = (name: string) => Object.keys(veeamSchema(spec, name).properties ?? {});
const elements = (name: string) => Object.entries((veeamSchema(spec, name).properties ?? {}) as Record<string, Schema>).filter(([, s]) => !s.xml?.attribute).map(([n]) => n);
const enumOf = (name: string) => veeamSchema(spec, name).enum;

describe('specs/veeam/enterprise-manager.yaml', () => {
  it('is a valid OpenAPI 3 document', async () => {
    const api = (await SwaggerParser.validate(VEEAM_SPEC_PATH)) as OpenAPIV3.Document;
    expect(api.openapi).toBe('3.0.3');
  });

  it('has every operation with its method, path, version and session window', () => {
    const table = veeamOperations(spec).map((op) => [op.id, op.method, op.path, op.introduced, op.windowDays ?? null]);
    expect(table).toEqual([
      ['em_get', 'GET', '/', 'v1_5', null],
      ['logon_session_create', 'POST', '/sessionMngr/', 'v1_5', null],
      ['logon_session_get', 'GET', '/logonSessions/{ID}', 'v1_5', null],
      ['logon_session_delete', 'DELETE', '/logonSessions/{ID}', 'v1_5', null],
      ['cdp_replica_task_session_collection_get', 'GET', '/cdpReplicaTaskSessions', 'v1_6', 30],
      ['cdp_replica_task_session_get', 'GET', '/cdpReplicaTaskSessions/{ID}', 'v1_6', null],
      ['cdp_replica_session_collection_get', 'GET', '/cdpReplicaSessions', 'v1_6', null],
      ['cdp_replica_session_get', 'GET', '/cdpReplicaSessions/{ID}', 'v1_6', null],
      ['cdp_replica_session_task_sessions_get', 'GET', '/cdpReplicaSessions/{ID}/cdpReplicaTaskSessions', 'v1_6', 30],
      ['nas_job_collection_get', 'GET', '/nas/jobs', 'v1_5', null],
      ['nas_job_get', 'GET', '/nas/jobs/{ID}', 'v1_5', null],
      ['nas_job_backup_sessions_get', 'GET', '/nas/jobs/{ID}/backupSessions', 'v1_5', 30],
      ['backup_session_collection_get', 'GET', '/backupSessions', 'v1_5', 30],
      ['backup_session_get', 'GET', '/backupSessions/{ID}', 'v1_5', null],
      ['backup_session_task_sessions_get', 'GET', '/backupSessions/{ID}/taskSessions', 'v1_5', null],
      ['backup_server_collection_get', 'GET', '/backupServers', 'v1_5', null],
      ['backup_server_get', 'GET', '/backupServers/{ID}', 'v1_5', null],
      ['job_get', 'GET', '/jobs/{ID}', 'v1_5', null],
      ['query_get', 'GET', '/query', 'v1_5', null],
    ]);
    expect(spec.document.servers).toEqual([{ url: '/api' }]);
  });

  it('logs on with HTTP Basic and a version, answers 201 with the token header and cookie, 401 with a challenge', () => {
    const logon = spec.document.paths['/sessionMngr/']!.post!;
    expect(logon.security).toEqual([{ basic: [] }]);
    const v = (logon.parameters as OpenAPIV3.ParameterObject[]).find((p) => p.name === 'v')!;
    expect((v.schema as Schema).enum).toEqual(['latest', 'v1_7', 'v1_6', 'v1_5']);
    const created = logon.responses['201'] as OpenAPIV3.ResponseObject;
    expect(Object.keys(created.headers!)).toEqual(['X-RestSvcSessionId', 'Set-Cookie']);
    expect(Object.keys((logon.responses['401'] as OpenAPIV3.ResponseObject).headers!)).toEqual(['WWW-Authenticate']);
    expect(spec.document.paths['/']!.get!.security).toEqual([]);
    expect(spec.document.paths['/logonSessions/{ID}']!.delete!.responses['204']).toBeDefined();
    expect(spec.document.security).toEqual([{ 'X-RestSvcSessionId': [] }, { 'X-RestSvcSessionIdCookie': [] }]);
    const schemes = spec.document.components!.securitySchemes as Record<string, OpenAPIV3.SecuritySchemeObject>;
    expect(schemes['X-RestSvcSessionId']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-RestSvcSessionId' });
    expect(schemes['X-RestSvcSessionIdCookie']).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'X-RestSvcSessionId' });
    expect(schemes.basic).toMatchObject({ type: 'http', scheme: 'basic' });
  });

  it('offers XML and JSON on every answer that has a body', () => {
    for (const [path, item] of Object.entries(spec.document.paths)) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        for (const [status, response] of Object.entries((operation as OpenAPIV3.OperationObject).responses ?? {})) {
          const content = (response as OpenAPIV3.ResponseObject).content;
          if (status === '204') expect(content, `${method} ${path} 204`).toBeUndefined();
          else expect(Object.keys(content ?? {}), `${method} ${path} ${status}`).toEqual(['application/xml', 'application/json']);
        }
      }
    }
  });

  it('lists the entity elements in the order of the reference', () => {
    expect(elements('CdpReplicaTaskSession')).toEqual(['Links', 'PolicySessionUid', 'CreationTimeUTC', 'EndTimeUTC', 'State', 'Result', 'Reason', 'TotalSize']);
    expect(elements('BackupJobSession')).toEqual(['Links', 'JobUid', 'JobName', 'JobType', 'CreationTimeUTC', 'EndTimeUTC', 'State', 'Result', 'Progress', 'FailureMessage', 'IsRetry']);
    expect(props('CdpReplicaTaskSession').slice(0, 5)).toEqual(['Type', 'Href', 'Name', 'UID', 'VmDisplayName']);
    expect(veeamSchema(spec, 'CdpReplicaTaskSession').required).not.toContain('EndTimeUTC');
    expect(veeamSchema(spec, 'BackupJobSession').required).not.toEqual(expect.arrayContaining(['EndTimeUTC', 'FailureMessage']));
    expect(props('Error')).toEqual(['Message', 'StatusCode', 'Status', 'FirstChanceExceptionMessage', 'StackTrace']);
  });

  it('has the exact enums, Result None marked as observed but not documented', () => {
    expect(enumOf('CdpReplicaTaskSessionState')).toEqual(['InProgress', 'Pending', 'Completed']);
    expect(enumOf('CdpReplicaTaskSessionResult')).toEqual(['Success', 'Warning', 'Failed']);
    expect(enumOf('BackupJobSessionState')).toEqual(['Starting', 'Stopping', 'Working', 'Pausing', 'Resuming', 'Stopped']);
    expect(enumOf('BackupJobSessionResult')).toEqual(['Success', 'Warning', 'Failed', 'None']);
    expect(veeamSchema(spec, 'BackupJobSessionResult')).toMatchObject({ 'x-veeam-observed-values': ['None'], 'x-veeam-undocumented': 'result-none-while-running' });
    expect(enumOf('BackupJobType')).toEqual(expect.arrayContaining(['Backup', 'Replica', 'Copy', 'BackupCopy', 'NasBackup']));
  });

  it('types the JSON values: UTC timestamps, a 64-bit size, a bounded progress, booleans', () => {
    const cdp = veeamSchema(spec, 'CdpReplicaTaskSession').properties as Record<string, Schema>;
    expect(cdp.CreationTimeUTC).toMatchObject({ type: 'string', format: 'date-time', pattern: expect.stringMatching(/Z\$$/) });
    expect(cdp.EndTimeUTC).toMatchObject({ type: 'string', format: 'date-time', nullable: true });
    expect(cdp.TotalSize).toMatchObject({ type: 'integer', format: 'int64' });
    const job = veeamSchema(spec, 'BackupJobSession').properties as Record<string, Schema>;
    expect(job.Progress).toMatchObject({ type: 'integer', minimum: 0, maximum: 100 });
    expect(job.IsRetry).toMatchObject({ type: 'boolean' });
  });

  it('annotates attributes and wrapped link lists for the XML form', () => {
    const attributes = (name: string) => Object.entries((veeamSchema(spec, name).properties ?? {}) as Record<string, Schema>).filter(([, s]) => s.xml?.attribute).map(([n]) => n);
    expect(attributes('CdpReplicaTaskSession')).toEqual(['Type', 'Href', 'Name', 'UID', 'VmDisplayName']);
    expect(attributes('Link')).toEqual(['Rel', 'Href', 'Name', 'Type']);
    expect(attributes('Error')).toEqual(['Message', 'StatusCode', 'Status']);
    expect(veeamSchema(spec, 'LinkList').xml).toMatchObject({ name: 'Links', wrapped: true });
    expect(veeamXmlRoot(spec, 'cdp_replica_task_session_get')).toBe('EntityRef');
    expect(veeamXmlRoot(spec, 'cdp_replica_task_session_get', { form: 'entity' })).toBe('CdpReplicaTaskSession');
    expect(veeamXmlRoots(spec, 'nas_job_get', { form: 'entity' })).toEqual(['NasJob', 'NASJob']);
    expect(veeamXmlRoot(spec, 'backup_session_get', { status: 404 })).toBe('Error');
  });

  it('records the JSON mapping and every point the reference leaves open', () => {
    const info = spec.document.info as OpenAPIV3.InfoObject & Record<string, Record<string, string>>;
    expect(Object.keys(info['x-veeam-json-mapping']!)).toEqual(expect.arrayContaining(['attributes', 'links', 'references', 'nulls']));
    const ids = veeamUndocumented(spec).map((u) => u.id);
    for (const id of ['attribute-order', 'namespace-prefix', 'result-none-while-running', 'replica-task-sessions-href', 'malformed-id-status', 'content-type-charset']) {
      expect(ids).toContain(id);
    }
    // Every local marker names a point of the list.
    const markers: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if (key === 'x-veeam-undocumented' && typeof child === 'string') markers.push(child);
          else walk(child);
        }
      }
    };
    walk(spec.document.paths);
    walk(spec.document.components);
    expect(markers.length).toBeGreaterThan(5);
    expect(markers.filter((m) => !ids.includes(m))).toEqual([]);
    expect(veeamOperation(spec, 'nas_job_backup_sessions_get').undocumented).toEqual(['unknown-nas-job', 'malformed-id-status']);
  });
});

describe('links', () => {
  it('every x-veeam-links target is an operation of the spec (a GET for Up, Down and Alternate), asked for its entity form only where it has one', () => {
    for (const op of veeamOperations(spec)) {
      for (const link of op.links) {
        const target = veeamOperation(spec, link.operationId);
        expect(target.method, `${op.id} → ${link.operationId}`).toBe(link.rel === 'Delete' ? 'DELETE' : 'GET');
        if (link.format === 'Entity') expect(target.forms, `${op.id} → ${link.operationId}?format=Entity`).toBeDefined();
      }
    }
  });

  // The entry point's Down link to /logonSessions (the list of logon sessions) is left out: the suite does not read it.
  it('every Up, Down and Alternate link of the example resources leads to an operation of the spec', () => {
    const templates = veeamOperations(spec).filter((op) => op.method === 'GET').map((op) => ({
      op,
      pattern: new RegExp(`^${op.path.replace(/\{ID\}/g, '[0-9a-fA-F-]{36}').replace(/\/$/, '')}/?$`),
    }));
    const hrefs = new Set<string>();
    for (const example of manifest.examples.filter((e) => e.operationId !== 'em_get')) {
      const text = [example.xml, example.json].filter(Boolean).map((file) => readFileSync(resolve(EXAMPLES, file!), 'utf8')).join('\n');
      for (const match of text.matchAll(/Rel"?[=:]\s*"(Up|Down|Alternate)"[^>{}]*?Href"?[=:]\s*"([^"]+)"|Href"?[=:]\s*"([^"]+)"[^>{}]*?Rel"?[=:]\s*"(Up|Down|Alternate)"/g)) {
        hrefs.add((match[2] ?? match[3])!);
      }
    }
    expect(hrefs.size).toBeGreaterThan(10);
    const unresolved: string[] = [];
    for (const href of hrefs) {
      const url = new URL(href.replaceAll('&amp;', '&'));
      const path = url.pathname.replace(/^\/api/, '') || '/';
      const found = templates.find((t) => t.pattern.test(path));
      if (!found) unresolved.push(href);
      else if (url.searchParams.get('format') === 'Entity' && !found.op.forms) unresolved.push(`${href} (no entity form)`);
    }
    expect(unresolved).toEqual([]);
  });
});

describe('the query catalog', () => {
  const fieldsOf = (type: string) => veeamQueryType(spec, type).fields;

  it('has the three query types with their version, entity and list names', () => {
    expect(veeamQueryCatalog(spec).map((q) => [q.type, q.introduced, q.entity, q.entityElement, q.referenceType, q.entitiesList])).toEqual([
      ['CdpReplicaTaskSession', 'v1_6', 'CdpReplicaTaskSession', 'CdpReplicaTaskSession', 'CdpReplicaTaskSessionReference', 'CdpReplicaTaskSessions'],
      ['BackupJobSession', 'v1_5', 'BackupJobSession', 'BackupJobSession', 'BackupJobSessionReference', 'BackupJobSessions'],
      ['NasJob', 'v1_5', 'NasJob', 'NasJob', 'NasJobReference', 'NasJobs'],
    ]);
    const typeParameter = (spec.document.paths['/query']!.get!.parameters as OpenAPIV3.ParameterObject[]).find((p) => p.name === 'type')!;
    expect((typeParameter.schema as Schema).enum).toEqual(veeamQueryCatalog(spec).map((q) => q.type));
  });

  it('lists the filter fields of the reference with their types', () => {
    expect(fieldsOf('CdpReplicaTaskSession').map((f) => `${f.name}:${f.type}`)).toEqual([
      'Id:uid', 'Name:string', 'PolicySessionUid:uid', 'PolicySessionName:string', 'BackupServerUid:uid', 'BackupServerName:string',
      'CreationTimeUTC:datetime', 'EndTimeUTC:datetime', 'State:enum', 'Reason:string', 'TotalSize:long', 'VmDisplayName:string',
    ]);
    expect(fieldsOf('BackupJobSession').map((f) => `${f.name}:${f.type}`)).toEqual([
      'UID:uid', 'Name:string', 'JobType:enum', 'JobUid:uid', 'JobName:string', 'CreationTime:datetime', 'EndTime:datetime',
      'State:enum', 'Result:enum', 'IsRetry:boolean', 'BackupServerUid:uid', 'BackupServerName:string',
    ]);
  });

  it('gives enum fields the values of the entity schema, in declaration order', () => {
    const state = fieldsOf('CdpReplicaTaskSession').find((f) => f.name === 'State')!;
    expect(state.enum).toEqual(enumOf('CdpReplicaTaskSessionState'));
    const job = Object.fromEntries(fieldsOf('BackupJobSession').map((f) => [f.name, f]));
    expect(job.JobType!.enum).toEqual(enumOf('BackupJobType'));
    expect(job.State!.enum).toEqual(enumOf('BackupJobSessionState'));
    expect(job.Result!.enum).toEqual(enumOf('BackupJobSessionResult'));
  });

  it('points every source at an attribute or element of the entity, or at a link', () => {
    for (const entry of veeamQueryCatalog(spec)) {
      const properties = (veeamSchema(spec, entry.entity).properties ?? {}) as Record<string, Schema>;
      for (const field of entry.fields) {
        const source = field.source;
        if (!source) continue;
        if ('attribute' in source) expect(properties[source.attribute]?.xml?.attribute, `${entry.type}.${field.name}`).toBe(true);
        else if ('element' in source) expect(properties[source.element] && !properties[source.element]!.xml?.attribute, `${entry.type}.${field.name}`).toBe(true);
        else expect(['BackupServerReference', 'CdpReplicaSessionReference']).toContain(source.link);
      }
    }
    expect(fieldsOf('NasJob').filter((f) => !f.source).map((f) => f.name)).toEqual(['Description', 'NextRun', 'ScheduleConfigured', 'ScheduleEnabled']);
  });

  it('compares API versions, latest being the newest', () => {
    expect(compareVeeamVersions('v1_5', 'v1_6')).toBeLessThan(0);
    expect(compareVeeamVersions('latest', 'v1_7')).toBe(0);
    expect(compareVeeamVersions('v1_7', 'v1_6')).toBeGreaterThan(0);
  });
});
