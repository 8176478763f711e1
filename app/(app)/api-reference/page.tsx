import type { Metadata } from "next";
import { ApiReference } from "@/components/settings/api-reference";
import { endpoints, REST_BASE } from "@/server/rest/endpoints";
import { openApiDocument } from "@/server/rest/openapi";
import { systemVersion } from "@/server/services/health/system-health";

export const metadata: Metadata = { title: "API reference" };

export default function Page() {
  return <ApiReference base={REST_BASE} endpoints={endpoints} document={openApiDocument(systemVersion)} />;
}
