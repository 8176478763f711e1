import type { Metadata } from "next";
import { ProjectPage } from "@/components/project/project-page";
import { uuidParam } from "@/server/page-params";

export const metadata: Metadata = { title: "Project" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <ProjectPage id={await uuidParam(params)} />;
}
