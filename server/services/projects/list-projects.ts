/** Lists projects, newest activity first; archived ones only on request. */
import { desc, eq } from "drizzle-orm";
import { latencyThresholds, projects } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";

export async function listProjects(options: { includeArchived: boolean }) {
  return getDb()
    .select({
      id: projects.id,
      name: projects.name,
      description: projects.description,
      cameraModel: projects.cameraModel,
      cameraView: projects.cameraView,
      signalType: projects.signalType,
      status: projects.status,
      updatedAt: projects.updatedAt,
      endToEndLatencyMs: latencyThresholds.endToEndLatencyMs,
    })
    .from(projects)
    .innerJoin(latencyThresholds, eq(latencyThresholds.projectId, projects.id))
    .where(options.includeArchived ? undefined : eq(projects.status, "active"))
    .orderBy(desc(projects.updatedAt), projects.name);
}
