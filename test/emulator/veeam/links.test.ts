import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asArray, NAME_TIME_RE, pathOf, withVeeam, xmlLinks, type Json, type VeeamFixture } from './helpers.ts';

/** Every element of a parsed XML document that carries a Type and an Href: references, entities, links. */
function* typedElements(value: unknown, inLinks = false): Generator<{ element: Json; link: boolean }> {
  if (Array.isArray(value)) {
    for (const item of value) yield* typedElements(item, inLinks);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const element = value as Json;
  if (typeof element.Href === 'string') yield { element, link: inLinks };
  for (const [key, child] of Object.entries(element)) yield* typedElements(child, key === 'Link' || (inLinks && key !== 'Links'));
}

const SESSION_TYPES = /^(BackupJobSession|CdpReplicaTaskSession|CdpReplicaSession|BackupTaskSession)(Reference)?$/;

describe('Veeam emulator: links, UIDs and names', () => {
  let f: VeeamFixture;
  const seen = new Map<string, Json>();
  beforeAll(async () => {
    f = await withVeeam({ seed: 9, sessionsPerJob: 4, policySessionsPerPolicy: 2 });
    // Crawl from the entry point and the logon session through every Href, in XML, as a client would.
    const queue = ['/api/', '/api/logonSessions', '/api/query?type=BackupJobSession&pageSize=5', '/api/query?type=CdpReplicaTaskSession&format=Entities&pageSize=4', '/api/query?type=NasJob&format=Entities'];
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      const answer = await f.client.get(path);
      seen.set(path, { status: answer.status, xml: answer.xml });
      for (const { element, link } of typedElements(answer.xml)) {
        // Create (logon) and Delete (logoff) links are for POST and DELETE, not GET.
        if (link && (element.Rel === 'Delete' || element.Rel === 'Create')) continue;
        const next = pathOf(element.Href);
        if (!seen.has(next)) queue.push(next);
      }
    }
  });
  afterAll(() => f.close());

  it('resolves every Href it hands out for GET (Up, Down, Alternate, paging links and references) with 200', () => {
    expect(seen.size).toBeGreaterThan(200);
    const broken = [...seen].filter(([, answer]) => answer.status !== 200).map(([path, answer]) => `${path} → ${answer.status}`);
    expect(broken).toEqual([]);
    for (const rel of ['cdpReplicaSessions/', 'backupServers/', '/jobs/', '?format=Entity', '/taskSessions', 'backupTaskSessions/', 'page=2']) {
      expect([...seen.keys()].some((path) => path.includes(rel)), rel).toBe(true);
    }
  });

  it('puts the GUID of the Href into the UID, as urn:veeam:<Type>:<guid>', () => {
    for (const [path, answer] of seen) {
      for (const { element, link } of typedElements(answer.xml)) {
        if (link || element.UID === undefined) continue;
        const guid = new URL(element.Href).pathname.split('/').pop();
        const type = String(element.Type).replace(/Reference$/, '');
        expect(element.UID, `${path}: ${element.Href}`).toBe(`urn:veeam:${type}:${guid}`);
      }
    }
  });

  it('names sessions <object name>@<yyyy-MM-dd HH:mm:ss>, in references, entities and links alike', () => {
    let named = 0;
    for (const answer of seen.values()) {
      for (const { element } of typedElements(answer.xml)) {
        if (!SESSION_TYPES.test(String(element.Type)) || element.Name === undefined) continue;
        expect(element.Name).toMatch(NAME_TIME_RE);
        named++;
      }
    }
    expect(named).toBeGreaterThan(100);
  });

  it("lists under a NAS job only that job's sessions, all of them also in /backupSessions; other jobs are not NAS jobs", async () => {
    const all = new Set(asArray((await f.client.get('/api/backupSessions')).xml!.EntityReferences.Ref).map((ref: Json) => ref.Href));
    const { jobs } = f.emulator.state.data;
    let listed = 0;
    for (const job of jobs.filter((candidate) => candidate.nas)) {
      const refs = asArray((await f.client.get(`/api/nas/jobs/${job.id}/backupSessions`)).xml!.EntityReferences.Ref) as Json[];
      for (const ref of refs) {
        expect(all.has(ref.Href)).toBe(true);
        expect(pathOf(xmlLinks(ref).find((link) => link.Type === 'JobReference')!.Href)).toBe(`/api/jobs/${job.id}`);
        const entity = (await f.client.get(pathOf(`${ref.Href}?format=Entity`))).xml!.BackupJobSession;
        expect([entity.JobUid, entity.JobName, entity.JobType]).toEqual([`urn:veeam:Job:${job.id}`, job.name, 'NasBackup']);
        listed++;
      }
    }
    expect(listed).toBeGreaterThan(5);
    for (const job of jobs.filter((candidate) => !candidate.nas)) {
      expect((await f.client.get(`/api/nas/jobs/${job.id}/backupSessions`)).status).toBe(404);
      expect((await f.client.get(`/api/nas/jobs/${job.id}`)).status).toBe(404);
      expect((await f.client.get(`/api/jobs/${job.id}`)).status).toBe(200);
    }
  });
});
