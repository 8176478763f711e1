/** The test-case matrix's rules on plain outcomes: what passes a case, what fails or leaves it open, and the run's verdict. */
import { describe, expect, it } from "vitest";
import { defaultConfidence } from "./figure-intervals";
import { type CaseDefinition, testCaseMatrix, type VideoWindowOutcome, withTestCases } from "./test-case-matrix";

const detection: CaseDefinition = {
  title: "dynamic",
  regulation: "R151",
  paragraph: "6.5",
  kind: "detection",
  marginSpeedMs: 10 / 3.6,
  verify: [],
};
const quiet: CaseDefinition = {
  ...detection,
  title: "false activation",
  kind: "false-activation",
  marginSpeedMs: null,
};
const played = (o: Partial<VideoWindowOutcome>): VideoWindowOutcome => ({
  fileName: "v.mp4",
  played: true,
  events: 1,
  detected: 1,
  falsePositives: 0,
  early: 0,
  worstMarginMs: 500,
  ...o,
});

describe("the test-case matrix", () => {
  it("passes a run whose every required case passes; the worst margin is the smallest, in ms and m", () => {
    const m = testCaseMatrix(
      {
        required: ["A", "Q"],
        cases: { A: detection, Q: quiet },
        videoCases: { v1: "A", v2: "A", v3: "Q" },
      },
      {
        v1: played({ fileName: "a1.mp4", worstMarginMs: 800 }),
        v2: played({ fileName: "a2.mp4", worstMarginMs: 120, events: 2, detected: 2 }),
        v3: played({ fileName: "q.mp4", events: 0, detected: 0, worstMarginMs: null }),
      },
      defaultConfidence,
    );
    expect(m.rows.map((r) => r.status)).toEqual(["pass", "pass"]);
    expect(m.rows[0]).toMatchObject({ events: 3, detected: 3, worstMarginMs: 120 });
    expect(m.rows[0]?.worstMarginM).toBeCloseTo(0.12 * (10 / 3.6), 12);
    // Wilson at 95 % for 3 of 3 (statsmodels: proportion_confint(3, 3, 0.05, "wilson")).
    expect(m.rows[0]?.recallInterval?.[0]).toBeCloseTo(0.43850296824495444, 12);
    expect(m.verdict).toBe("pass");
    expect(withTestCases("pass", m)).toBe("pass");
  });

  it("fails a case on a miss, an early activation, or any activation in a false-activation pass; leaves it incomplete while a video is unplayed", () => {
    const m = testCaseMatrix(
      {
        required: ["miss", "early", "quiet", "unplayed", "none"],
        cases: { miss: detection, early: detection, quiet, unplayed: detection, none: detection, extra: detection },
        videoCases: { a: "miss", b: "early", c: "quiet", d: "unplayed", e: "extra" },
      },
      {
        a: played({ detected: 0, worstMarginMs: null }),
        b: played({ early: 2 }),
        c: played({ events: 0, detected: 0, falsePositives: 1 }),
        d: played({ played: false, events: 0, detected: 0 }),
        e: played({ detected: 0 }),
      },
      defaultConfidence,
    );
    expect(m.rows.map((r) => [r.id, r.status, r.required])).toEqual([
      ["miss", "fail", true],
      ["early", "fail", true],
      ["quiet", "fail", true],
      ["unplayed", "incomplete", true],
      ["none", "not covered", true],
      // A case shown but not required is listed, and does not decide the run.
      ["extra", "fail", false],
    ]);
    expect(m.verdict).toBe("fail");
    expect(withTestCases("pass", m)).toBe("fail");
    const open = testCaseMatrix(
      { required: ["none"], cases: { none: detection }, videoCases: {} },
      {},
      defaultConfidence,
    );
    expect(open.verdict).toBe("incomplete");
    expect(withTestCases("pass", open)).toBe("incomplete");
    expect(withTestCases("fail", open)).toBe("fail");
    expect(withTestCases("inconclusive", null)).toBe("inconclusive");
  });
});
