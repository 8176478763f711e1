/** The index sort against a plain comparator sort, on sizes that take the radix path. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortedCopy, sortedOrder, sortInPlace } from "./sort";

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

  it("orders whole numbers the same way when they span less or more than 2^32", () => {
    const base = fc.constantFrom(0, -(2 ** 40), 2 ** 52, 1_700_000_000_000_000);
    const spread = fc.constantFrom(100, 2 ** 32 - 1, 2 ** 32, 2 ** 33);
    fc.assert(
      fc.property(
        base,
        spread,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 500, maxLength: 2000 }),
        (b, w, fractions) => {
          const values = fractions.map((f) => b + Math.floor(f * w));
          expect(Array.from(sortedOrder(values))).toEqual(comparatorOrder(values));
          expect(Array.from(sortedCopy(values))).toEqual([...values].sort((x, y) => x - y));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("keeps input already in order as it is, and handles small and empty lists", () => {
    expect(Array.from(sortedOrder([1, 1, 2, 5]))).toEqual([0, 1, 2, 3]);
    expect(Array.from(sortedOrder([3, 1, 2, 1]))).toEqual([1, 3, 2, 0]);
    expect(Array.from(sortedOrder([]))).toEqual([]);
  });
});

describe("sortedCopy", () => {
  it("sorts like a numeric sort (-0 as 0), leaving its input as it was", () => {
    const value = fc.oneof(
      fc.integer({ min: -50, max: 50 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 2 ** 53, -(2 ** 53), 1e-300, -1e-300, Number.MAX_VALUE, -Number.MAX_VALUE),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 0, maxLength: 3000 }), (values) => {
        const input = Float64Array.from(values);
        const expected = Array.from(values, (v) => v + 0).sort((a, b) => a - b);
        expect(Array.from(sortedCopy(input))).toEqual(expected);
        expect(Array.from(input)).toEqual(values);
      }),
      { numRuns: 80 },
    );
  });
});

describe("sortInPlace", () => {
  it("leaves the values sorted and returns each position's input index, for every kind of value", () => {
    const value = fc.oneof(
      fc.integer({ min: -50, max: 50 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, 2 ** 53, -(2 ** 53), 1e-300, 1_700_000_000_000_000, 1_700_000_000_000_000 + 2 ** 33),
    );
    const wholeSpan = fc.tuple(
      fc.constantFrom(0, 1_000_000, 1_700_000_000_000_000),
      fc.constantFrom(1000, 2 ** 32 - 1, 2 ** 41),
    );
    const lists = fc.oneof(
      fc.array(value, { minLength: 0, maxLength: 3000 }),
      wholeSpan.chain(([base, width]) =>
        fc.array(
          fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((r) => base + Math.floor((r / 2 ** 31) * width)),
          { minLength: 500, maxLength: 3000 },
        ),
      ),
    );
    fc.assert(
      fc.property(lists, (values) => {
        const column = Float64Array.from(values);
        const order = sortInPlace(column);
        const expected = comparatorOrder(values);
        if (order === null) expect(expected).toEqual(values.map((_, i) => i));
        else expect(Array.from(order)).toEqual(expected);
        expect(Array.from(column)).toEqual(expected.map((i) => (values[i] as number) + 0));
      }),
      { numRuns: 80 },
    );
  });
});
