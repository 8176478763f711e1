import type { Metadata } from "next";
import { Suspense } from "react";
import { RunsPage } from "@/components/workflow/runs-page";

export const metadata: Metadata = { title: "Runs" };

export default function WorkflowsPage() {
  // The filters live in the address: reading it needs a suspense boundary for the static shell.
  return (
    <Suspense fallback={<p className="text-sm text-slate-500">Loading runs…</p>}>
      <RunsPage />
    </Suspense>
  );
}
