import { buildCatalog, compareVersions, loadSpec } from '../../spec/index.ts';
import type { FieldInfo } from '../../oracle/index.ts';
import type { CollectionDescriptor } from './collection.ts';
import type { RouteContext } from './routes.ts';
import type { OntapState } from './state.ts';

/** Every field path and every object prefix of it: `data.connection.port` also names `data` and `data.connection`. */
export function withPrefixes(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const path of paths) {
    const parts = path.split('.');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('.'));
  }
  return [...out];
}

/**
 * What the emulator knows about each collection, taken from the spec (the one source of field names and
 * types); fields introduced after the emulated version do not exist, so filtering on them is an unknown argument.
 */
export async function buildDescriptors(state: OntapState): Promise<Pick<RouteContext, 'collections' | 'instancePaths'>> {
  const catalog = buildCatalog(await loadSpec());
  const available = (fields: FieldInfo[] & { introduced?: string }[]) =>
    fields.filter((field) => compareVersions(state.config.version, (field as { introduced?: string }).introduced ?? '9.7') >= 0);
  const describe = (opId: string, basePath: string, keyFields: string[], startKeys: string[]): CollectionDescriptor => ({
    basePath,
    filterable: available(catalog.filterableFields(opId)),
    knownPaths: withPrefixes(available(catalog.recordFields(opId)).map((field) => field.path)),
    keyFields,
    startKeys,
  });
  const nodes = describe('ndmp_node_collection_get', '/api/protocols/ndmp/nodes', ['node.uuid', 'node.name'], ['node.uuid']);
  const svms = describe('ndmp_svm_collection_get', '/api/protocols/ndmp/svms', ['svm.uuid', 'svm.name'], ['svm.uuid']);
  const sessionBase = describe('ndmp_session_collection_get', '/api/protocols/ndmp/sessions', [], []);
  const collections = {
    nodes,
    svms,
    // Session keys follow the NDMP mode: the owner is a node in node scope and an SVM in SVM scope.
    get sessions(): CollectionDescriptor {
      const owner = state.mode === 'node' ? 'node' : 'svm';
      const keyFields = ['id', `${owner}.uuid`, `${owner}.name`, ...(state.atLeast('9.9') ? ['uuid'] : [])];
      return { ...sessionBase, keyFields, startKeys: [`${owner}.uuid`, 'id'] };
    },
  };
  return {
    collections,
    instancePaths: {
      nodes: nodes.knownPaths,
      svms: svms.knownPaths,
      sessions: sessionBase.knownPaths,
      cluster: ['name', 'uuid', 'version', 'version.full', 'version.generation', 'version.major', 'version.minor'],
      ndmp: ['mode'],
      password: ['password', 'svm', 'svm.name', 'svm.uuid', 'user'],
    },
  };
}
