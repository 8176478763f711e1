"use client";
/**
 * A completed run against the run before it (its project's newest earlier analysed run sharing a
 * video): the regression gate's answer, and the way to the full comparison.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { baselineName, GateBanner } from "./gate-banner";

export function RunGate({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const gate = useQuery(trpc.comparisons.gateOfRun.queryOptions({ id: workflowId }));
  if (!gate.data?.baseline) return null;
  const { baseline } = gate.data;
  const link = (
    <Link
      href={`/workflows/compare?a=${baseline.workflow_id}&b=${workflowId}`}
      className="text-sm font-medium text-link hover:underline"
    >
      Compare with the previous run ({baselineName(baseline)}) →
    </Link>
  );
  if (!gate.data.gate) {
    return (
      <div className="space-y-1">
        {gate.data.error ? <p className="text-sm text-slate-600">{gate.data.error}</p> : null}
        {link}
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <GateBanner gate={gate.data.gate} baseline={baseline} compact />
      {link}
    </div>
  );
}
