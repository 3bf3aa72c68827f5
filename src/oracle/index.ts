export * from './types.ts';
export * from './path.ts';
export * from './compare.ts';
export * from './filter.ts';
export { parseFields, projectRecord, unknownFields, type FieldSelection } from './fields.ts';
export * from './order.ts';
export * from './paging.ts';
