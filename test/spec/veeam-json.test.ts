import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVeeamJsonValidators, loadVeeamSpec, veeamJsonValidator, type VeeamForm } from '../../src/spec/veeam/index.ts';

interface Example { name: string; operationId: string; form?: VeeamForm; status?: number | 'default'; xml?: string; json?: string }

const DIR = resolve(import.meta.dirname, '../../fixtures/veeam/examples');
const examples = (JSON.parse(readFileSync(resolve(DIR, 'manifest.json'), 'utf8')) as { examples: Example[] }).examples;
const body = (file: string) => JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as Record<string, any>;
const validatorFor = createVeeamJsonValidators(await loadVeeamSpec());
const errorsOf = (operationId: string, data: unknown, options: { form?: VeeamForm; status?: number | 'default' } = {}) => validatorFor(operationId, options)(data).errors;

function mutate<T>(value: T, change: (copy: any) => void): T {
  const copy = structuredClone(value);
  change(copy);
  return copy;
}

describe('the JSON examples match the spec', () => {
  for (const example of examples.filter((e) => e.json)) {
    it(`${example.name} (${example.json})`, () => {
      expect(errorsOf(example.operationId, body(example.json!), { form: example.form, status: example.status })).toEqual([]);
    });
  }

  it('the shared validator of the shipped spec gives the same verdict', async () => {
    const validate = await veeamJsonValidator('cdp_replica_task_session_get', { form: 'entity' });
    expect(validate(body('cdp-replica-task-session.entity.json'))).toEqual({ valid: true, errors: [] });
    expect(await veeamJsonValidator('cdp_replica_task_session_get', { form: 'entity' })).toBeTypeOf('function');
  });
});

describe('what the reference leaves open is accepted', () => {
  const cdp = body('cdp-replica-task-session.entity.json');
  const running = body('backup-job-session.entity.json');
  it('an optional element left out instead of null', () => {
    expect(errorsOf('cdp_replica_task_session_get', mutate(cdp, (s) => { delete s.EndTimeUTC; delete s.Reason; }), { form: 'entity' })).toEqual([]);
  });
  it('Result None while a backup job session runs', () => expect(running.Result).toBe('None'));
  it('a link without Name or Type, as null or left out', () => {
    expect(errorsOf('backup_session_get', mutate(running, (s) => { delete s.Links[3].Name; s.Links[0].Type = null; }), { form: 'entity' })).toEqual([]);
  });
  it('an empty list as [] or null', () => {
    expect(errorsOf('backup_session_collection_get', { Refs: [] })).toEqual([]);
    expect(errorsOf('backup_session_collection_get', { Refs: null })).toEqual([]);
  });
  it('properties the reference does not list, on a minimal view and elsewhere', () => {
    expect(errorsOf('nas_job_get', body('nas-job.entity.json'), { form: 'entity' })).toEqual([]);
    expect(errorsOf('backup_session_get', { ...running, CompletedTasks: 3 }, { form: 'entity' })).toEqual([]);
  });
});

