import { describe, expect, it } from 'vitest';
import { parseFields, projectRecord, unknownFields } from '../../src/oracle/index.ts';
import { thrown } from './sessions.ts';

const LINKS = { self: { href: '/api/protocols/ndmp/sessions/u1/1:2' } };
const SVM_LINKS = { self: { href: '/api/svm/svms/u1' } };
const SESSION = {
  _links: LINKS,
  authentication_types: ['plaintext', 'challenge'],
  backup_engine: 'dump',
  data: { bytes_processed: 5, connection: { address: '10.0.0.1', port: 18600, type: 'tcp' }, state: 'halted' },
  id: '1:2',
  spare: {},
  svm: { _links: SVM_LINKS, name: 'vs0', uuid: 'u1' },
  tape_mode: 'read',
};
const KEYS = { keyFields: ['id', 'svm.uuid', 'svm.name'] };
/** Projected and serialised, so the expectations below also pin the key order. */
const project = (raw: string) => JSON.stringify(projectRecord(SESSION, parseFields(raw), KEYS));
const json = (value: unknown) => JSON.stringify(value);

describe('parseFields', () => {
  it('reads every form into include/exclude paths', () => {
    expect(parseFields('')).toEqual({ isDefault: true, all: false, include: [], exclude: [] });
    expect(parseFields('  ')).toEqual({ isDefault: true, all: false, include: [], exclude: [] });
    expect(parseFields('a')).toEqual({ isDefault: false, all: false, include: ['a'], exclude: [] });
    expect(parseFields('*')).toEqual({ isDefault: false, all: true, include: [], exclude: [] });
    expect(parseFields('**')).toEqual({ isDefault: false, all: true, include: [], exclude: [] });
    expect(parseFields('a.b, !c.d ,*')).toEqual({ isDefault: false, all: true, include: ['a.b'], exclude: ['c.d'] });
    expect(parseFields('a.{b,c}')).toEqual({ isDefault: false, all: false, include: ['a.b', 'a.c'], exclude: [] });
    expect(parseFields('a.{b,!c}')).toEqual({ isDefault: false, all: false, include: ['a.b'], exclude: ['a.c'] });
    expect(parseFields('a.{b.{c,d},e}')).toEqual({ isDefault: false, all: false, include: ['a.b.c', 'a.b.d', 'a.e'], exclude: [] });
    expect(parseFields('!a.{b,c}')).toEqual({ isDefault: false, all: false, include: [], exclude: ['a.b', 'a.c'] });
    expect(parseFields('a.{b,c}.d')).toEqual({ isDefault: false, all: false, include: ['a.b.d', 'a.c.d'], exclude: [] });
    expect(parseFields('a,,b,')).toEqual({ isDefault: false, all: false, include: ['a', 'b'], exclude: [] });
    expect(parseFields('a.{b,,c}')).toEqual({ isDefault: false, all: false, include: ['a.b', 'a.c'], exclude: [] });
  });

  it('rejects mismatched braces with 262286, target fields', () => {
    for (const raw of ['data.{state', 'data.state}', 'a.{b,{c}', '}{', 'a.{b}}', 'a.{b,c', '{']) {
      expect(thrown(() => parseFields(raw)), raw).toMatchObject({ code: '262286', target: 'fields' });
    }
  });
});

