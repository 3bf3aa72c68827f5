import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';

/** The ONTAP NDMP spec that ships with the suite. */
export const DEFAULT_SPEC_PATH = fileURLToPath(new URL('../../specs/ontap/ndmp.yaml', import.meta.url));

export interface Spec {
  path: string;
  /** Validated and fully dereferenced: every $ref replaced by its target. */
  document: OpenAPIV3.Document;
}

const cache = new Map<string, Promise<Spec>>();

/** Validates (swagger-parser) and dereferences a spec once per path; later calls share the result. */
export function loadSpec(path: string = DEFAULT_SPEC_PATH): Promise<Spec> {
  let pending = cache.get(path);
  if (!pending) {
    pending = (async () => {
      const validated = await SwaggerParser.validate(path);
      const document = (await SwaggerParser.dereference(structuredClone(validated))) as OpenAPIV3.Document;
      return { path, document };
    })();
    cache.set(path, pending);
    pending.catch(() => cache.delete(path));
  }
  return pending;
}
