import { getPath } from '../oracle/index.ts';
import type { Capability, OntapTargetInfo } from './ontap-model.ts';

type Json = Record<string, unknown>;

export type CollectionName = 'sessions' | 'nodes' | 'svms';

/** One NDMP collection as the checks see it: where it lives, what it needs, how records are identified. */
export interface CollectionUnderTest {
  name: CollectionName;
  path: string;
  collectionOp: string;
  instanceOp: string;
  /** `GET /protocols/ndmp/sessions` */
  operation: string;
  /** `GET /protocols/ndmp/sessions/{owner.uuid}/{session.id}` */
  instanceOperation: string;
  requirement: string;
  needs: Capability[];
  /** The instance path of a record (from its key fields, as the reference defines the path). */
  instancePath(record: Json, target: OntapTargetInfo): string;
  /** A string that identifies a record within the collection. */
  identity(record: Json, target: OntapTargetInfo): string;
}

/** The owner of a session: an SVM in SVM scope, a node in node scope (ontap-ndmp.md · Node scope and SVM scope). */
export function sessionOwner(record: Json, target: OntapTargetInfo): string {
  return String(getPath(record, target.mode === 'svm' ? 'svm.uuid' : 'node.uuid') ?? getPath(record, 'uuid'));
}

export const COLLECTIONS: Record<CollectionName, CollectionUnderTest> = {
  sessions: {
    name: 'sessions',
    path: '/protocols/ndmp/sessions',
    collectionOp: 'ndmp_session_collection_get',
    instanceOp: 'ndmp_session_get',
    operation: 'GET /protocols/ndmp/sessions',
    instanceOperation: 'GET /protocols/ndmp/sessions/{owner.uuid}/{session.id}',
    requirement: 'seed 001 · Retrieve NDMP sessions',
    needs: ['data:sessions'],
    instancePath: (record, target) => `/protocols/ndmp/sessions/${sessionOwner(record, target)}/${encodeURIComponent(String(record.id))}`,
    identity: (record, target) => `${sessionOwner(record, target)}/${String(record.id)}`,
  },
  nodes: {
    name: 'nodes',
    path: '/protocols/ndmp/nodes',
    collectionOp: 'ndmp_node_collection_get',
    instanceOp: 'ndmp_node_get',
    operation: 'GET /protocols/ndmp/nodes',
    instanceOperation: 'GET /protocols/ndmp/nodes/{node.uuid}',
    requirement: 'seed 002 · Manage NDMP node configurations',
    needs: ['ndmp-mode:node', 'data:nodes'],
    instancePath: (record) => `/protocols/ndmp/nodes/${String(getPath(record, 'node.uuid'))}`,
    identity: (record) => String(getPath(record, 'node.uuid')),
  },
  svms: {
    name: 'svms',
    path: '/protocols/ndmp/svms',
    collectionOp: 'ndmp_svm_collection_get',
    instanceOp: 'ndmp_svm_get',
    operation: 'GET /protocols/ndmp/svms',
    instanceOperation: 'GET /protocols/ndmp/svms/{svm.uuid}',
    requirement: 'seed 002 · Manage NDMP configuration of SVM',
    needs: ['ndmp-mode:svm', 'data:svms'],
    instancePath: (record) => `/protocols/ndmp/svms/${String(getPath(record, 'svm.uuid'))}`,
    identity: (record) => String(getPath(record, 'svm.uuid')),
  },
};

