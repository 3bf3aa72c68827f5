import type { FieldInfo } from '../../src/oracle/index.ts';

/**
 * Eight session-like records whose answers the tests work out by hand (never by running the oracle):
 *
 * | id | client_port | data_path        | data.state | data.reason | authentication_types     | is_secure |
 * |----|-------------|------------------|------------|-------------|--------------------------|-----------|
 * | s1 | 10          | /vs0/vol1        | halted     | aborted     | [plaintext, challenge]   | true      |
 * | s2 | 20          | /vs0/Vol_Archive | active     | —           | [challenge]              | false     |
 * | s3 | 30          | /vs1/home        | paused     | seek        | [plaintext_sso]          | —         |
 * | s4 | 40          | /vs1/a|b         | idle       | —           | — (absent)               | true      |
 * | s5 | 150         | /vs2/a*b         | listening  | end_of_file | [] (empty)               | false     |
 * | s6 | —           | /vs2/db_logs     | connected  | —           | — (absent)               | —         |
 * | s7 | 5           | /VS0/vol2        | Halted     | aborted     | [PLAINTEXT]              | true      |
 * | s8 | 1000        | /vs3/x..y        | active     | seek        | [challenge, plaintext]   | false     |
 *
 * s6's is_secure is `null` (set to null counts as unset); the other dashes are absent keys.
 */
export const SESSIONS: ReadonlyArray<Record<string, unknown> & { id: string }> = [
  { id: 's1', client_port: 10, data_path: '/vs0/vol1', data: { state: 'halted', reason: 'aborted' }, authentication_types: ['plaintext', 'challenge'], is_secure: true },
  { id: 's2', client_port: 20, data_path: '/vs0/Vol_Archive', data: { state: 'active' }, authentication_types: ['challenge'], is_secure: false },
  { id: 's3', client_port: 30, data_path: '/vs1/home', data: { state: 'paused', reason: 'seek' }, authentication_types: ['plaintext_sso'] },
  { id: 's4', client_port: 40, data_path: '/vs1/a|b', data: { state: 'idle' }, is_secure: true },
  { id: 's5', client_port: 150, data_path: '/vs2/a*b', data: { state: 'listening', reason: 'end_of_file' }, authentication_types: [], is_secure: false },
  { id: 's6', data_path: '/vs2/db_logs', data: { state: 'connected' }, is_secure: null },
  { id: 's7', client_port: 5, data_path: '/VS0/vol2', data: { state: 'Halted', reason: 'aborted' }, authentication_types: ['PLAINTEXT'], is_secure: true },
  { id: 's8', client_port: 1000, data_path: '/vs3/x..y', data: { state: 'active', reason: 'seek' }, authentication_types: ['challenge', 'plaintext'], is_secure: false },
];

export const PORT: FieldInfo = { path: 'client_port', type: 'integer', array: false };
export const PATH: FieldInfo = { path: 'data_path', type: 'string', array: false };
export const STATE: FieldInfo = { path: 'data.state', type: 'enum', array: false, enum: ['active', 'connected', 'halted', 'idle', 'listening', 'paused'] };
export const REASON: FieldInfo = { path: 'data.reason', type: 'enum', array: false };
export const AUTH: FieldInfo = { path: 'authentication_types', type: 'enum', array: true, enum: ['challenge', 'plaintext', 'plaintext_sso'] };
export const SECURE: FieldInfo = { path: 'is_secure', type: 'boolean', array: false };
export const UNSORTABLE: FieldInfo = { path: 'tape_mode', type: 'enum', array: false, sortable: false };

export const FIELDS: FieldInfo[] = [PORT, PATH, STATE, REASON, AUTH, SECURE, UNSORTABLE];

/** The error a function throws, or undefined. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
