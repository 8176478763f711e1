import type { Metadata } from "next";
import { AnnotationPage } from "@/components/video/annotation/annotation-page";
import { uuidParam } from "@/server/page-params";

export const metadata: Metadata = { title: "Annotate" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <AnnotationPage id={await uuidParam(params)} />;
}
