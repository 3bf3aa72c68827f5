import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXml } from '../../../src/spec/veeam/index.ts';
import { asArray, GUID_RE, NAME_TIME_RE, parseOrderedXml, withVeeam, xmlLinks, type Json, type VeeamFixture } from './helpers.ts';
import { mirrorDifferences } from './mirror.ts';
import { everyResource } from './paths.ts';

const NAMESPACE = 'http://www.veeam.com/ent/v1.0';
/** Root elements the spec's XSD declares; the emulator's other documents (BackupServer, Job, …) are outside it. */
const XSD_ROOTS = new Set(['EnterpriseManager', 'LogonSession', 'EntityRef', 'EntityReferences', 'CdpReplicaTaskSession', 'BackupJobSession', 'NasJob', 'QueryResult', 'Error']);

describe('Veeam emulator: XML and JSON of every resource', () => {
  let f: VeeamFixture;
  let paths: string[];
  beforeAll(async () => {
    f = await withVeeam({ seed: 3 });
    const logon = await f.client.get('/api/logonSessions', { accept: 'application/json' });
    paths = everyResource(f.emulator.state, logon.json!.Refs[0].Href.split('/').pop());
  });
  afterAll(() => f.close());

  it('answers XML by default and for */* or application/xml, JSON for application/json, both mirroring each other', async () => {
    for (const path of paths) {
      const xml = await f.client.get(path);
      const json = await f.client.get(path, { accept: 'application/json' });
      expect(xml.status, path).toBe(json.status);
      expect(xml.headers['content-type'], path).toBe('application/xml; charset=utf-8');
      expect(json.headers['content-type'], path).toBe('application/json; charset=utf-8');
      expect(Number(xml.headers['content-length']), path).toBe(Buffer.byteLength(xml.text));
      expect(xml.text.startsWith('<?xml version="1.0" encoding="utf-8"?>'), path).toBe(true);
      const root = Object.keys(xml.xml!).find((key) => key !== '?xml')!;
      expect(xml.xml![root].xmlns, path).toBe(NAMESPACE);
      expect(mirrorDifferences(parseOrderedXml(xml.text), json.json), path).toEqual([]);
      for (const accept of ['*/*', 'application/xml', 'text/html', 'application/json;q=0.5, application/xml', 'application/xml, application/json']) {
        expect((await f.client.get(path, { accept })).text, `${path} with Accept ${accept}`).toBe(xml.text);
      }
      expect((await f.client.get(path, { accept: 'application/json, application/xml' })).text, path).toBe(json.text);
    }
  });

  it('writes every XML answer that the XSD covers valid against specs/veeam/enterprise-manager.xsd', async () => {
    let validated = 0;
    for (const path of paths) {
      const xml = await f.client.get(path);
      const root = Object.keys(xml.xml!).find((key) => key !== '?xml')!;
      if (!XSD_ROOTS.has(root)) continue;
      expect(validateXml(xml.text, { root }), path).toEqual({ valid: true, errors: [] });
      validated++;
    }
    expect(validated).toBeGreaterThan(25);
  });

  it('writes JSON values typed: numbers, booleans, UTC timestamps with Z, null for absent values', async () => {
    const { data } = f.emulator.state;
    for (const task of data.cdpTaskSessions) {
      const body = (await f.client.get(`/api/cdpReplicaTaskSessions/${task.id}?format=Entity`, { accept: 'application/json' })).json!;
      expect(typeof body.TotalSize).toBe('number');
      expect(body.CreationTimeUTC).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(body.EndTimeUTC === null).toBe(task.end === undefined);
      expect(body.Reason === null).toBe(task.result === 'Success');
      expect(Array.isArray(body.Links)).toBe(true);
      expect(body.Links.every((link: Json) => Object.keys(link).sort().join() === 'Href,Name,Rel,Type')).toBe(true);
    }
    for (const session of data.backupSessions.slice(0, 20)) {
      const body = (await f.client.get(`/api/backupSessions/${session.id}?format=Entity`, { accept: 'application/json' })).json!;
      expect([typeof body.Progress, typeof body.IsRetry]).toEqual(['number', 'boolean']);
      expect(body.FailureMessage === null).toBe(session.failureMessage === undefined);
    }
  });
});

