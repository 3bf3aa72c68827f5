export * from './load.ts';
export * from './catalog.ts';
export * from './json.ts';
export * from './xml.ts';
