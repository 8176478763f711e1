import type { Metadata } from "next";
import { WorkflowPage } from "@/components/workflow/workflow-page";
import { uuidParam } from "@/server/page-params";

export const metadata: Metadata = { title: "Validation run" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <WorkflowPage id={await uuidParam(params)} />;
}
