import type { Metadata } from "next";
import { ApiReference } from "@/components/settings/api-reference";
import { endpoints, fullPath, REST_BASE } from "@/server/rest/endpoints";
import { openApiDocument } from "@/server/rest/openapi";
import { systemVersion } from "@/server/software-identity";

export const metadata: Metadata = { title: "API reference" };

export default function Page() {
  return (
    <ApiReference
      base={REST_BASE}
      endpoints={endpoints.map((e) => ({ ...e, full: fullPath(e) }))}
      document={openApiDocument(systemVersion)}
    />
  );
}
