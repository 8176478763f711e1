import { statusJson } from "@/server/rest/formats";
import { pathId, restRoute } from "@/server/rest/rest-route";
import { projectStatus } from "@/server/services/workflows/project-status";

export const GET = restRoute("viewer", async ({ params }) =>
  statusJson(await projectStatus(pathId(params, "project"))),
);
