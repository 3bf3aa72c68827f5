import { CODES } from '../checks/codes.ts';
import fc from 'fast-check';

const AUTH_TYPES = ['plaintext', 'challenge'] as const;

/** A valid `authentication_types` value: plaintext_sso stands alone (65601551 otherwise). */
export const authenticationTypes: fc.Arbitrary<string[]> = fc.oneof(
  fc.uniqueArray(fc.constantFrom(...AUTH_TYPES), { minLength: 1, maxLength: 2 }),
  fc.constant<string[]>(['plaintext_sso']),
);

/** A valid PATCH body for /protocols/ndmp/svms/{uuid}. */
export const svmPatchBody = fc.record(
  { enabled: fc.boolean(), authentication_types: authenticationTypes },
  { requiredKeys: [] },
).filter((body) => Object.keys(body).length > 0);

/** An invalid PATCH body for an SVM or node config, with the error codes the reference allows for it. */
export interface InvalidPatch {
  label: string;
  body: unknown;
  codes: string[];
}

export function invalidPatches(resource: 'svms' | 'nodes'): InvalidPatch[] {
  const common: InvalidPatch[] = [
    { label: 'unknown authentication type', body: { authentication_types: ['kerberos'] }, codes: [CODES.invalidValue, CODES.invalidField] },
    { label: 'enabled as a number', body: { enabled: 7 }, codes: [CODES.invalidValue, CODES.invalidField, CODES.invalidValueAlt] },
    { label: 'malformed JSON', body: '{"enabled": tru', codes: [CODES.invalidJson, CODES.invalidJsonAlt, CODES.invalidField] },
    { label: 'read-only key field', body: resource === 'svms' ? { svm: { name: 'renamed' } } : { node: { name: 'renamed' } }, codes: [CODES.notPatchable, CODES.invalidField] },
  ];
  if (resource === 'svms') {
    common.push({ label: 'plaintext_sso with other types', body: { authentication_types: ['plaintext_sso', 'challenge'] }, codes: [CODES.ssoNotCombinable] });
  }
  return common;
}
