export * from './filters.ts';
export * from './fields.ts';
export * from './bodies.ts';
export * from './ids.ts';
export * from './records.ts';
