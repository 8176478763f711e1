/**
 * A project's last runs in a few centimetres: p95 latency as a line (oldest left), each run a dot
 * coloured by its verdict. Plain SVG: a table of a hundred of these must stay cheap.
 */
import type { RouterOutputs } from "@/components/trpc/client";
import { plural } from "@/components/ui/plural";

type Run = RouterOutputs["dashboard"]["projects"]["projects"][number]["runs"][number];

const colours = { pass: "#059669", fail: "#dc2626" } as const;

export function RunSparkline({ runs, width = 120, height = 28 }: { runs: Run[]; width?: number; height?: number }) {
  const ordered = [...runs].reverse();
  const values = ordered.map((r) => r.p95Ms).filter((v): v is number => v !== null);
  if (ordered.length === 0) return <span className="text-xs text-slate-500">no run yet</span>;
  const max = Math.max(...values, 1);
  const min = Math.min(...values, max);
  const span = max - min || 1;
  const x = (i: number) => (ordered.length === 1 ? width / 2 : 4 + (i * (width - 8)) / (ordered.length - 1));
  const y = (v: number | null) => (v === null ? height / 2 : height - 4 - ((v - min) * (height - 8)) / span);
  const points = ordered.map((r, i) => `${x(i)},${y(r.p95Ms)}`).join(" ");
  const summary = ordered
    .map(
      (r) =>
        `${r.verdict ?? "not judged"}${r.dryRun ? " (dry run)" : ""}${r.p95Ms === null ? "" : ` (p95 ${Math.round(r.p95Ms)} ms)`}`,
    )
    .join(", ");
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={`Last ${plural(ordered.length, "run")}, oldest first: ${summary}`}
    >
      <polyline points={points} fill="none" stroke="#94a3b8" strokeWidth={1.5} />
      {ordered.map((r, i) => (
        <circle
          key={r.workflowId}
          cx={x(i)}
          cy={y(r.p95Ms)}
          r={2.5}
          fill={colours[r.verdict as keyof typeof colours] ?? "#64748b"}
        />
      ))}
    </svg>
  );
}
