/** `{ A: 'A', B: 'B' }` from a list of names: the object `registerEnumType` wants. */
export const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
