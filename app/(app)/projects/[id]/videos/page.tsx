import type { Metadata } from "next";
import { AssignmentPage } from "@/components/project/assignment-page";
import { uuidParam } from "@/server/page-params";

export const metadata: Metadata = { title: "Assign videos" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <AssignmentPage projectId={await uuidParam(params)} />;
}
