/**
 * What a run is judged by, as one value: its frozen thresholds, criteria and judging, and the
 * parameters that change matching. Kept with each evaluation and in evidence bundles, so the
 * evaluation can be derived again from the value alone.
 */
import type { Judging, LatencyThresholds, PassFailCriteria } from "../validation/project";
import type { TestCaseInput } from "./test-case-matrix";
import type { TimingInput } from "./timing-basis";

export type EvaluationConfig = {
  latencyThresholds: LatencyThresholds;
  passFailCriteria: PassFailCriteria;
  judging: Judging;
  parameters: { earlyToleranceMs?: number; retriggersAsFp?: boolean };
  /**
   * The timing chain (DESIGN §12): the project's rules, and per session its rig's calibration in
   * force, its source, event clock and clock record. Absent in evaluations made before it was kept.
   */
  timing?: TimingInput;
  /**
   * The regulation test cases (DESIGN §13): the project's requirement set, the catalog's entries
   * it judged by, and each assigned video's case. Absent where the run has none.
   */
  testCases?: TestCaseInput;
};
