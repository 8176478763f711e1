import type { Metadata } from "next";
import { RigsPage } from "@/components/rig/rigs-page";

export const metadata: Metadata = { title: "Rigs" };

export default function Page() {
  return <RigsPage />;
}
