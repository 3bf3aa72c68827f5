import fc from 'fast-check';

const hex = (n: number) => fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: n, maxLength: n }).map((chars) => chars.join(''));

/** A well-formed uuid (8-4-4-4-12 hex) that names nothing on a real cluster. */
export const wellFormedUuid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((parts) => parts.join('-'));

/** Strings that are not uuids: too short, wrong characters, wrong grouping. */
export const malformedUuid = fc.oneof(
  fc.constantFrom('not-a-uuid', '12345', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '0000'),
  fc.tuple(hex(8), hex(3)).map(([a, b]) => `${a}-${b}`),
  fc.stringMatching(/^[g-z]{6,20}$/),
);
