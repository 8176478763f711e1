import type { Metadata } from "next";
import { RigPage } from "@/components/rig/rig-page";
import { uuidParam } from "@/server/page-params";

export const metadata: Metadata = { title: "Rig" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <RigPage id={await uuidParam(params)} />;
}
