/**
 * The regression gate (DESIGN §10): may run B be worse than run A by more than δ in recall (and
 * ε ms in p95 latency)? Decided on the comparison's two-sided intervals at its level, as a
 * non-inferiority test:
 * - recall: `regression` when the whole interval of B − A lies below −δ, `no regression` when it
 *   lies at or above −δ, else `inconclusive`;
 * - p95 (when ε is set): `regression` when the whole interval of p95 B − A lies above ε,
 *   `no regression` when it lies at or below ε, else `inconclusive` (also with an open end).
 * The gate says `regression` when either does, `no regression` when both do, else `inconclusive`.
 */
import type { RegressionGate } from "../validation/project";
import type { RunComparison } from "./compare-runs";

type GateVerdict = "no regression" | "regression" | "inconclusive";

type GateCheck = { verdict: GateVerdict; reason: string };

export type GateResult = {
  verdict: GateVerdict;
  recall: GateCheck;
  /** Null when p95 latency is not gated (ε unset). */
  latency: GateCheck | null;
  max_recall_drop: number;
  max_p95_increase_ms: number | null;
};

const pts = (x: number) => `${(x * 100).toFixed(1)} pts`;
const ms = (x: number) => `${x.toFixed(1)} ms`;

function recallCheck(c: RunComparison<unknown>, delta: number): GateCheck {
  const ci = c.recall.diff_ci;
  if (!ci) return { verdict: "inconclusive", reason: "no ground-truth event was played in both runs" };
  const [lo, hi] = ci;
  const span = `recall B − A is between ${pts(lo)} and ${pts(hi)}`;
  if (hi < -delta) return { verdict: "regression", reason: `${span}: B lost more than ${pts(delta)}` };
  if (lo >= -delta) return { verdict: "no regression", reason: `${span}: B did not lose more than ${pts(delta)}` };
  return {
    verdict: "inconclusive",
    reason: `${span}: a loss of more than ${pts(delta)} is neither shown nor ruled out; more events would settle it`,
  };
}

function latencyCheck(c: RunComparison<unknown>, epsilon: number): GateCheck {
  const ci = c.latency_ms.p95_diff_ci;
  if (!ci || ci[0] === null || ci[1] === null) {
    return {
      verdict: "inconclusive",
      reason:
        c.latency_ms.p95_diff === null
          ? "one of the runs matched no event, so its p95 latency is undefined"
          : "too few events for an interval of the p95 difference",
    };
  }
  const [lo, hi] = ci;
  const span = `p95 latency B − A is between ${ms(lo)} and ${ms(hi)}`;
  if (lo > epsilon) return { verdict: "regression", reason: `${span}: B is slower by more than ${ms(epsilon)}` };
  if (hi <= epsilon) {
    return { verdict: "no regression", reason: `${span}: B is not slower by more than ${ms(epsilon)}` };
  }
  return {
    verdict: "inconclusive",
    reason: `${span}: a slowdown of more than ${ms(epsilon)} is neither shown nor ruled out`,
  };
}

export function regressionGate(c: RunComparison<unknown>, gate: Omit<RegressionGate, "requireFirmware">): GateResult {
  const recall = recallCheck(c, gate.maxRecallDrop);
  const latency = gate.maxP95IncreaseMs === null ? null : latencyCheck(c, gate.maxP95IncreaseMs);
  const checks = [recall, ...(latency ? [latency] : [])];
  const verdict: GateVerdict = checks.some((x) => x.verdict === "regression")
    ? "regression"
    : checks.every((x) => x.verdict === "no regression")
      ? "no regression"
      : "inconclusive";
  return {
    verdict,
    recall,
    latency,
    max_recall_drop: gate.maxRecallDrop,
    max_p95_increase_ms: gate.maxP95IncreaseMs,
  };
}
