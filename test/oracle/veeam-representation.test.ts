import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareVeeamRepresentations, formatVeeamDifference, veeamXmlToJson, VeeamXmlMalformed, type VeeamJsonObject,
} from '../../src/oracle/veeam-representation.ts';
import { loadVeeamSpec, veeamResponseSchema, veeamSchema, type VeeamForm } from '../../src/spec/veeam/index.ts';

const DIR = resolve(import.meta.dirname, '../../fixtures/veeam/examples');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');
const manifest = JSON.parse(read('manifest.json')) as { examples: Array<{ name: string; operationId: string; form?: VeeamForm; status?: number | 'default'; xml: string; json?: string }> };
const spec = await loadVeeamSpec();
const schemaOf = (operationId: string, options: { form?: VeeamForm; status?: number | 'default' } = {}) => veeamResponseSchema(spec, operationId, options);
const lines = (xml: string, json: unknown, schema = schemaOf('cdp_replica_task_session_get', { form: 'entity' })) => compareVeeamRepresentations(xml, json, schema).map(formatVeeamDifference);

const NS = 'xmlns="http://www.veeam.com/ent/v1.0"';
const HREF = 'https://em:9398/api/cdpReplicaTaskSessions/2ec4d35f-b5d8-4cb3-9d11-12e1d5792625';
const UID = 'urn:veeam:CdpReplicaTaskSession:2ec4d35f-b5d8-4cb3-9d11-12e1d5792625';
/** Seed 003's entity, finished with a warning: every member present. */
const ENTITY_XML = `<CdpReplicaTaskSession ${NS} Type="CdpReplicaTaskSession" Href="${HREF}?format=Entity" Name="vm@2021-02-12 00:00:10" UID="${UID}" VmDisplayName="vm">
  <Links>
    <Link Rel="Up" Type="BackupServerReference" Href="https://em:9398/api/backupServers/cca0b96b-4924-4461-8899-b831bc00176e" Name="srv"/>
    <Link Rel="Alternate" Type="CdpReplicaTaskSessionReference" Href="${HREF}"/>
  </Links>
  <PolicySessionUid>urn:veeam:CdpReplicaSession:6b872a71-51e8-437a-8d45-5c6494b92f3f</PolicySessionUid>
  <CreationTimeUTC>2021-02-12T00:00:10.457Z</CreationTimeUTC>
  <EndTimeUTC>2021-02-12T01:00:00.27Z</EndTimeUTC>
  <State>Completed</State>
  <Result>Warning</Result>
  <Reason>RPO exceeded &amp; more &#x41;</Reason>
  <TotalSize>17179869184</TotalSize>
</CdpReplicaTaskSession>`;
const ENTITY_JSON: VeeamJsonObject = {
  Type: 'CdpReplicaTaskSession', Href: `${HREF}?format=Entity`, Name: 'vm@2021-02-12 00:00:10', UID, VmDisplayName: 'vm',
  Links: [
    { Rel: 'Up', Href: 'https://em:9398/api/backupServers/cca0b96b-4924-4461-8899-b831bc00176e', Name: 'srv', Type: 'BackupServerReference' },
    { Rel: 'Alternate', Href: HREF, Name: null, Type: 'CdpReplicaTaskSessionReference' },
  ],
  PolicySessionUid: 'urn:veeam:CdpReplicaSession:6b872a71-51e8-437a-8d45-5c6494b92f3f',
  CreationTimeUTC: '2021-02-12T00:00:10.457Z', EndTimeUTC: '2021-02-12T01:00:00.27Z', State: 'Completed', Result: 'Warning',
  Reason: 'RPO exceeded & more A', TotalSize: 17179869184,
};
const withJson = (change: (copy: any) => void) => {
  const copy = structuredClone(ENTITY_JSON);
  change(copy);
  return copy;
};

