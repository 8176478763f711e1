import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { WorkflowList } from "@/components/workflow/workflow-list";

export const metadata: Metadata = { title: "Active runs" };

export default function WorkflowsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Active validation runs</h1>
      <Card title="Running, paused or waiting" description="Across all projects; updated live.">
        <WorkflowList activeOnly />
      </Card>
    </div>
  );
}
