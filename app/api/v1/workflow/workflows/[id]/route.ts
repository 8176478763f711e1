import { workflowJson } from "@/server/rest/formats";
import { pathId, restRoute } from "@/server/rest/rest-route";
import { getWorkflow } from "@/server/services/workflows/get-workflow";

export const GET = restRoute("viewer", async ({ params }) => ({
  workflow: workflowJson(await getWorkflow(pathId(params, "workflow"))),
}));
