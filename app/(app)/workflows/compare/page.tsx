import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ComparePage } from "@/components/comparison/compare-page";
import { isUuid } from "@/server/ids";

export const metadata: Metadata = { title: "Compare runs" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const { a, b } = await searchParams;
  if (typeof a !== "string" || typeof b !== "string" || !isUuid(a) || !isUuid(b)) notFound();
  return <ComparePage a={a} b={b} />;
}
