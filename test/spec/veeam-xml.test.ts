import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import {
  loadVeeamSpec, releaseVeeamXmlValidators, validateXml, VEEAM_XSD_PATH, veeamXmlRoots, veeamXmlValidator, type VeeamForm,
} from '../../src/spec/veeam/index.ts';

interface Example { name: string; operationId: string; form?: VeeamForm; status?: number | 'default'; xml?: string; json?: string }

const DIR = resolve(import.meta.dirname, '../../fixtures/veeam/examples');
const examples = (JSON.parse(readFileSync(resolve(DIR, 'manifest.json'), 'utf8')) as { examples: Example[] }).examples;
const read = (file: string) => readFileSync(resolve(DIR, file), 'utf8');
const spec = await loadVeeamSpec();

const cdpEntity = read('cdp-replica-task-session.entity.xml');
const cdpWarning = read('cdp-replica-task-session.entity-warning.xml');
const backupEntity = read('backup-job-session.entity.xml');
const nasSessions = read('nas-job-backup-sessions.xml');

/** The example with one textual change, failing loudly when the change does not apply (a stale mutation tests nothing). */
function mutate(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`the mutation ${String(from)} does not apply`);
  return changed;
}

describe('specs/veeam/enterprise-manager.xsd', () => {
  it('compiles with libxml2', () => {
    const doc = XmlDocument.fromString(readFileSync(VEEAM_XSD_PATH, 'utf8'));
    try {
      const validator = XsdValidator.fromDoc(doc);
      validator.dispose();
    } finally {
      doc.dispose();
    }
  });

  it('is compiled once and shared; released validators compile again', () => {
    expect(veeamXmlValidator()).toBe(veeamXmlValidator());
    const before = veeamXmlValidator();
    releaseVeeamXmlValidators();
    const after = veeamXmlValidator();
    expect(after).not.toBe(before);
    expect(after.validate(cdpEntity).errors).toEqual([]);
  });
});

describe('the example answers validate against the XSD, with the root their operation documents', () => {
  for (const example of examples.filter((e) => e.xml)) {
    it(`${example.name} (${example.xml})`, () => {
      const root = veeamXmlRoots(spec, example.operationId, { form: example.form, status: example.status });
      expect(validateXml(read(example.xml!), { root })).toEqual({ valid: true, errors: [] });
    });
  }

  it('validates thousands of documents without exhausting wasm memory (each parsed document is freed)', () => {
    for (let i = 0; i < 3000; i++) expect(validateXml(nasSessions).valid).toBe(true);
  });
});

