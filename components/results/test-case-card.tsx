/**
 * The regulation test-case matrix of a run (DESIGN §13): per case, its videos, pass / fail, the
 * worst margin (ms, and metres where the case's speed is known), early activations, and why a
 * case is not a pass. Cases of the requirement set that no video covers are listed, never hidden.
 */
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import type { CaseStatus, TestCaseMatrix } from "@/lib/analysis/test-case-matrix";

const tone: Record<CaseStatus, "good" | "bad" | "warn" | "muted"> = {
  pass: "good",
  fail: "bad",
  incomplete: "warn",
  "not covered": "warn",
};

const margin = (ms: number | null, m: number | null) =>
  ms === null ? "—" : `${ms.toFixed(0)} ms${m === null ? "" : ` · ${m.toFixed(2)} m`}`;

export function TestCaseCard({ matrix, confidenceLevel }: { matrix: TestCaseMatrix; confidenceLevel: number }) {
  return (
    <Card
      title="Test cases"
      description={`${matrix.summary}. A case passes when each of its videos was played and every event was signalled inside its window (not before not_before, by the deadline) with no early activation; a false-activation case passes with no activation at all. Margin: deadline − detection; recall with its ${+(confidenceLevel * 100).toFixed(2)} % interval.`}
    >
      <DataTable columns={["Case", "Videos", "Detected", "Worst margin", "Early", "Status"]}>
        {matrix.rows.map((c) => (
          <tr key={c.id} aria-label={`Test case ${c.id}`}>
            <td className="py-2 align-top">
              <span className="font-mono text-xs">{c.id}</span>
              {c.required ? null : <span className="ml-1 text-xs text-slate-500">(not required)</span>}
              <span className="block text-xs text-slate-600">
                {c.title} · UN {c.regulation} §{c.paragraph}
              </span>
              {c.verify.length ? (
                <span className="block text-xs text-amber-800">verify: {c.verify.join(", ")}</span>
              ) : null}
            </td>
            <td className="py-2 align-top font-mono text-xs">
              {c.videos.length
                ? c.videos.map((v) => (
                    <span key={v.videoId} className="block">
                      {v.fileName}
                    </span>
                  ))
                : "—"}
            </td>
            <td className="py-2 align-top tabular-nums">
              {c.kind === "false-activation"
                ? `${c.falsePositives} activation${c.falsePositives === 1 ? "" : "s"}`
                : c.events
                  ? `${c.detected} of ${c.events}`
                  : "—"}
              {c.recallInterval ? (
                <span className="block text-xs text-slate-500">
                  [{c.recallInterval[0].toFixed(3)}, {c.recallInterval[1].toFixed(3)}]
                </span>
              ) : null}
            </td>
            <td className="py-2 align-top tabular-nums">{margin(c.worstMarginMs, c.worstMarginM)}</td>
            <td className="py-2 align-top tabular-nums">{c.earlyActivations}</td>
            <td className="py-2 align-top">
              <Badge tone={tone[c.status]}>{c.status}</Badge>
              {c.reasons.map((reason) => (
                <span key={reason} className="block text-xs text-slate-600">
                  {reason}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}
