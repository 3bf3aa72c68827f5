export * from './load.ts';
export * from './json-schema.ts';
export * from './validators.ts';
export * from './catalog.ts';
export * from './version.ts';
