import { restRoute } from "@/server/rest/rest-route";
import { listWorkflows } from "@/server/services/workflows/list-workflows";

export const GET = restRoute("viewer", async () => {
  const { runs } = await listWorkflows({ activeOnly: true, pageSize: 200 });
  return {
    workflows: runs.map((r) => ({
      workflow_id: r.id,
      name: r.name,
      firmware_version: r.firmwareVersion,
      software_id: r.softwareId,
      dry_run: r.dryRun,
      project_id: r.projectId,
      project_name: r.projectName,
      status: r.state,
      priority: r.priority,
      overall_progress: r.overallProgress,
      created_at: r.createdAt.toISOString(),
      started_at: r.startedAt?.toISOString() ?? null,
    })),
  };
});
