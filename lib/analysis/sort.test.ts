/** The index sort against a plain comparator sort, on sizes that take the radix path. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortedOrder } from "./sort";

const comparatorOrder = (values: readonly number[]) =>
  values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);

describe("sortedOrder", () => {
  it("orders by value with ties by index, for negative, fractional, huge and repeated values", () => {
    const value = fc.oneof(
      fc.integer({ min: -50, max: 50 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 2 ** 53, -(2 ** 53), 1e-300),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 500, maxLength: 3000 }), (values) => {
        expect(Array.from(sortedOrder(values))).toEqual(comparatorOrder(values));
      }),
      { numRuns: 60 },
    );
  });

  it("keeps input already in order as it is, and handles small and empty lists", () => {
    expect(Array.from(sortedOrder([1, 1, 2, 5]))).toEqual([0, 1, 2, 3]);
    expect(Array.from(sortedOrder([3, 1, 2, 1]))).toEqual([1, 3, 2, 0]);
    expect(Array.from(sortedOrder([]))).toEqual([]);
  });
});
