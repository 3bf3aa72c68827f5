import type { CollectionUnderTest } from '../../../src/checks/collections.ts';
import type { Check } from '../../../src/checks/ontap-model.ts';
import { errorChecks } from './error-checks.ts';
import { fieldsChecks } from './fields-checks.ts';
import { filterChecks } from './filter-checks.ts';
import { pagingChecks, sortingChecks } from './paging-checks.ts';
import { shapeChecks } from './shape-checks.ts';

/** The checks every NDMP collection gets: shapes, filters, fields, paging, sorting, errors. */
export function collectionChecks(c: CollectionUnderTest): Check[] {
  return [...shapeChecks(c), ...filterChecks(c), ...fieldsChecks(c), ...pagingChecks(c), ...sortingChecks(c), ...errorChecks(c)];
}
