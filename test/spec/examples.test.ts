import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createValidators, loadSpec } from '../../src/spec/index.ts';

const DIR = resolve(import.meta.dirname, '../../fixtures/ontap/examples');
const examples = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((file) => ({ file, ...JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { operationId: string; body: Record<string, any> } }));
const validatorFor = createValidators(await loadSpec());
const errorsOf = (operationId: string, body: unknown, strictProperties = false) => validatorFor(operationId, { strictProperties })(body).errors;

describe('the vendor examples, corrected, match the spec', () => {
  it('covers the seeds', () => expect(examples.length).toBeGreaterThanOrEqual(11));
  for (const example of examples) {
    it(example.file, () => expect(errorsOf(example.operationId, example.body)).toEqual([]));
  }
});

describe('mutated examples are rejected', () => {
  const session = examples.find((e) => e.file === '002-ndmp_session_get.json')!.body;
  const svms = examples.find((e) => e.file === '002-ndmp_svm_collection_get.json')!.body;
  const node = examples.find((e) => e.file === '002-ndmp_node_get.json')!.body;
  const mutate = <T>(value: T, change: (copy: any) => void): T => {
    const copy = structuredClone(value);
    change(copy);
    return copy;
  };

  const cases: Array<[string, string, unknown, RegExp]> = [
    ['an integer quoted as a string', 'ndmp_session_get', mutate(session, (s) => (s.data.bytes_processed = '5000')), /\/data\/bytes_processed must be integer/],
    ['a 64-bit integer that is not whole', 'ndmp_session_get', mutate(session, (s) => (s.client_port = 1.5)), /\/client_port/],
    ['an unknown enum value', 'ndmp_session_get', mutate(session, (s) => (s.data.state = 'running')), /\/data\/state must be one of active, connected/],
    ['an unknown mover mode', 'ndmp_session_get', mutate(session, (s) => (s.tape_mode = 'append')), /\/tape_mode must be one of/],
    ['missing nesting: data flattened to a string', 'ndmp_session_get', mutate(session, (s) => (s.data = 'halted')), /\/data must be object/],
    ['missing nesting: connection flattened', 'ndmp_session_get', mutate(session, (s) => (s.mover.connection = '10.0.0.1:18600')), /\/mover\/connection must be object/],
    ['enabled as 1', 'ndmp_svm_collection_get', mutate(svms, (s) => (s.records[0].enabled = 1)), /\/records\/0\/enabled must be boolean/],
    ['records as an object', 'ndmp_svm_collection_get', mutate(svms, (s) => (s.records = s.records[0])), /\/records must be array/],
    ['an unknown authentication type', 'ndmp_svm_collection_get', mutate(svms, (s) => (s.records[0].authentication_types = ['kerberos'])), /authentication_types\/0 must be one of/],
  ];
  for (const [label, operationId, body, message] of cases) {
    it(label, () => expect(errorsOf(operationId, body).join('\n')).toMatch(message));
  }

  it('a node answer carrying the write-only password fails the strict response view', () => {
    expect(errorsOf('ndmp_node_get', node, true)).toEqual([]);
    expect(errorsOf('ndmp_node_get', { ...node, password: 'secret' }, true).join('\n')).toMatch(/undocumented property "password"/);
  });
});
