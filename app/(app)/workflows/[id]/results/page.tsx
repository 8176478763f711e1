import type { Metadata } from "next";
import { ResultsPage } from "@/components/results/results-page";
import { uuidParam } from "@/server/page-params";

export const metadata: Metadata = { title: "Results" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <ResultsPage id={await uuidParam(params)} />;
}