describe('Veeam emulator: the documented content of the entity forms', () => {
  let f: VeeamFixture;
  beforeAll(async () => {
    f = await withVeeam({ seed: 5 });
  });
  afterAll(() => f.close());

  const elementOrder = (xml: string) => {
    const root = parseOrderedXml(xml).find((entry) => !('?xml' in entry))!;
    const tag = Object.keys(root).find((key) => key !== ':@')!;
    return { attributes: root[':@'] as Json, order: (root[tag] as Json[]).map((child) => Object.keys(child)[0]) };
  };

  it('CdpReplicaTaskSession: VmDisplayName attribute, Links, then the documented elements in order (seed 003)', async () => {
    for (const task of f.emulator.state.data.cdpTaskSessions) {
      const answer = await f.client.get(`/api/cdpReplicaTaskSessions/${task.id}?format=Entity`);
      const { attributes, order } = elementOrder(answer.text);
      const expected = ['Links', 'PolicySessionUid', 'CreationTimeUTC', ...(task.end !== undefined ? ['EndTimeUTC'] : []), 'State', 'Result', ...(task.result !== 'Success' ? ['Reason'] : []), 'TotalSize'];
      expect(order).toEqual(expected);
      expect(task.end === undefined).toBe(task.state !== 'Completed');
      expect(attributes).toMatchObject({ Type: 'CdpReplicaTaskSession', VmDisplayName: task.objectName, UID: `urn:veeam:CdpReplicaTaskSession:${task.id}` });
      expect(attributes.Href).toMatch(new RegExp(`/api/cdpReplicaTaskSessions/${task.id}\\?format=Entity$`));
      expect(attributes.Name).toMatch(NAME_TIME_RE);
      expect(attributes.Name.startsWith(`${task.objectName}@`)).toBe(true);
      const links = xmlLinks(answer.xml!.CdpReplicaTaskSession);
      expect(links.map((link) => `${link.Rel} ${link.Type}`)).toEqual(['Up BackupServerReference', 'Up CdpReplicaSessionReference', 'Alternate CdpReplicaTaskSessionReference']);
      expect(links[2]!.Href).toBe(attributes.Href.replace('?format=Entity', ''));
      expect(answer.xml!.CdpReplicaTaskSession.PolicySessionUid).toBe(`urn:veeam:CdpReplicaSession:${task.parentId}`);
    }
  });

  it('BackupJobSession: elements in order, Result None and no EndTimeUTC while running, Progress 0..100', async () => {
    for (const session of f.emulator.state.data.backupSessions) {
      const answer = await f.client.get(`/api/backupSessions/${session.id}?format=Entity`);
      const { attributes, order } = elementOrder(answer.text);
      const running = session.state !== 'Stopped';
      expect(order).toEqual(['Links', 'JobUid', 'JobName', 'JobType', 'CreationTimeUTC', ...(running ? [] : ['EndTimeUTC']), 'State', 'Result', 'Progress', ...(session.failureMessage ? ['FailureMessage'] : []), 'IsRetry']);
      const entity = answer.xml!.BackupJobSession;
      expect(entity.Result === 'None').toBe(running);
      expect(Number(entity.Progress)).toBeGreaterThanOrEqual(0);
      expect(Number(entity.Progress)).toBeLessThanOrEqual(100);
      expect(entity.JobUid).toBe(`urn:veeam:Job:${session.jobId}`);
      expect(attributes.UID).toBe(`urn:veeam:BackupJobSession:${session.id}`);
      expect(xmlLinks(entity).map((link) => `${link.Rel} ${link.Type}`)).toEqual(['Up BackupServerReference', 'Up JobReference', 'Alternate BackupJobSessionReference', 'Down BackupTaskSessionReferenceList']);
    }
  });

  it('the reference form: EntityRef with Type, Href, Name, UID and the documented links (seeds 003, 004)', async () => {
    const task = f.emulator.state.data.cdpTaskSessions[0]!;
    const ref = (await f.client.get(`/api/cdpReplicaTaskSessions/${task.id}`)).xml!.EntityRef;
    expect(ref).toMatchObject({ Type: 'CdpReplicaTaskSessionReference', UID: `urn:veeam:CdpReplicaTaskSession:${task.id}` });
    expect(xmlLinks(ref).map((link) => `${link.Rel} ${link.Type}`)).toEqual(['Up BackupServerReference', 'Up CdpReplicaSessionReference', 'Alternate CdpReplicaTaskSession']);
    expect(xmlLinks(ref)[2]!.Href).toBe(`${ref.Href}?format=Entity`);
    const nasJob = f.emulator.state.data.jobs.find((job) => job.nas)!;
    const refs = asArray((await f.client.get(`/api/nas/jobs/${nasJob.id}/backupSessions`)).xml!.EntityReferences.Ref) as Json[];
    expect(refs.length).toBeGreaterThan(0);
    for (const item of refs) {
      expect(item.Type).toBe('BackupJobSessionReference');
      expect(item.UID).toBe(`urn:veeam:BackupJobSession:${item.Href.split('/').pop()}`);
      expect(item.Name.startsWith(`${nasJob.name}@`)).toBe(true);
      expect(GUID_RE.test(item.Href.split('/').pop())).toBe(true);
      expect(xmlLinks(item).map((link) => `${link.Rel} ${link.Type}`)).toEqual(['Up BackupServerReference', 'Up JobReference', 'Alternate BackupJobSession', 'Down BackupTaskSessionReferenceList']);
      expect(xmlLinks(item)[1]!.Href).toMatch(new RegExp(`/api/jobs/${nasJob.id}$`));
    }
  });
});
