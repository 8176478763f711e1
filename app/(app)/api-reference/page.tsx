import type { Metadata } from "next";
import { ApiReference } from "@/components/settings/api-reference";
import { systemVersion } from "@/server/services/health/system-health";

export const metadata: Metadata = { title: "API reference" };

export default function Page() {
  return <ApiReference version={systemVersion} />;
}
