/**
 * The ONTAP REST query language (ontap-rest.md · Collection GET) as pure functions: filters, `fields=`,
 * `order_by`, paging and reserved-parameter validation. The emulator serves queries with it and the
 * conformance checks compute expected answers with it.
 */
export * from './types.ts';
export * from './path.ts';
export * from './compare.ts';
export * from './filter.ts';
export * from './fields.ts';
export * from './order.ts';
export * from './paging.ts';
