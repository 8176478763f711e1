/**
 * The time base of a run's latencies (DESIGN §12): whether they are corrected for the display
 * latency of the rigs that played them (with the figures as measured beside them), the rules the
 * project applies to calibrations, and what the clock did through the sessions.
 */
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import type { LatencyStats } from "@/lib/analysis/evaluate";
import { millis } from "@/lib/analysis/figure-format";
import type { TimingBasis } from "@/lib/analysis/timing-basis";

const statistics = ["mean", "p50", "p95", "p99", "max"] as const;

export function TimingCard({
  timing,
  latency,
  rawLatency,
}: {
  timing: TimingBasis;
  latency: LatencyStats;
  rawLatency: LatencyStats | null;
}) {
  const corrected = timing.basis === "corrected";
  const { clock } = timing;
  return (
    <Card
      title="Time base"
      description="What the latencies are measured against: the player's frame, corrected for the screen's own latency where the rigs are calibrated."
    >
      <div className="space-y-4 text-sm">
        <p>
          <Badge tone={corrected ? "good" : "warn"}>
            {corrected ? "corrected for display latency" : "as measured"}
          </Badge>
          <span className="ml-2 text-slate-700">{timing.statement}</span>
        </p>
        {timing.refused ? <Alert>Latency criterion not judged: {timing.refused}.</Alert> : null}
        {timing.warnings.length ? (
          <ul className="list-disc space-y-1 pl-5 text-amber-800">
            {timing.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
        {corrected && rawLatency ? (
          <DataTable columns={["Latency", "Corrected", "As measured"]}>
            {statistics.map((s) => (
              <tr key={s}>
                <td className="py-1.5">{s}</td>
                <td className="py-1.5 tabular-nums font-medium">{millis(latency[s])}</td>
                <td className="py-1.5 tabular-nums text-slate-600">{millis(rawLatency[s])}</td>
              </tr>
            ))}
          </DataTable>
        ) : null}
        {corrected && timing.uncertainty ? (
          <p className="text-xs text-slate-500">
            The correction's standard error ({timing.uncertainty.standardErrorMs.toFixed(2)} ms, the largest of the
            rigs') is added in quadrature to each latency interval.
          </p>
        ) : null}
        <p className="text-slate-600">
          Clock:{" "}
          {clock.worstOffsetChangeMs === null
            ? "no clock samples were recorded for these sessions."
            : `the offset to the server moved at most ${millis(clock.worstOffsetChangeMs)} within a session (bound ${millis(clock.boundMs)}); longest round trip ${millis(clock.worstRttMs)}${clock.flagged.length ? `; ${clock.flagged.length} session${clock.flagged.length === 1 ? "" : "s"} flagged` : ""}.`}
        </p>
      </div>
    </Card>
  );
}
