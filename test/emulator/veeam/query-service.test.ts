import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNameTime } from '../../../src/emulator/veeam/representation.ts';
import { pathOf, withVeeam, type Json, type VeeamFixture } from './helpers.ts';

const q = (params: Record<string, string>) => `/api/query?${new URLSearchParams(params).toString()}`;

describe('Veeam emulator: the query service', () => {
  let f: VeeamFixture;
  beforeAll(async () => {
    f = await withVeeam({ seed: 21 });
  });
  afterAll(() => f.close());

  const refs = async (params: Record<string, string>) => {
    const answer = await f.client.get(q({ pageSize: '1000', ...params }), { accept: 'application/json' });
    expect(answer.status, answer.text).toBe(200);
    return (answer.json!.Refs.Refs as Json[]).map((ref) => new URL(ref.Href).pathname.split('/').pop()!);
  };
  const sessions = () => f.emulator.state.data.backupSessions;
  const jobOf = (jobId: string) => f.emulator.state.job(jobId)!;

  it('filters BackupJobSession by enums, names, booleans and times (hand-checked against the data)', async () => {
    const nasIds = sessions().filter((s) => jobOf(s.jobId).nas).map((s) => s.id);
    expect(await refs({ type: 'BackupJobSession', filter: 'JobType==NasBackup' })).toEqual(nasIds);
    expect(await refs({ type: 'BackupJobSession', filter: 'Result==None' })).toEqual(sessions().filter((s) => s.end === undefined).map((s) => s.id));
    // Declaration order Starting, Stopping, Working, …: below Working are Starting and Stopping.
    expect(await refs({ type: 'BackupJobSession', filter: 'State<Working' })).toEqual(sessions().filter((s) => s.state === 'Starting' || s.state === 'Stopping').map((s) => s.id));
    expect(await refs({ type: 'BackupJobSession', filter: 'JobName=="SMB Finance & HR"' })).toEqual(sessions().filter((s) => jobOf(s.jobId).name === 'SMB Finance & HR').map((s) => s.id));
    expect(await refs({ type: 'BackupJobSession', filter: 'IsRetry==true;JobType!=NasBackup' })).toEqual(sessions().filter((s) => s.isRetry && !jobOf(s.jobId).nas).map((s) => s.id));
    const pivot = sessions()[10]!;
    expect(await refs({ type: 'BackupJobSession', filter: `CreationTime>=${new Date(pivot.creation).toISOString()}` })).toEqual(sessions().filter((s) => s.creation >= pivot.creation).map((s) => s.id));
    expect(await refs({ type: 'BackupJobSession', filter: 'EndTime==null' })).toEqual(sessions().filter((s) => s.end === undefined).map((s) => s.id));
    const named = `${jobOf(pivot.jobId).name}@${formatNameTime(pivot.creation)}`;
    expect(await refs({ type: 'BackupJobSession', filter: `Name=="${named}"` })).toEqual([pivot.id]);
  });

  it('filters CdpReplicaTaskSession and NasJob by their documented fields', async () => {
    const { cdpTaskSessions, jobs } = f.emulator.state.data;
    const task = cdpTaskSessions[3]!;
    expect(await refs({ type: 'CdpReplicaTaskSession', filter: `Id==urn:veeam:CdpReplicaTaskSession:${task.id}` })).toEqual([task.id]);
    expect(await refs({ type: 'CdpReplicaTaskSession', filter: `PolicySessionUid==urn:veeam:CdpReplicaSession:${task.parentId}` })).toEqual(cdpTaskSessions.filter((t) => t.parentId === task.parentId).map((t) => t.id));
    expect(await refs({ type: 'CdpReplicaTaskSession', filter: 'State==Pending,Reason!=null' })).toEqual(cdpTaskSessions.filter((t) => t.state === 'Pending' || t.result !== 'Success').map((t) => t.id));
    expect(await refs({ type: 'CdpReplicaTaskSession', filter: `TotalSize>${task.totalSize}` })).toEqual(cdpTaskSessions.filter((t) => t.totalSize > task.totalSize).map((t) => t.id));
    expect(await refs({ type: 'CdpReplicaTaskSession', filter: 'VmDisplayName=="SQL & Reporting 01"' })).toEqual(cdpTaskSessions.filter((t) => t.objectName === 'SQL & Reporting 01').map((t) => t.id));
    expect(await refs({ type: 'NasJob', filter: 'ScheduleEnabled==true' })).toEqual(jobs.filter((j) => j.nas && j.scheduleEnabled).map((j) => j.id));
    expect(await refs({ type: 'nasjob', filter: 'name=="projects share"' })).toEqual(jobs.filter((j) => j.name === 'Projects Share').map((j) => j.id));
  });

  it('sorts ascending and descending by a field, enums by declaration order', async () => {
    const asc = await refs({ type: 'BackupJobSession', sortAsc: 'CreationTime' });
    expect(asc).toEqual([...sessions()].sort((a, b) => a.creation - b.creation).map((s) => s.id));
    // Two jobs start sessions in the same second (the window edges): ties keep their order in both directions.
    expect(await refs({ type: 'BackupJobSession', sortDesc: 'CreationTime' })).toEqual([...sessions()].sort((a, b) => b.creation - a.creation).map((s) => s.id));
    const states = (await refs({ type: 'BackupJobSession', sortAsc: 'State' })).map((id) => f.emulator.state.backupSession(id)!.state);
    expect([...new Set(states)]).toEqual(['Starting', 'Stopping', 'Working', 'Pausing', 'Resuming', 'Stopped']);
  });

  it('pages with PagingInfo and First, Previous, Next, Last links; a walk along Next yields every record once', async () => {
    const first = (await f.client.get(q({ type: 'BackupJobSession', pageSize: '7' }))).xml!.QueryResult;
    const total = sessions().length;
    const pages = Math.ceil(total / 7);
    expect(first.PagingInfo).toMatchObject({ PageNum: '1', PageSize: '7', PagesCount: String(pages) });
    const rels = (info: Json) => [info.Links.Link].flat().map((link: Json) => link.Rel);
    expect(rels(first.PagingInfo)).toEqual(['First', 'Next', 'Last']);
    const seen: string[] = [];
    let page: Json = first;
    for (let n = 1; ; n++) {
      expect(page.PagingInfo.PageNum).toBe(String(n));
      seen.push(...[page.Refs.Ref].flat().map((ref: Json) => ref.Href));
      const next = [page.PagingInfo.Links.Link].flat().find((link: Json) => link.Rel === 'Next');
      if (!next) break;
      page = (await f.client.get(pathOf(next.Href))).xml!.QueryResult;
      expect(rels(page.PagingInfo)).toEqual(n + 1 < pages ? ['First', 'Previous', 'Next', 'Last'] : ['First', 'Previous', 'Last']);
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const beyond = (await f.client.get(q({ type: 'BackupJobSession', pageSize: '7', page: String(pages + 3) }), { accept: 'application/json' })).json!;
    expect(beyond.Refs.Refs).toEqual([]);
    expect(beyond.PagingInfo).toMatchObject({ PageNum: pages + 3, PagesCount: pages });
    const defaults = (await f.client.get(q({ type: 'BackupJobSession' }), { accept: 'application/json' })).json!;
    expect(defaults.PagingInfo).toMatchObject({ PageNum: 1, PageSize: 100 });
  });

  it('returns entities with format=Entities, in the JSON list shape of the spec', async () => {
    const answer = await f.client.get(q({ type: 'BackupJobSession', format: 'Entities', pageSize: '3' }), { accept: 'application/json' });
    const body = answer.json!;
    expect(body.Refs).toBeNull();
    expect(Object.keys(body.Entities).sort()).toEqual(['BackupJobSessions', 'CdpReplicaTaskSessions', 'NasJobs']);
    expect(body.Entities.NasJobs).toBeNull();
    expect(body.Entities.BackupJobSessions.BackupJobSessions.map((e: Json) => e.Type)).toEqual(['BackupJobSession', 'BackupJobSession', 'BackupJobSession']);
    const xml = (await f.client.get(q({ type: 'CdpReplicaTaskSession', format: 'entities', pageSize: '2' }))).xml!.QueryResult;
    expect(xml.Refs).toBeUndefined();
    expect(xml.Entities.CdpReplicaTaskSessions.CdpReplicaTaskSession).toHaveLength(2);
  });

  it('answers AND and OR of two filters with the intersection and the union of their answers', async () => {
    const { backupSessions } = f.emulator.state.data;
    const atom = fc.oneof(
      fc.constantFrom(...backupSessions).map((s) => `CreationTime<=${new Date(s.creation).toISOString()}`),
      fc.constantFrom('Starting', 'Working', 'Stopped', 'Resuming').chain((state) => fc.constantFrom('==', '!=', '<', '>=').map((op) => `State${op}${state}`)),
      fc.constantFrom('Success', 'Failed', 'None').map((result) => `Result==${result}`),
      fc.constantFrom(...f.emulator.state.data.jobs).map((job) => `JobName=="${job.name}"`),
      fc.constantFrom('IsRetry==true', 'IsRetry==false', 'EndTime==null', 'JobType>=BackupCopy'),
    );
    await fc.assert(fc.asyncProperty(atom, atom, async (a, b) => {
      const [ra, rb, and, or] = await Promise.all([
        refs({ type: 'BackupJobSession', filter: a }), refs({ type: 'BackupJobSession', filter: b }),
        refs({ type: 'BackupJobSession', filter: `(${a});(${b})` }), refs({ type: 'BackupJobSession', filter: `(${a}),(${b})` }),
      ]);
      expect(and).toEqual(ra.filter((id) => rb.includes(id)));
      expect(or).toEqual(backupSessions.map((s) => s.id).filter((id) => ra.includes(id) || rb.includes(id)));
    }), { numRuns: 40, seed: 21 });
  });

  it('rejects a missing or unknown type, a malformed filter, bad paging and sorting with 400 and an Error body', async () => {
    const bad: Array<Record<string, string>> = [
      {}, { type: '' }, { type: 'Colour' },
      { type: 'BackupJobSession', filter: 'State=Working' }, { type: 'BackupJobSession', filter: 'Colour==red' },
      { type: 'BackupJobSession', filter: 'State==Running' }, { type: 'BackupJobSession', filter: '(State==Working' },
      { type: 'BackupJobSession', filter: 'CreationTime>yesterday' }, { type: 'BackupJobSession', pageSize: '0' },
      { type: 'BackupJobSession', pageSize: '-1' }, { type: 'BackupJobSession', page: 'two' }, { type: 'BackupJobSession', pageSize: '1e3' },
      { type: 'BackupJobSession', sortAsc: 'Colour' }, { type: 'BackupJobSession', sortAsc: 'State', sortDesc: 'State' },
      { type: 'BackupJobSession', format: 'Everything' },
    ];
    for (const params of bad) {
      const answer = await f.client.get(q(params), { accept: 'application/json' });
      expect(answer.status, JSON.stringify(params)).toBe(400);
      expect(answer.json).toMatchObject({ StatusCode: 400, Message: expect.any(String) });
    }
  });
});
