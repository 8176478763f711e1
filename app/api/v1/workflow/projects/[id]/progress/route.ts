import { componentsJson } from "@/server/rest/formats";
import { pathId, restRoute } from "@/server/rest/rest-route";
import { projectStatus } from "@/server/services/workflows/project-status";

export const GET = restRoute("viewer", async ({ params }) => {
  const s = await projectStatus(pathId(params, "project"));
  return {
    project_id: s.project.id,
    workflow_id: s.workflow?.id ?? null,
    overall_progress: s.workflow?.overallProgress ?? 0,
    components: componentsJson(s.workflow?.progress ?? {}),
    status: s.workflow?.state ?? "not_started",
  };
});
