import { fileURLToPath } from 'node:url';
import { loadSpec, type Spec } from '../load.ts';

/** The Veeam Enterprise Manager OpenAPI document that ships with the suite. */
export const VEEAM_SPEC_PATH = fileURLToPath(new URL('../../../specs/veeam/enterprise-manager.yaml', import.meta.url));

/** The XML Schema of the XML documents that the OpenAPI document describes. */
export const VEEAM_XSD_PATH = fileURLToPath(new URL('../../../specs/veeam/enterprise-manager.xsd', import.meta.url));

/** The namespace of every Enterprise Manager XML document. */
export const VEEAM_NAMESPACE = 'http://www.veeam.com/ent/v1.0';

/** The Veeam spec, validated and dereferenced: the same shape as the ONTAP spec. */
export type VeeamSpec = Spec;

/**
 * Validates (swagger-parser) and dereferences the Veeam spec once; later calls share the result.
 * @remarks Reuses the ONTAP loader's per-path cache, so the Veeam and ONTAP specs never share an entry.
 */
export function loadVeeamSpec(path: string = VEEAM_SPEC_PATH): Promise<VeeamSpec> {
  return loadSpec(path);
}
