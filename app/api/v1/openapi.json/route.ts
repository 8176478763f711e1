/** The OpenAPI 3.1 document of the REST API (open: it describes, it does not give access). */
import { openApiDocument } from "@/server/rest/openapi";
import { systemVersion } from "@/server/software-identity";

export function GET() {
  return Response.json(openApiDocument(systemVersion));
}