describe('broken answers are rejected', () => {
  const cdp = body('cdp-replica-task-session.entity.json');
  const warning = body('cdp-replica-task-session.entity-warning.json');
  const job = body('backup-job-session.entity.json');
  const sessions = body('nas-job-backup-sessions.json');
  const query = body('query-backup-job-session.entities.json');
  const cases: Array<[string, string, VeeamForm | undefined, unknown, RegExp]> = [
    ['TotalSize as a string', 'cdp_replica_task_session_get', 'entity', mutate(cdp, (s) => (s.TotalSize = '34359738368')), /^\/TotalSize must be integer$/m],
    ['TotalSize with a fraction', 'cdp_replica_task_session_get', 'entity', mutate(cdp, (s) => (s.TotalSize = 1.5)), /^\/TotalSize must be integer$/m],
    ['a timestamp with an offset', 'cdp_replica_task_session_get', 'entity', mutate(cdp, (s) => (s.CreationTimeUTC = '2024-05-06T10:15:05.311+02:00')), /^\/CreationTimeUTC must match pattern/m],
    ['a timestamp without a zone', 'cdp_replica_task_session_get', 'entity', mutate(warning, (s) => (s.EndTimeUTC = '2024-05-06T16:15:09')), /^\/EndTimeUTC must match pattern/m],
    ['a date that does not exist', 'cdp_replica_task_session_get', 'entity', mutate(cdp, (s) => (s.CreationTimeUTC = '2024-13-06T08:15:05Z')), /^\/CreationTimeUTC must be a valid date-time$/m],
    ['an unknown State', 'cdp_replica_task_session_get', 'entity', mutate(cdp, (s) => (s.State = 'Running')), /^\/State must be one of InProgress, Pending, Completed$/m],
    ['Result None for a CDP task session', 'cdp_replica_task_session_get', 'entity', mutate(cdp, (s) => (s.Result = 'None')), /^\/Result must be one of Success, Warning, Failed$/m],
    ['VmDisplayName missing', 'cdp_replica_task_session_get', 'entity', mutate(cdp, (s) => delete s.VmDisplayName), /must have required property 'VmDisplayName'/],
    ['a UID that is not a URN', 'cdp_replica_task_session_get', 'entity', mutate(cdp, (s) => (s.UID = s.UID.replace('urn:veeam:CdpReplicaTaskSession:', ''))), /^\/UID must match pattern/m],
    ['Links as an XML-shaped object', 'cdp_replica_task_session_get', 'entity', mutate(cdp, (s) => (s.Links = { Link: s.Links })), /^\/Links must be array$/m],
    ['a link without Rel', 'cdp_replica_task_session_get', 'reference', mutate(body('cdp-replica-task-session.reference.json'), (s) => delete s.Links[0].Rel), /^\/Links\/0 must have required property 'Rel'$/m],
    ['a reference whose Type is not a string', 'cdp_replica_task_session_get', 'reference', { ...cdp, Type: 123 }, /^\/Type must be string$/m],
    ['a Type that is not its own', 'backup_session_get', 'entity', mutate(job, (s) => (s.Type = 'BackupJobSessionReference')), /^\/Type must be one of BackupJobSession$/m],
    ['IsRetry as a string', 'backup_session_get', 'entity', mutate(job, (s) => (s.IsRetry = 'false')), /^\/IsRetry must be boolean$/m],
    ['a Progress over 100', 'backup_session_get', 'entity', mutate(job, (s) => (s.Progress = 101)), /^\/Progress must be <= 100$/m],
    ['an unknown JobType', 'backup_session_get', 'entity', mutate(job, (s) => (s.JobType = 'FileShare')), /^\/JobType must be one of Backup, Replica, Copy, BackupCopy/m],
    ['a list as a bare array', 'nas_job_backup_sessions_get', undefined, sessions.Refs, /^\/ must be object$/m],
    ['a list without Refs', 'nas_job_backup_sessions_get', undefined, {}, /must have required property 'Refs'/],
    ['a reference without UID', 'nas_job_backup_sessions_get', undefined, mutate(sessions, (s) => delete s.Refs[1].UID), /^\/Refs\/1 must have required property 'UID'$/m],
    ['an entity of a query page without JobUid', 'query_get', undefined, mutate(query, (s) => delete s.Entities.BackupJobSessions.BackupJobSessions[0].JobUid),
      /^\/Entities\/BackupJobSessions\/BackupJobSessions\/0 must have required property 'JobUid'$/m],
    ['PagingInfo numbers as strings', 'query_get', undefined, mutate(query, (s) => (s.PagingInfo.PageNum = '1')), /^\/PagingInfo\/PageNum must be integer$/m],
    ['a query answer without PagingInfo', 'query_get', undefined, mutate(query, (s) => delete s.PagingInfo), /must have required property 'PagingInfo'/],
  ];
  for (const [label, operationId, form, data, message] of cases) {
    it(label, () => expect(errorsOf(operationId, data, { form }).join('\n')).toMatch(message));
  }

  it('an Error whose StatusCode is a string, or without Message', () => {
    const error = body('error-404.json');
    expect(errorsOf('backup_session_get', { ...error, StatusCode: '404' }, { status: 404 })).toEqual(['/StatusCode must be integer']);
    expect(errorsOf('query_get', mutate(error, (e) => delete e.Message), { status: 401 })).toEqual(["/ must have required property 'Message'"]);
  });

  it('asking for a form or a status the operation does not document is an error of the caller', () => {
    expect(() => validatorFor('backup_session_collection_get', { form: 'entity' })).toThrow(/backup_session_collection_get has no entity form/);
    expect(() => validatorFor('em_get', { status: 404 })).toThrow(/em_get documents no 404 response body/);
    expect(() => validatorFor('no_such_operation')).toThrow(/no operation "no_such_operation"/);
  });
});
