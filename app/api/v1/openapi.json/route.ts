/** The OpenAPI 3.1 document of the REST API (open: it describes, it does not give access). */
import { openApiDocument } from "@/server/rest/openapi";
import { systemVersion } from "@/server/software-identity";
import { jsonResponse } from "@/server/web/json-response";

export function GET() {
  return jsonResponse(openApiDocument(systemVersion));
}
