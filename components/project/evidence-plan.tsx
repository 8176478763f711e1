"use client";
/**
 * Whether the assigned videos can show the recall criterion at the project's confidence: the
 * events each class holds against the events a run needs with 0, 1 or 2 misses (DESIGN §9).
 */
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { plural } from "@/components/ui/plural";

const pct = (v: number) => `${+(v * 100).toFixed(2)} %`;

export function EvidencePlan({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const plan = useQuery(trpc.projects.evidencePlan.queryOptions({ id: projectId }));
  if (!plan.data) return null;
  const p = plan.data;
  if (p.minRecall === null) {
    return <p className="text-sm text-slate-600">Minimum recall is not checked: no evidence plan to show.</p>;
  }
  const needed = p.plans[0]?.events ?? null;
  const short = p.classes.filter((c) => !c.enough);
  const goal = `recall ≥ ${pct(p.minRecall)} with ${pct(p.confidence)} confidence`;
  return (
    <section aria-label="Evidence plan" className="mt-4 space-y-2 rounded-md bg-slate-50 p-4 text-sm text-slate-700">
      <p className="font-medium text-slate-900">Evidence plan</p>
      <p>
        To show {goal}, a class needs{" "}
        {p.plans
          .map(
            (x) =>
              `${x.events ?? "more than 10,000,000"} events with ${x.misses === 0 ? "no miss" : plural(x.misses, "miss", "misses")}`,
          )
          .join(", ")}
        .
      </p>
      {p.videos === 0 ? (
        <p>No video is assigned yet.</p>
      ) : (
        <p>
          {`Your ${plural(p.videos, "video")} ${p.videos === 1 ? "holds" : "hold"} `}
          {p.classes.length
            ? p.classes.map((c) => `${plural(c.events, `${c.class} event`)}`).join(", ")
            : "no ground-truth event"}
          {"."}
          {needed !== null && short.length
            ? ` For ${short.map((c) => c.class).join(" and ")}, ${goal} cannot be shown: ${needed} events are needed with no miss.`
            : needed !== null && p.classes.length
              ? " Enough for every class, if none is missed."
              : ""}
        </p>
      )}
      {p.decisionRule === "point" ? (
        <p className="text-xs text-slate-500">
          The project judges on estimates (decision rule: point): a run may pass on fewer events, without this
          confidence.
        </p>
      ) : null}
    </section>
  );
}