describe('projectRecord', () => {
  it('default selection: key fields present and _links', () => {
    expect(project('')).toBe(json({ _links: LINKS, id: '1:2', svm: { name: 'vs0', uuid: 'u1' } }));
  });

  it('default selection with a key field the record lacks', () => {
    const out = projectRecord({ _links: LINKS, name: 'x', id: 7 }, parseFields(''), { keyFields: ['id', 'svm.uuid'] });
    expect(json(out)).toBe(json({ _links: LINKS, id: 7 }));
  });

  it('* and **: the whole record', () => {
    expect(project('*')).toBe(json(SESSION));
    expect(project('**')).toBe(json(SESSION));
  });

  it('a leaf comes nested in its parent', () => {
    expect(project('data.state')).toBe(json({ _links: LINKS, data: { state: 'halted' }, id: '1:2', svm: { name: 'vs0', uuid: 'u1' } }));
  });

  it('a deep leaf', () => {
    expect(project('data.connection.port')).toBe(json({ _links: LINKS, data: { connection: { port: 18600 } }, id: '1:2', svm: { name: 'vs0', uuid: 'u1' } }));
  });

  it('an object brings its whole subtree', () => {
    expect(project('data')).toBe(json({
      _links: LINKS, data: { bytes_processed: 5, connection: { address: '10.0.0.1', port: 18600, type: 'tcp' }, state: 'halted' }, id: '1:2', svm: { name: 'vs0', uuid: 'u1' },
    }));
  });

  it('an array is a leaf', () => {
    expect(project('authentication_types')).toBe(json({ _links: LINKS, authentication_types: ['plaintext', 'challenge'], id: '1:2', svm: { name: 'vs0', uuid: 'u1' } }));
  });

  it('an empty object selected by name stays', () => {
    expect(project('spare')).toBe(json({ _links: LINKS, id: '1:2', spare: {}, svm: { name: 'vs0', uuid: 'u1' } }));
  });

  it('! removes part of a selected subtree', () => {
    expect(project('data,!data.connection')).toBe(json({ _links: LINKS, data: { bytes_processed: 5, state: 'halted' }, id: '1:2', svm: { name: 'vs0', uuid: 'u1' } }));
  });

  it('* with exclusions', () => {
    expect(project('*,!tape_mode,!data.{connection,bytes_processed}')).toBe(json({
      _links: LINKS, authentication_types: ['plaintext', 'challenge'], backup_engine: 'dump', data: { state: 'halted' }, id: '1:2', spare: {},
      svm: { _links: SVM_LINKS, name: 'vs0', uuid: 'u1' },
    }));
  });

  it('braces select siblings', () => {
    expect(project('data.{state,connection.port}')).toBe(json({ _links: LINKS, data: { connection: { port: 18600 }, state: 'halted' }, id: '1:2', svm: { name: 'vs0', uuid: 'u1' } }));
  });

  it('braces with an exclusion', () => {
    expect(project('data.{connection,!connection.address}')).toBe(json({ _links: LINKS, data: { connection: { port: 18600, type: 'tcp' } }, id: '1:2', svm: { name: 'vs0', uuid: 'u1' } }));
  });

  it('nested braces', () => {
    expect(project('data.{connection.{port,type},state}')).toBe(json({ _links: LINKS, data: { connection: { port: 18600, type: 'tcp' }, state: 'halted' }, id: '1:2', svm: { name: 'vs0', uuid: 'u1' } }));
  });

  it('never excludes key fields or _links', () => {
    expect(project('tape_mode,!svm.uuid,!id,!_links')).toBe(json({ _links: LINKS, id: '1:2', svm: { name: 'vs0', uuid: 'u1' }, tape_mode: 'read' }));
  });

  it('excluding the parent of key fields keeps the keys only', () => {
    expect(project('*,!svm')).toBe(json({
      _links: LINKS, authentication_types: ['plaintext', 'challenge'], backup_engine: 'dump',
      data: { bytes_processed: 5, connection: { address: '10.0.0.1', port: 18600, type: 'tcp' }, state: 'halted' }, id: '1:2', spare: {},
      svm: { name: 'vs0', uuid: 'u1' }, tape_mode: 'read',
    }));
  });

  it('selecting an object that holds key fields brings all of it', () => {
    expect(project('svm')).toBe(json({ _links: LINKS, id: '1:2', svm: { _links: SVM_LINKS, name: 'vs0', uuid: 'u1' } }));
  });

  it('unknown names select nothing', () => {
    expect(project('nope,data.nope')).toBe(json({ _links: LINKS, id: '1:2', svm: { name: 'vs0', uuid: 'u1' } }));
  });

  it('leaves the record untouched', () => {
    const before = JSON.stringify(SESSION);
    project('data.state,!data.connection');
    expect(JSON.stringify(SESSION)).toBe(before);
  });
});

describe('unknownFields', () => {
  const known = ['data.state', 'data.connection.port', 'id', 'svm.uuid'];

  it('names requested paths that are neither fields nor object prefixes, in request order', () => {
    expect(unknownFields(parseFields('data,data.state,colour,svm,_links,data.state.x,!svm.uuid,!nope,*'), known)).toEqual(['colour', 'data.state.x', 'nope']);
  });

  it('knows object prefixes and _links', () => {
    expect(unknownFields(parseFields('data.connection,_links.self,svm,id'), known)).toEqual([]);
  });

  it('has nothing to say about the default selection or *', () => {
    expect(unknownFields(parseFields(''), known)).toEqual([]);
    expect(unknownFields(parseFields('**'), known)).toEqual([]);
  });
});