describe('veeamXmlToJson: the documented mapping', () => {
  it('drops the root, turns attributes into properties, Links into an array, types numbers, decodes references', () => {
    expect(veeamXmlToJson(ENTITY_XML, schemaOf('cdp_replica_task_session_get', { form: 'entity' }))).toEqual(ENTITY_JSON);
  });

  it('gives null for an absent optional element or attribute', () => {
    const running = ENTITY_XML.replace(/<EndTimeUTC>.*<\/EndTimeUTC>/, '').replace(/<Reason>.*<\/Reason>/, '').replace('Name="srv"', '');
    const json = veeamXmlToJson(running, schemaOf('cdp_replica_task_session_get', { form: 'entity' }));
    expect([json.EndTimeUTC, json.Reason, (json.Links as VeeamJsonObject[])[0]!.Name]).toEqual([null, null, null]);
  });

  it('does not depend on attribute order, namespace prefixes or extra namespace declarations', () => {
    const prefixed = read('backup-sessions.prefixed.xml');
    const plain = prefixed.replace(/<(\/?)v:/g, '<$1').replace(/xmlns:v=/, 'xmlns=').replace(/Type="([^"]*)" Href="([^"]*)"/g, 'Href="$2" Type="$1"');
    const schema = schemaOf('backup_session_collection_get');
    expect(plain).not.toEqual(prefixed);
    expect(veeamXmlToJson(prefixed, schema)).toEqual(veeamXmlToJson(plain, schema));
    expect((veeamXmlToJson(prefixed, schema).Refs as unknown[]).length).toBe(1);
  });

  it('maps EntityReferences to {"Refs": [...]}, an empty one to an empty array', () => {
    expect(veeamXmlToJson(`<EntityReferences ${NS}/>`, schemaOf('nas_job_collection_get'))).toEqual({ Refs: [] });
  });

  it('maps other lists to an object holding one array of the same name (SupportedVersions, QueryResult Refs)', () => {
    const em = veeamXmlToJson(read('em-get.xml'), schemaOf('em_get'));
    expect(Object.keys(em.SupportedVersions as object)).toEqual(['SupportedVersions']);
    const page = veeamXmlToJson(read('query-cdp-replica-task-session.refs.xml'), schemaOf('query_get'));
    expect([(page.Refs as any).Refs.length, page.Entities, (page.PagingInfo as any).PageNum]).toEqual([1, null, 2]);
  });

  it('types booleans, xs:boolean 1 and 0 included, and integers of attributes', () => {
    const session = read('backup-job-session.entity.xml').replace('<IsRetry>false</IsRetry>', '<IsRetry>1</IsRetry>');
    expect(veeamXmlToJson(session, schemaOf('backup_session_get', { form: 'entity' })).IsRetry).toBe(true);
    const error = veeamXmlToJson(read('error-404.xml'), schemaOf('backup_session_get', { status: 404 }));
    expect(error).toEqual(JSON.parse(read('error-404.json')));
  });

  it('reads xsi:nil as null and ignores elements of other namespaces', () => {
    const xml = ENTITY_XML.replace(/<Reason>.*<\/Reason>/, '<Reason xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/><x:State xmlns:x="urn:other">Other</x:State>');
    const json = veeamXmlToJson(xml, schemaOf('cdp_replica_task_session_get', { form: 'entity' }));
    expect([json.Reason, json.State]).toEqual([null, 'Completed']);
  });

  it('picks the alternative of an anyOf answer schema by the root element', () => {
    const answer = veeamSchema(spec, 'CdpReplicaTaskSessionAnswer');
    expect(veeamXmlToJson(ENTITY_XML, answer)).toEqual(ENTITY_JSON);
    const reference = veeamXmlToJson(read('cdp-replica-task-session.reference.xml'), answer);
    expect(reference).toEqual(JSON.parse(read('cdp-replica-task-session.reference.json')));
  });

  it('rejects a document that is not well-formed', () => {
    expect(() => veeamXmlToJson('<EntityReferences><Ref></EntityReferences>', schemaOf('nas_job_collection_get'))).toThrow(VeeamXmlMalformed);
  });
});

describe('compareVeeamRepresentations: the example answers', () => {
  for (const example of manifest.examples.filter((entry) => entry.json)) {
    it(`${example.name}: the JSON mirrors the XML`, () => {
      const schema = schemaOf(example.operationId, { ...(example.form ? { form: example.form } : {}), ...(example.status !== undefined ? { status: example.status } : {}) });
      const json = JSON.parse(read(example.json!));
      expect(compareVeeamRepresentations(read(example.xml), json, schema).map(formatVeeamDifference)).toEqual([]);
      // The NAS job entity is a minimal view: its job settings are not mapped, so only there may JSON hold more.
      if (!example.xml.startsWith('nas-job.entity')) expect(veeamXmlToJson(read(example.xml), schema)).toEqual(json);
    });
  }
});

