import type { OntapState } from './state.ts';

/**
 * Filter faults, expressed as rewrites of the raw filter list before the (correct) oracle sees it.
 * Each rewrite breaks exactly one operator family, so the emulator never needs a second query engine.
 */
export function rewriteFiltersForFaults(
  state: OntapState,
  filters: Array<[string, string]>,
  typeOf: (field: string) => string | undefined,
): Array<[string, string]> {
  let out = filters;
  if (state.has('filter-nested-ignored')) out = out.filter(([name]) => !name.includes('.'));
  if (state.has('filter-null-ignored')) out = out.filter(([, value]) => !/^!?null$/i.test(value));
  if (state.has('filter-equality-ignored')) {
    out = out.filter(([name, value]) => !(typeOf(name) === 'string' && /^[^*|,!<>{}"]+$/.test(value) && !value.includes('..') && !/^null$/i.test(value)));
  }
  return out.flatMap(([name, value]) => rewriteValue(state, name, value));
}

function rewriteValue(state: OntapState, name: string, value: string): Array<[string, string]> {
  let v = value;
  if (state.has('filter-or-first-only')) v = v.split('|')[0]!;
  if (state.has('filter-negation-ignored')) v = v.split('|').map((alt) => (/^!null$/i.test(alt) ? alt : alt.replace(/^!/, ''))).join('|');
  if (state.has('filter-wildcard-literal') && v.includes('*') && !v.startsWith('"')) v = `{${v}}`;
  if (state.has('filter-comparison-inclusive')) v = v.split('|').map((alt) => alt.replace(/^([<>])(?!=)/, '$1=')).join('|');
  if (state.has('filter-range-exclusive')) {
    const range = /^([^|]*?)\.\.([^|]*)$/.exec(v);
    if (range) return [[name, `>${range[1]}`], [name, `<${range[2]}`]];
  }
  return [[name, v]];
}
