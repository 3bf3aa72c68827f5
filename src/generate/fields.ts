import fc from 'fast-check';

/** A non-empty selection of leaf field paths, written as a `fields=` value. */
export function fieldSelection(leafPaths: readonly string[]): fc.Arbitrary<string[]> {
  return fc.uniqueArray(fc.constantFrom(...leafPaths), { minLength: 1, maxLength: Math.min(4, leafPaths.length) });
}

/**
 * An object path with two or more leaves under it and two of those leaves: the material for the
 * brace form `a.{b,c}` and the exclusion form `a,!a.b`.
 */
export function nestedPair(leafPaths: readonly string[]): fc.Arbitrary<{ parent: string; children: [string, string] }> | undefined {
  const groups = new Map<string, string[]>();
  for (const path of leafPaths) {
    const cut = path.lastIndexOf('.');
    if (cut < 0) continue;
    const parent = path.slice(0, cut);
    groups.set(parent, [...(groups.get(parent) ?? []), path.slice(cut + 1)]);
  }
  const usable = [...groups].filter(([, children]) => children.length >= 2);
  if (usable.length === 0) return undefined;
  return fc.constantFrom(...usable).chain(([parent, children]) =>
    fc.uniqueArray(fc.constantFrom(...children), { minLength: 2, maxLength: 2 }).map((pair) => ({ parent, children: pair as [string, string] })));
}

/** Names that are not fields of any NDMP record. */
export const unknownFieldName = fc.constantFrom('no_such_field', 'data.no_such_leaf', 'sessionz', 'mover.speed');
