/** The regression gate's answer in one banner: B against A, the limits, and what decided it. */
import { cn } from "@/components/ui/cn";
import type { Comparison } from "./types";

const looks = {
  "no regression": "bg-emerald-50 text-emerald-900 ring-emerald-300",
  regression: "bg-red-50 text-red-900 ring-red-300",
  inconclusive: "bg-amber-50 text-amber-900 ring-amber-300",
} as const;

type Gate = Comparison["gate"];

/** "firmware 2.3.1", or the run's name or id when it states no firmware. */
export function baselineName(head: { firmware_version: string | null; name: string | null; workflow_id: string }) {
  return head.firmware_version
    ? `firmware ${head.firmware_version}`
    : (head.name ?? `run ${head.workflow_id.slice(0, 8)}`);
}

export function GateBanner({
  gate,
  baseline,
  compact = false,
}: {
  gate: Gate;
  baseline: { firmware_version: string | null; name: string | null; workflow_id: string };
  compact?: boolean;
}) {
  const limits = [
    `recall may drop by at most ${(gate.max_recall_drop * 100).toFixed(1)} pts`,
    gate.max_p95_increase_ms === null ? "latency not gated" : `p95 may grow by at most ${gate.max_p95_increase_ms} ms`,
  ].join("; ");
  return (
    <section
      aria-label="Regression gate"
      data-gate={gate.verdict}
      className={cn("rounded-lg p-4 ring-1 ring-inset", looks[gate.verdict])}
    >
      <p className="text-lg font-semibold">
        {gate.verdict === "no regression"
          ? "No regression"
          : gate.verdict === "regression"
            ? "Regression"
            : "Inconclusive"}{" "}
        against {baselineName(baseline)}
      </p>
      {compact ? null : <p className="mt-1 text-sm">Gate: {limits}; decided on the intervals.</p>}
      <ul className="mt-1 list-disc pl-5 text-sm">
        <li>Recall: {gate.recall.reason}.</li>
        {gate.latency ? <li>Latency: {gate.latency.reason}.</li> : null}
      </ul>
    </section>
  );
}