describe('compareVeeamRepresentations: what it reports', () => {
  it('reports nothing for the same resource, in any key order and with the same instant written differently', () => {
    expect(lines(ENTITY_XML, ENTITY_JSON)).toEqual([]);
    const reordered = Object.fromEntries(Object.entries(withJson((j) => (j.EndTimeUTC = '2021-02-12T01:00:00.270Z'))).reverse());
    expect(lines(ENTITY_XML, reordered)).toEqual([]);
  });

  it('reports Links as an object, a number as a string, a null left out, and a different value', () => {
    expect(lines(ENTITY_XML, withJson((j) => (j.Links = { Link: j.Links })))).toEqual([expect.stringMatching(/^\/Links: .*an array expected/)]);
    expect(lines(ENTITY_XML, withJson((j) => (j.TotalSize = '17179869184')))).toEqual([expect.stringMatching(/^\/TotalSize: XML 17179869184, JSON "17179869184" \(a number expected/)]);
    expect(lines(ENTITY_XML, withJson((j) => delete j.Links[1].Name))).toEqual([expect.stringMatching(/^\/Links\[Alternate \/cdpReplicaTaskSessions\/2ec4d35f-b5d8-4cb3-9d11-12e1d5792625\]\/Name: .*null in JSON/)]);
    expect(lines(ENTITY_XML, withJson((j) => (j.State = 'InProgress')))).toEqual([expect.stringMatching(/^\/State: XML "Completed", JSON "InProgress"/)]);
    expect(lines(ENTITY_XML, withJson((j) => (j.EndTimeUTC = '2021-02-12T01:00:01.27Z')))).toHaveLength(1);
  });

  it('reports an attribute written as an element: the XML has no VmDisplayName attribute', () => {
    const asElement = ENTITY_XML.replace(' VmDisplayName="vm"', '').replace('<Links>', '<VmDisplayName>vm</VmDisplayName><Links>');
    expect(lines(asElement, ENTITY_JSON)).toEqual([expect.stringMatching(/^\/VmDisplayName: XML null, JSON "vm"/)]);
  });

  it('reports a non-null property with no XML counterpart, but not a null one', () => {
    expect(lines(ENTITY_XML, withJson((j) => (j.Extra = 1)))).toEqual([expect.stringMatching(/^\/Extra: XML nothing, JSON 1/)]);
    expect(lines(ENTITY_XML, withJson((j) => (j.Extra = null)))).toEqual([]);
  });

  it('pairs records by Href: order does not matter, a missing or extra record does', () => {
    const xml = read('nas-job-backup-sessions.xml');
    const json = JSON.parse(read('nas-job-backup-sessions.json'));
    const schema = schemaOf('nas_job_backup_sessions_get');
    expect(compareVeeamRepresentations(xml, { Refs: [...json.Refs].reverse() }, schema)).toEqual([]);
    const [first, second] = json.Refs;
    expect(compareVeeamRepresentations(xml, { Refs: [first] }, schema).map((d) => d.problem)).toEqual(['listed in XML, not in JSON']);
    const foreign = { ...second, Href: second.Href.replace(/.{4}$/, 'ffff') };
    expect(compareVeeamRepresentations(xml, { Refs: [first, second, foreign] }, schema).map((d) => d.problem)).toEqual(['listed in JSON, not in XML']);
  });

  it('accepts null for an empty list and for the wrapper of an empty list', () => {
    expect(compareVeeamRepresentations(`<EntityReferences ${NS}/>`, { Refs: null }, schemaOf('backup_session_collection_get'))).toEqual([]);
    const empty = `<QueryResult ${NS}><Refs/><PagingInfo PageNum="1" PageSize="100" PagesCount="0"><Links/></PagingInfo></QueryResult>`;
    const paging = { PageNum: 1, PageSize: 100, PagesCount: 0, Links: [] };
    expect(compareVeeamRepresentations(empty, { Refs: { Refs: [] }, Entities: null, PagingInfo: paging }, schemaOf('query_get'))).toEqual([]);
    expect(compareVeeamRepresentations(empty, { Refs: null, Entities: null, PagingInfo: { ...paging, Links: null } }, schemaOf('query_get'))).toEqual([]);
  });

  it('leaves out what the ignore option names, and judges only the listed members of a minimal view', () => {
    const ignore = (member: string) => member === 'State';
    expect(compareVeeamRepresentations(ENTITY_XML, withJson((j) => (j.State = 'InProgress')), schemaOf('cdp_replica_task_session_get', { form: 'entity' }), { ignore })).toEqual([]);
    const nasJob = JSON.parse(read('nas-job.entity.json'));
    expect(compareVeeamRepresentations(read('nas-job.entity.xml'), { ...nasJob, ScheduleEnabled: 'anything' }, schemaOf('nas_job_get', { form: 'entity' }))).toEqual([]);
    expect(compareVeeamRepresentations(read('nas-job.entity.xml'), { ...nasJob, Name: 'other' }, schemaOf('nas_job_get', { form: 'entity' }))).toHaveLength(1);
  });
});
