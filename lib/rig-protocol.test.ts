/**
 * The hand-written check of a detection event against the schema it stands in for, on events
 * generated near every bound: it may decline an event the schema takes (the schema then decides),
 * but it must never accept one the schema refuses, and what it accepts must be what the schema
 * gives.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectionEventSchema, isWellFormedEvent } from "./rig-protocol";

const ns = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n }).map(String),
  fc.constantFrom("", "-", "1.5", "１２", "01", "-0", "9223372036854775807", "9223372036854775808", " 1", "1e3"),
);
const text = fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom("", "a\u0000b", "x".repeat(64), "x".repeat(65)));
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    -1,
    0,
    1,
    2 ** 53,
    2 ** 53 - 1,
    -3_600_000_001,
    -3_600_000_000,
    86_400_000_000,
    86_400_000_001,
    Number.NaN,
  ),
);
const event = fc.record(
  {
    seq: number,
    line: text,
    edge: fc.constantFrom("rising", "falling", "up", 1),
    videoTimeUs: number,
    rigMonotonicNs: ns,
    readMonotonicNs: ns,
    class: fc.oneof(text, fc.constant(null), fc.constant(undefined)),
    confidence: fc.oneof(number, fc.constant(null), fc.constant(undefined)),
    extra: fc.constant(1),
  },
  { requiredKeys: [] },
);

/** A valid event with one field (or none) replaced by a value from the pools above. */
const valid = fc.record({
  seq: fc.integer({ min: 0, max: 1_000_000 }),
  line: fc.string({ minLength: 1, maxLength: 8 }).filter((x) => !x.includes("\u0000")),
  edge: fc.constantFrom("rising", "falling"),
  videoTimeUs: fc.integer({ min: -3_600_000_000, max: 86_400_000_000 }),
  rigMonotonicNs: fc.bigInt({ min: 0n, max: 2n ** 62n }).map(String),
  readMonotonicNs: fc.bigInt({ min: 0n, max: 2n ** 62n }).map(String),
  class: fc.constantFrom("pedestrian", null, undefined),
  confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
});
const nearlyValid = fc
  .tuple(
    valid,
    event,
    fc.constantFrom("none", "seq", "line", "edge", "videoTimeUs", "rigMonotonicNs", "class", "confidence", "extra"),
  )
  .map(([base, other, field]) =>
    field === "none"
      ? base
      : { ...base, [field]: (other as Record<string, unknown>)[field] ?? (field === "extra" ? 1 : undefined) },
  );

describe("isWellFormedEvent", () => {
  it("accepts only what the schema accepts, as the schema gives it", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(nearlyValid, event, fc.constantFrom(null, 1, "x", [], Object.create(null))), (value) => {
        const parsed = detectionEventSchema.safeParse(value);
        if (isWellFormedEvent(value)) {
          accepted++;
          expect(parsed.success).toBe(true);
          expect(parsed.data).toEqual(value);
        }
      }),
      { numRuns: 20_000 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it("accepts an agent's ordinary events", () => {
    const ordinary = {
      seq: 41,
      line: "17",
      edge: "rising",
      videoTimeUs: 1_250_000,
      rigMonotonicNs: "1000000041000",
      readMonotonicNs: "1000000041500",
      class: "pedestrian",
      confidence: 0.9,
    };
    expect(isWellFormedEvent(ordinary)).toBe(true);
    expect(isWellFormedEvent({ ...ordinary, class: null, confidence: undefined })).toBe(true);
    expect(isWellFormedEvent({ ...ordinary, seq: -1 })).toBe(false);
    expect(isWellFormedEvent({ ...ordinary, note: "x" })).toBe(false);
  });
});
