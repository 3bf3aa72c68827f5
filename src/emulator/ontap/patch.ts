import { NDMP_ENUMS } from '../data.ts';
import { OntapHttpError } from './http.ts';

type Json = Record<string, unknown>;

/** Field kinds a PATCH body may carry; anything else is rejected with 262203. */
export type PatchKind = 'boolean' | 'string' | 'auth-types' | 'mode';

/**
 * Validates a PATCH body against the patchable fields of one resource and returns the normalised values.
 * `_links` is ignored (the vendor's own example requests carry it); read-only fields get 262203.
 */
export function validatePatch(body: Json, patchable: Readonly<Record<string, PatchKind>>): Json {
  // Own properties only: `constructor`, `toString` or `__proto__` (which JSON.parse makes an own key of the body)
  // must not be found on Object.prototype and pass as patchable. The result has no prototype either.
  const out: Json = Object.create(null) as Json;
  for (const [name, value] of Object.entries(body)) {
    if (name === '_links') continue;
    const kind = Object.hasOwn(patchable, name) ? patchable[name] : undefined;
    if (kind === undefined) {
      throw new OntapHttpError(400, '262203', `Field "${name}" cannot be set in this operation.`, name);
    }
    out[name] = normalise(name, kind, value);
  }
  return out;
}

function normalise(name: string, kind: PatchKind, value: unknown): unknown {
  const invalid = () => new OntapHttpError(400, '262197', `The value ${JSON.stringify(value)} is invalid for field "${name}".`, name);
  switch (kind) {
    case 'boolean':
      // The vendor's examples send "false" as a string; ONTAP accepts both spellings.
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw invalid();
    case 'string':
      if (typeof value !== 'string' || value.length === 0) throw invalid();
      return value;
    case 'mode':
      if (typeof value !== 'string' || !(NDMP_ENUMS.mode as readonly string[]).includes(value)) throw invalid();
      return value;
    case 'auth-types': {
      if (!Array.isArray(value) || value.length === 0) throw invalid();
      for (const item of value) {
        if (typeof item !== 'string' || !(NDMP_ENUMS.authenticationTypes as readonly string[]).includes(item)) throw invalid();
      }
      return [...new Set(value as string[])];
    }
  }
}