describe('documents that break a rule are rejected with readable errors', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['the wrong namespace', mutate(cdpEntity, 'xmlns="http://www.veeam.com/ent/v1.0"', 'xmlns="http://www.veeam.com/ent/v2.0"'),
      /root element CdpReplicaTaskSession is in the namespace "http:\/\/www\.veeam\.com\/ent\/v2\.0", not "http:\/\/www\.veeam\.com\/ent\/v1\.0"/],
    ['no namespace at all', mutate(nasSessions, ' xmlns="http://www.veeam.com/ent/v1.0"', ''), /root element EntityReferences is in the namespace ""/],
    ['an attribute written as an element', mutate(mutate(cdpEntity, ' VmDisplayName="app-db01"', ''), '<Links>', '<VmDisplayName>app-db01</VmDisplayName>\n  <Links>'),
      /line \d+: Element 'CdpReplicaTaskSession': The attribute 'VmDisplayName' is required but missing[\s\S]*Element 'VmDisplayName': This element is not expected\. Expected is \( Links \)/],
    ['an element written as an attribute', mutate(mutate(cdpEntity, /\s*<TotalSize>34359738368<\/TotalSize>/, ''), ' VmDisplayName=', ' TotalSize="34359738368" VmDisplayName='),
      /attribute 'TotalSize': The attribute 'TotalSize' is not allowed[\s\S]*Missing child element\(s\)\. Expected is one of \( Reason, TotalSize \)/],
    ['elements out of order', mutate(cdpEntity, /(<State>InProgress<\/State>)\s*(<Result>Success<\/Result>)/, '$2\n  $1'),
      /Element 'Result': This element is not expected\. Expected is one of \( EndTimeUTC, State \)/],
    ['an unknown State', mutate(cdpEntity, '<State>InProgress</State>', '<State>Running</State>'),
      /Element 'State': \[facet 'enumeration'\] The value 'Running' is not an element of the set \{'InProgress', 'Pending', 'Completed'\}/],
    ['Result None for a CDP task session (only backup job sessions answer it)', mutate(cdpEntity, '<Result>Success</Result>', '<Result>None</Result>'),
      /Element 'Result': \[facet 'enumeration'\] The value 'None'/],
    ['an unknown JobType', mutate(backupEntity, '<JobType>NasBackup</JobType>', '<JobType>FileShare</JobType>'), /Element 'JobType': \[facet 'enumeration'\] The value 'FileShare'/],
    ['a timestamp with an offset instead of Z', mutate(cdpEntity, '2024-05-06T08:15:05.311Z', '2024-05-06T10:15:05.311+02:00'),
      /Element 'CreationTimeUTC': \[facet 'pattern'\] The value '2024-05-06T10:15:05\.311\+02:00' is not accepted/],
    ['a timestamp without a zone', mutate(cdpWarning, '2024-05-06T16:15:09.042117Z', '2024-05-06T16:15:09.042117'), /Element 'EndTimeUTC': \[facet 'pattern'\]/],
    ['a date that does not exist', mutate(cdpEntity, '2024-05-06T08:15:05.311Z', '2024-02-30T08:15:05Z'), /Element 'CreationTimeUTC': '2024-02-30T08:15:05Z' is not a valid value/],
    ['a TotalSize with a fraction', mutate(cdpEntity, '<TotalSize>34359738368</TotalSize>', '<TotalSize>34359738368.5</TotalSize>'),
      /Element 'TotalSize': '34359738368\.5' is not a valid value of the atomic type 'xs:long'/],
    ['a TotalSize past 64 bits', mutate(cdpEntity, '<TotalSize>34359738368</TotalSize>', '<TotalSize>18446744073709551616</TotalSize>'), /is not a valid value of the atomic type 'xs:long'/],
    ['a TotalSize with a unit', mutate(cdpEntity, '<TotalSize>34359738368</TotalSize>', '<TotalSize>32 GB</TotalSize>'), /'32 GB' is not a valid value of the atomic type 'xs:long'/],
    ['a missing required element', mutate(cdpEntity, /\s*<PolicySessionUid>[^<]*<\/PolicySessionUid>/, ''), /Element 'CreationTimeUTC': This element is not expected\. Expected is \( PolicySessionUid \)/],
    ['a PolicySessionUid that is not a URN', mutate(cdpEntity, '<PolicySessionUid>urn:veeam:CdpReplicaSession:', '<PolicySessionUid>'), /Element 'PolicySessionUid': \[facet 'pattern'\]/],
    ['a Progress over 100', mutate(backupEntity, '<Progress>42</Progress>', '<Progress>142</Progress>'), /Element 'Progress': \[facet 'maxInclusive'\] The value '142' is greater than the maximum value allowed \('100'\)/],
    ['IsRetry as a word', mutate(backupEntity, '<IsRetry>false</IsRetry>', '<IsRetry>no</IsRetry>'), /Element 'IsRetry': 'no' is not a valid value of the atomic type 'xs:boolean'/],
    ['a link without Href', mutate(nasSessions, / Href="[^"]*\/taskSessions"/, ''), /Element 'Link': The attribute 'Href' is required but missing/],
    ['an undocumented element in a reference', mutate(nasSessions, '</Links>\n  </Ref>', '</Links>\n    <State>Stopped</State>\n  </Ref>'), /Element 'State': This element is not expected/],
    ['an entity Type that is not its own', mutate(backupEntity, 'Type="BackupJobSession"', 'Type="BackupJobSessionReference"'), /attribute 'Type': The value 'BackupJobSessionReference' does not match the fixed value constraint 'BackupJobSession'/],
    ['Links after the elements of a minimal view', mutate(read('nas-job.entity.xml'), /(\s*<Links>[\s\S]*<\/Links>)([\s\S]*)(\n<\/NASJob>)/, '$2$1$3'), /This element is not expected\. Expected is \( Links \)/],
  ];
  for (const [label, xml, message] of cases) {
    it(label, () => {
      const result = validateXml(xml);
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toMatch(message);
      // Readable: a line number, no libxml2 trailing newline, the Veeam namespace left out of element names.
      for (const line of result.errors) expect(line).toMatch(/^line \d+[:,]/);
      expect(result.errors.join('\n')).not.toContain('{http://www.veeam.com/ent/v1.0}');
    });
  }

  it('a document that is not well-formed, with the line and column of the fault', () => {
    const result = validateXml(cdpEntity.replace('</Links>', '</Link>'));
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatch(/^not well-formed: line 8, column \d+: Opening and ending tag mismatch: Links line \d+ and Link$/);
  });

  it('a truncated document, text that is not XML, and an empty answer', () => {
    expect(validateXml(nasSessions.slice(0, 300)).errors.join('\n')).toMatch(/^not well-formed: line \d+, column \d+: /);
    expect(validateXml('{"Refs":[]}').errors.join('\n')).toMatch(/^not well-formed: .*Start tag expected/);
    expect(validateXml('').valid).toBe(false);
  });

  it('a document with an external entity is rejected without reading it', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE Error [<!ENTITY x SYSTEM "file:///etc/passwd">]><Error xmlns="http://www.veeam.com/ent/v1.0" Message="&x;" StatusCode="500"/>`;
    const result = validateXml(xxe);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([expect.stringMatching(/^not well-formed: line 1, column \d+: Attribute references external entity 'x'$/)]);
  });

  it('the root an operation documents: an EntityRef where the entity form was asked for', () => {
    const entityRoots = veeamXmlRoots(spec, 'cdp_replica_task_session_get', { form: 'entity' });
    const reference = read('cdp-replica-task-session.reference.xml');
    expect(validateXml(reference).valid).toBe(true);
    expect(validateXml(reference, { root: entityRoots }).errors).toEqual(['line 2: the root element is EntityRef, expected CdpReplicaTaskSession']);
    expect(validateXml(read('nas-job.entity.xml'), { root: 'NasJob' }).errors).toEqual(['line 3: the root element is NASJob, expected NasJob']);
  });
});
