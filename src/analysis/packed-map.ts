/**
 * `items.map(f)` as an array whose elements kind does not depend on whether the caller runs
 * optimised: the builtin map gives a packed array, the map TurboFan inlines a holey one
 * (new Array(n)), so the arrays handed between stages changed map as their makers were optimised
 * and deoptimised, and every optimised reader of them was thrown away ("wrong map") and compiled
 * again, pass after pass. Pushing into [] gives a packed array either way.
 */
export function packedMap<T, U>(items: readonly T[], f: (item: T) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) out.push(f(items[i]!));
  return out;
}
