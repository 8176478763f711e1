import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WorkflowPage } from "@/components/workflow/workflow-page";

export const metadata: Metadata = { title: "Validation run" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) notFound();
  return <WorkflowPage id={id} />;
}
