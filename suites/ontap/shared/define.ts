import type { CollectionUnderTest } from '../../../src/checks/collections.ts';
import type { Capability, Check, CheckContext } from '../../../src/checks/ontap-model.ts';

/** Builds a check on a collection: id `ontap.<collection>.<rule>`, the collection's own capability needs first. */
export function collectionCheck(
  c: CollectionUnderTest,
  rule: string,
  title: string,
  requirement: string,
  run: (ctx: CheckContext) => Promise<void>,
  options: { needs?: Capability[]; operation?: string } = {},
): Check {
  return {
    id: `ontap.${c.name}.${rule}`,
    title,
    api: 'ontap',
    operation: options.operation ?? c.operation,
    requirement,
    needs: [...c.needs, ...(options.needs ?? [])],
    run,
  };
}

/** Fields that identify records in the answers of a check, asked for explicitly so checks do not lean on defaults. */
export function identityFields(c: CollectionUnderTest): string {
  if (c.name === 'sessions') return 'id,node.uuid,svm.uuid';
  return c.name === 'nodes' ? 'node.uuid' : 'svm.uuid';
}
